import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceText } from '../engine/source.js';
import type { Edit, Span } from '../engine/types.js';
import { type ComposeEntry, type ComposeModel, type ComposeService, nodeSpan } from './compose.js';
import { addMapKey, removePair, replaceNode, scalarContent } from './compose-edit.js';

/**
 * Mounts of a Compose service, normalised: the short (`./src:/app:ro`) and long (`type: bind`,
 * `source:`) syntax of `volumes`, the `tmpfs` key, and `devices`. Values are interpolated the way
 * Compose does it; a variable whose value cannot be known stays a marker (`\0NAME\u0001`) so that
 * rules can tell "unknown" from any real path and never guess. Each item keeps where it is written
 * and, when it comes from an anchor (`<<: *x`, `volumes: *x`), the use site in the service.
 */

/** Start and end of the marker that stands for an unknown variable's value: `\0NAME\u0001`. */
export const UNKNOWN_START = '\u0000';
export const UNKNOWN_END = '\u0001';

/** A variable's value: a string when known, null when known to be unset, undefined when it cannot be known. */
export type VariableLookup = (name: string) => string | null | undefined;

const NO_VARIABLES: VariableLookup = () => undefined;

/** The variables the model knows: the `.env` next to the file; anything else is unknown. */
export function variablesOf(model: ComposeModel): VariableLookup {
  return model.env ?? NO_VARIABLES;
}

const MAX_NESTING = 8;

/**
 * Compose interpolation: `$$` → `$`; `$VAR`, `${VAR}` → the value, or a marker when unknown;
 * `${VAR:-default}`, `${VAR-default}` → the value, else the default (interpolated in turn);
 * `${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}` → the value or alternative when `VAR` is
 * known (a variable known to be unset reads as empty), a marker when not. Nested braces in defaults
 * are matched.
 */
export function interpolate(text: string, lookup: VariableLookup = NO_VARIABLES, depth = 0): string {
  if (!text.includes('$')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 1);
      if (close < 0) {
        out += text.slice(i);
        break;
      }
      out += braced(text.slice(i + 2, close), lookup, depth);
      i = close;
      continue;
    }
    const m = /^[A-Za-z_]\w*/.exec(text.slice(i + 1));
    if (!m) {
      out += c;
      continue;
    }
    const value = lookup(m[0]);
    out += value === undefined ? marker(m[0]) : (value ?? '');
    i += m[0].length;
  }
  return out;
}

function marker(name: string): string {
  return `${UNKNOWN_START}${name}${UNKNOWN_END}`;
}

/** Index of the `}` that closes the `{` at `open`, or -1. */
function matchingBrace(text: string, open: number): number {
  let level = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') level++;
    else if (text[i] === '}' && --level === 0) return i;
  }
  return -1;
}

function braced(body: string, lookup: VariableLookup, depth: number): string {
  const m = /^([A-Za-z_]\w*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!m) return marker(body);
  const [, name, op, word = ''] = m;
  const value = lookup(name);
  if (op === ':-' || op === '-') {
    if (typeof value === 'string' && (op === '-' || value !== '')) return value;
    // Unset or unknown: Compose uses the default when the variable is unset, as the project's rules read it.
    return depth < MAX_NESTING ? interpolate(word, lookup, depth + 1) : marker(name);
  }
  if (value === undefined) return marker(name);
  if (op === ':+' || op === '+') {
    const set = value !== null && (op === '+' || value !== '');
    return set && depth < MAX_NESTING ? interpolate(word, lookup, depth + 1) : '';
  }
  // `${X}`, `${X:?err}`, `${X?err}`: the value; unset reads as empty (or stops Compose with the error).
  return value ?? '';
}

/** True when an interpolated text holds a value that could not be known. */
export function hasUnknown(text: string): boolean {
  return text.includes(UNKNOWN_START);
}

/** An interpolated text for messages: unknown values shown as `${NAME}`. */
export function display(text: string): string {
  return text.replace(/\u0000(\w*)\u0001/g, (_m, name: string) => `\${${name}}`);
}

/** `//etc/./ssl/` → `/etc/ssl`, backslashes read as slashes; relative paths stay relative. */
export function normalisePath(path: string): string {
  const p = path.replace(/\\/g, '/');
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && absolute) out.pop();
    else out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/') || (absolute ? '/' : '.');
}

/**
 * What a short-syntax source is, the way Compose decides it: a path (`/`, `.`, `~`, a Windows drive
 * or UNC path) is a bind mount, a name is a named volume. A source that starts with an unknown
 * variable is a bind when a slash follows (volume names have none), else it cannot be told.
 */
export function sourceKind(source: string): 'bind' | 'volume' | 'unknown' {
  if (/^(?:[/.~\\]|[A-Za-z]:[\\/])/.test(source)) return 'bind';
  if (source.startsWith(UNKNOWN_START)) return /[/\\]/.test(source) ? 'bind' : 'unknown';
  return hasUnknown(source) ? 'unknown' : 'volume';
}

/**
 * Splits `source:target[:mode]` at colons, except the colon of a Windows drive (`C:\x`, `c:/x`) and
 * colons inside `${…}` (raw text, before interpolation).
 */
export function splitShortSyntax(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === '$' && spec[i + 1] === '{') {
      const close = matchingBrace(spec, i + 1);
      if (close > 0) {
        cur += spec.slice(i, close + 1);
        i = close;
        continue;
      }
    }
    if (c === ':' && !(cur.length === 1 && /[A-Za-z]/.test(cur) && /[\\/]/.test(spec[i + 1] ?? ''))) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Booleans as Compose reads them after interpolation (`y`, `yes`, `true`, `on`, any case). */
const TRUE_WORDS = /^(?:y|yes|true|on)$/i;
const FALSE_WORDS = /^(?:n|no|false|off)$/i;

/** A scalar's text after interpolation (numbers and booleans as written); undefined for collections, null or unknown values. */
export function stringValue(model: ComposeModel, node: unknown): string | undefined {
  const n = model.resolve(node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  if (typeof n.value !== 'string') return String(n.value);
  const value = interpolate(n.value, variablesOf(model));
  return hasUnknown(value) ? undefined : value;
}

/** A boolean as Compose reads it; undefined when missing, unknown or not a boolean. */
export function boolValue(model: ComposeModel, node: unknown): boolean | undefined {
  const n = model.resolve(node);
  if (isScalar(n) && typeof n.value === 'boolean') return n.value;
  const text = stringValue(model, n)?.trim();
  if (text === undefined) return undefined;
  if (TRUE_WORDS.test(text)) return true;
  if (FALSE_WORDS.test(text)) return false;
  return undefined;
}

/** The value node of `key` in a mapping (following an alias to the mapping). */
export function mapGet(model: ComposeModel, map: unknown, key: string): Node | undefined {
  const m = model.resolve(map);
  if (!isMap(m)) return undefined;
  return m.items.find((p) => isScalar(p.key) && p.key.value === key)?.value as Node | undefined;
}

function mapPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/** The use site of an entry that the service gets through a merge or an alias; undefined when written in place. */
export function useSiteOf(entry: ComposeEntry): Span | undefined {
  if (entry.inheritedFrom) return entry.span;
  if (isAlias(entry.value)) return nodeSpan(entry.value);
  return undefined;
}

/** One sequence item of an entry, as written and resolved. */
interface Item {
  node: Node;
  span: Span;
}

function itemsOf(model: ComposeModel, value: unknown, allowScalar: boolean): Item[] {
  const n = model.resolve(value);
  if (isSeq(n)) {
    const out: Item[] = [];
    for (const written of n.items as Node[]) {
      const node = model.resolve(written);
      const span = nodeSpan(written);
      if (node && span) out.push({ node, span });
    }
    return out;
  }
  const span = nodeSpan(n);
  return allowScalar && isScalar(n) && span ? [{ node: n, span }] : [];
}

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image' | 'unknown';

export interface ComposeMount {
  /** The service key the mount is written under. */
  key: 'volumes' | 'tmpfs';
  syntax: 'short' | 'long';
  type: MountType;
  /** Interpolated; undefined for an anonymous volume or a tmpfs. */
  source?: string;
  target?: string;
  /** True with `ro`/`read_only: true`, false when writable, undefined when it cannot be known. */
  readOnly: boolean | undefined;
  /** Short syntax: the mode's options (`ro`, `z`, `rshared`…); `tmpfs`: its mount options. */
  options: string[];
  /** `rshared`, `slave`…: from the short mode or `bind.propagation`. */
  propagation?: string;
  /** The host path behind the mount: a bind's source, or the device of a named volume that is a bind. */
  hostPath?: string;
  /** Set when `hostPath` comes from a named volume's `driver_opts.device`. */
  volumeDevice?: { volume: string; span: Span };
  /** The item, resolved: a scalar (short syntax) or a mapping (long syntax). */
  node: Node;
  /** Where the item is written. */
  itemSpan: Span;
  /** Long syntax: the `source:` value. */
  sourceSpan?: Span;
  /** Set when the service gets the item through an anchor: where to report instead of `itemSpan`. */
  useSite?: Span;
  entry: ComposeEntry;
}

/** Where the mount is written: the `source:` of a long-syntax mount, else the item. */
export function writtenSpan(m: ComposeMount): Span {
  return m.sourceSpan ?? m.itemSpan;
}

/** Where a finding about a mount goes: its use site in the service, else where it is written. */
export function mountSpan(m: ComposeMount): Span {
  return m.useSite ?? writtenSpan(m);
}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/**
 * The top-level named volumes by name (the first of each name), per model: every mount of every
 * service looks its volume up, and a search of the mapping per mount was quadratic.
 */
const namedVolumes = new WeakMap<ComposeModel, Map<string, Node | undefined>>();
function namedVolume(model: ComposeModel, name: string): Node | undefined {
  let byName = namedVolumes.get(model);
  if (!byName) {
    byName = new Map();
    const volumes = model.resolve(mapGet(model, model.doc?.contents, 'volumes'));
    if (isMap(volumes)) {
      for (const p of volumes.items) if (isScalar(p.key) && typeof p.key.value === 'string' && !byName.has(p.key.value)) byName.set(p.key.value, p.value as Node | undefined);
    }
    namedVolumes.set(model, byName);
  }
  return byName.get(name);
}

/** `driver_opts.device` of a top-level named volume that is really a bind mount (`o: bind`). */
export function namedVolumeBind(model: ComposeModel, name: string): { path: string; span: Span } | undefined {
  const vol = namedVolume(model, name);
  const opts = mapGet(model, vol, 'driver_opts');
  if (!isMap(model.resolve(opts))) return undefined;
  const o = stringValue(model, mapGet(model, opts, 'o'));
  const device = mapGet(model, opts, 'device');
  const raw = model.resolve(device);
  const span = nodeSpan(device);
  if (!o || !/(?:^|,)\s*r?bind\s*(?:,|$)/.test(o) || !isScalar(raw) || typeof raw.value !== 'string' || !span) return undefined;
  return { path: interpolate(raw.value, variablesOf(model)), span };
}

function withHostPath(model: ComposeModel, mount: ComposeMount): ComposeMount {
  if ((mount.type === 'bind' || mount.type === 'npipe') && mount.source !== undefined) mount.hostPath = mount.source;
  else if (mount.type === 'volume' && mount.source) {
    const dev = namedVolumeBind(model, mount.source);
    if (dev) {
      mount.hostPath = dev.path;
      mount.volumeDevice = { volume: mount.source, span: dev.span };
    }
  }
  return mount;
}

function shortVolume(model: ComposeModel, item: Item, text: string, base: Pick<ComposeMount, 'entry' | 'useSite'>): ComposeMount {
  // Compose interpolates first and parses the result.
  const parts = splitShortSyntax(interpolate(text, variablesOf(model)));
  const mount: ComposeMount = { key: 'volumes', syntax: 'short', type: 'volume', readOnly: false, options: [], node: item.node, itemSpan: item.span, ...base };
  if (parts.length === 1) {
    mount.target = parts[0];
    return mount;
  }
  const [source, target, mode = ''] = parts;
  mount.source = source;
  mount.target = target;
  mount.options = mode ? mode.split(',').map((o) => o.trim()) : [];
  mount.type = sourceKind(source);
  mount.readOnly = hasUnknown(mode) ? undefined : mount.options.includes('ro');
  mount.propagation = mount.options.find((o) => PROPAGATION.has(o));
  return withHostPath(model, mount);
}

function longVolume(model: ComposeModel, item: Item & { node: YAMLMap }, base: Pick<ComposeMount, 'entry' | 'useSite'>): ComposeMount | undefined {
  const map = item.node;
  const get = (key: string) => mapGet(model, map, key);
  const sourceNode = get('source');
  const rawSource = model.resolve(sourceNode);
  const source = isScalar(rawSource) && typeof rawSource.value === 'string' ? interpolate(rawSource.value, variablesOf(model)) : undefined;
  const typeText = stringValue(model, get('type'));
  let type: MountType;
  if (typeText === undefined) type = source === undefined ? 'unknown' : sourceKind(source);
  else type = (['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'] as const).find((t) => t === typeText) ?? 'unknown';
  const target = stringValue(model, get('target'));
  const ro = get('read_only');
  const mount: ComposeMount = {
    key: 'volumes',
    syntax: 'long',
    type,
    source,
    target,
    readOnly: ro === undefined ? false : boolValue(model, ro),
    options: [],
    propagation: stringValue(model, mapGet(model, get('bind'), 'propagation')),
    node: map,
    itemSpan: item.span,
    sourceSpan: nodeSpan(sourceNode),
    ...base,
  };
  return withHostPath(model, mount);
}

/** Mounts by service (a service object belongs to one version of a file): several rules read them. */
const volumesBySvc = new WeakMap<ComposeService, ComposeMount[]>();

/** The service's `volumes`, short and long syntax (shared between rules: do not change the result). */
export function volumesOf(model: ComposeModel, svc: ComposeService): ComposeMount[] {
  let mounts = volumesBySvc.get(svc);
  if (!mounts) volumesBySvc.set(svc, (mounts = readVolumes(model, svc)));
  return mounts;
}

function readVolumes(model: ComposeModel, svc: ComposeService): ComposeMount[] {
  const entry = svc.get('volumes');
  if (!entry) return [];
  const base = { entry, useSite: useSiteOf(entry) };
  const mounts: ComposeMount[] = [];
  for (const item of itemsOf(model, entry.value, false)) {
    const node = item.node;
    if (isScalar(node) && typeof node.value === 'string') mounts.push(shortVolume(model, item, node.value, base));
    else if (isMap(node)) {
      const m = longVolume(model, { ...item, node }, base);
      if (m) mounts.push(m);
    }
  }
  return mounts;
}

/** The service's `tmpfs` (a path or a list of `path[:options]`). */
export function tmpfsOf(model: ComposeModel, svc: ComposeService): ComposeMount[] {
  const entry = svc.get('tmpfs');
  if (!entry) return [];
  const useSite = useSiteOf(entry);
  const mounts: ComposeMount[] = [];
  for (const item of itemsOf(model, entry.value, true)) {
    const node = item.node;
    if (!isScalar(node) || typeof node.value !== 'string') continue;
    // Docker splits a tmpfs spec at its first colon: `/run:rw,size=64m`.
    const text = interpolate(node.value, variablesOf(model));
    const colon = text.indexOf(':');
    const target = colon < 0 ? text : text.slice(0, colon);
    const optionText = colon < 0 ? '' : text.slice(colon + 1);
    const options = optionText ? optionText.split(',').map((o) => o.trim()) : [];
    mounts.push({
      key: 'tmpfs',
      syntax: 'short',
      type: 'tmpfs',
      target,
      readOnly: hasUnknown(optionText) ? undefined : options.includes('ro'),
      options,
      node,
      itemSpan: item.span,
      useSite,
      entry,
    });
  }
  return mounts;
}

/** Every mount of the service: `volumes` then `tmpfs`. */
export function mountsOf(model: ComposeModel, svc: ComposeService): ComposeMount[] {
  return [...volumesOf(model, svc), ...tmpfsOf(model, svc)];
}

export interface ComposeDevice {
  syntax: 'short' | 'long';
  /** Host device path (interpolated); for a CDI device (`vendor.com/gpu=all`), its name. */
  source: string;
  target?: string;
  /** Cgroup permissions (`rwm`), when given. */
  permissions?: string;
  /** A Container Device Interface name rather than a host path. */
  cdi: boolean;
  node: Node;
  itemSpan: Span;
  sourceSpan?: Span;
  useSite?: Span;
  entry: ComposeEntry;
}

/** The service's `devices`: `HOST[:CONTAINER[:PERMISSIONS]]`, `HOST:PERMISSIONS`, CDI names and the long syntax. */
export function devicesOf(model: ComposeModel, svc: ComposeService): ComposeDevice[] {
  const entry = svc.get('devices');
  if (!entry) return [];
  const useSite = useSiteOf(entry);
  const devices: ComposeDevice[] = [];
  for (const item of itemsOf(model, entry.value, false)) {
    const node = item.node;
    if (isScalar(node) && typeof node.value === 'string') {
      const text = interpolate(node.value, variablesOf(model)).trim();
      if (!text) continue;
      if (!text.startsWith('/') && /^[^:]*=/.test(text)) {
        devices.push({ syntax: 'short', source: text, cdi: true, node, itemSpan: item.span, useSite, entry });
        continue;
      }
      const parts = splitShortSyntax(text);
      let [source, target, permissions] = parts as (string | undefined)[];
      if (parts.length === 2 && /^[rwm]+$/.test(parts[1])) [target, permissions] = [undefined, parts[1]];
      devices.push({ syntax: 'short', source: source ?? '', target, permissions, cdi: false, node, itemSpan: item.span, useSite, entry });
    } else if (isMap(node)) {
      const sourceNode = mapGet(model, node, 'source');
      const raw = model.resolve(sourceNode);
      if (!isScalar(raw) || typeof raw.value !== 'string') continue;
      devices.push({
        syntax: 'long',
        source: interpolate(raw.value, variablesOf(model)),
        target: stringValue(model, mapGet(model, node, 'target')),
        permissions: stringValue(model, mapGet(model, node, 'permissions')),
        cdi: false,
        node,
        itemSpan: item.span,
        sourceSpan: nodeSpan(sourceNode),
        useSite,
        entry,
      });
    }
  }
  return devices;
}

/**
 * Rewrites the options of a short-syntax mount (`/a:/b:ro,z` for volumes, `/run:exec,size=1m` for
 * tmpfs) to `options`, dropping the colon when none are left. Only the options are touched, so the
 * source and target stay as written (variables included). Undefined when the scalar cannot be edited
 * in place (escapes, a block scalar, a variable in the options) or the mount is not short syntax.
 */
export function setShortOptions(file: SourceText, mount: ComposeMount, options: string[]): Edit | undefined {
  if (mount.syntax !== 'short' || !isScalar(mount.node)) return undefined;
  const content = scalarContent(file, mount.node);
  if (!content) return undefined;
  const raw = file.text.slice(content.start, content.end);
  let head: string;
  if (mount.key === 'tmpfs') {
    // A tmpfs spec splits at its first colon; the one in a `${VAR:-x}` target does not count.
    head = splitShortSyntax(raw)[0];
  } else {
    const parts = splitShortSyntax(raw);
    if (parts.length < 2 || parts.length > 3) return undefined;
    head = `${parts[0]}:${parts[1]}`;
  }
  const tail = raw.slice(head.length);
  if (tail.includes('$')) return undefined;
  const text = options.length > 0 ? `:${options.join(',')}` : '';
  if (text === tail) return undefined;
  return { start: content.start + head.length, end: content.end, text };
}

/** Sets `read_only: true` on a long-syntax mount: replaces a `read_only` value or adds the key. */
export function setLongReadOnly(file: SourceText, mount: ComposeMount): Edit | undefined {
  if (mount.syntax !== 'long' || !isMap(mount.node)) return undefined;
  const pair = mapPair(mount.node, 'read_only');
  if (pair) return isAlias(pair.value) ? undefined : replaceNode(pair.value as Node, 'true');
  return addMapKey(file, { keySpan: mount.itemSpan, node: mount.node }, 'read_only', { scalar: 'true' });
}

/** Removes `bind.propagation` from a long-syntax mount, and `bind:` with it when nothing else is in it. */
export function removeLongPropagation(file: SourceText, mount: ComposeMount): Edit | undefined {
  if (mount.syntax !== 'long' || !isMap(mount.node)) return undefined;
  const bindPair = mapPair(mount.node, 'bind');
  const bind = bindPair?.value;
  if (!bindPair || !isMap(bind)) return undefined;
  const pair = mapPair(bind, 'propagation');
  if (!pair) return undefined;
  const others = bind.items.filter((p) => p !== pair);
  return others.length === 0 ? removePair(file, mount.node, bindPair) : removePair(file, bind, pair);
}

/** Related information for an entry the service gets from an anchor: where it is written. */
export function mergedFrom(entry: ComposeEntry, service: string): { span: Span; message: string }[] | undefined {
  return entry.inheritedFrom ? [{ span: entry.inheritedFrom, message: `${entry.key} is set here and merged into ${service}` }] : undefined;
}

/** The items of a list value, each resolved with where it is written; a lone scalar counts as one item. */
export function listItems(model: ComposeModel, value: unknown): { node: Node; span: Span }[] {
  return itemsOf(model, value, true);
}

/** The items of a list-valued entry (see listItems). */
export function entryItems(model: ComposeModel, entry: ComposeEntry | undefined): { node: Node; span: Span }[] {
  return entry ? itemsOf(model, entry.value, true) : [];
}
