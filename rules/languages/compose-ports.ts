import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Edit, Span } from '../engine/types.js';
import { type ComposeEntry, type ComposeModel, type ComposeService, nodeSpan } from './compose.js';
import { addMapKey, detectSeqIndent } from './compose-edit.js';
import { type EnvLookup, interpolate as composeInterpolate } from './compose-interpolate.js';
import { substitute } from './substitute.js';

/**
 * Normalised views of Compose service keys that have a short and a long syntax: `ports`
 * (`[ip:][host[-end]:]container[-end][/proto]`, IPv6 in brackets or not, and the long
 * `{target, published, host_ip, protocol}`), `environment` and `build.args` (list `KEY=value` and
 * map `KEY: value`), plus the few lookups several rules share (nested keys through `<<` merges,
 * same-file `extends`, every string a service holds).
 *
 * Every item carries two places: where a finding goes (`span`, the use site: the alias or merge
 * key in the service when the item was written in an anchor) and where it is written (`itemSpan`).
 * `editable` says the item is written right in the service, so a fix may change it there.
 *
 * Values that use `${VAR}` are interpolated in one of two ways: as Compose will run them (against
 * the project's `.env`: ports, images, limits) or as the file commits them (defaults count, for
 * secrets). A variable that cannot be known makes the value unknown: marked, never guessed.
 */

// ---------------------------------------------------------------------------------------------
// Interpolation

/** Marks where an unknown variable's value goes in an interpolated text: `\0NAME\u0001`. */
export const UNKNOWN_START = '\u0000';
export const UNKNOWN_END = '\u0001';

export interface Interpolated {
  /** The text with known values substituted and each unknown variable replaced by a marker. */
  text: string;
  /** True when some variable could not be known. */
  unknown: boolean;
}

const mark = (name: string) => `${UNKNOWN_START}${name}${UNKNOWN_END}`;

/** Replaces `${NAME}` and `$NAME` (not `$${…}`, not `${NAME:-…}`) by an unknown-variable marker. */
function markBareVariables(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') {
      out += text[i];
      continue;
    }
    if (text[i + 1] === '$') {
      out += '$$';
      i++;
      continue;
    }
    const m = /^\{(\w+)\}|^(\w+)/.exec(text.slice(i + 1, i + 1 + 300));
    if (!m) {
      out += '$';
      continue;
    }
    out += mark(m[1] ?? m[2]);
    i += m[0].length;
  }
  return out;
}

/**
 * The text as the file commits it: `${VAR:-default}` gives its default (the default ships), a
 * variable without one is unknown and marked where its value goes. For rules about what is written
 * in the file (secrets): a `${VAR}` is not a literal, whatever `.env` says.
 */
export function interpolate(text: string): Interpolated {
  const plain = substitute(text, () => undefined, '$');
  if (!plain.unknown) return { text: plain.value, unknown: false };
  // `${VAR:?err}` and other forms substitute() does not read stay unknown even without a marker.
  return { text: substitute(markBareVariables(text), () => undefined, '$').value, unknown: true };
}

/**
 * The text as Compose will run it, against `lookup` (the project's `.env`, see `envOf`): a
 * variable the project does not define is unknown — also when it has a default, since the shell
 * that runs Compose may set it — and marked where its value goes.
 */
export function interpolateWith(text: string, lookup: EnvLookup): Interpolated {
  if (!text.includes('$')) return { text, unknown: false };
  const full = composeInterpolate(text, lookup);
  if (!full.unknown && full.errors.length === 0) return { text: full.value, unknown: false };
  const marked = substitute(
    text,
    (name) => {
      const v = lookup(name);
      return v === undefined ? mark(name) : (v ?? '');
    },
    '$',
  );
  return { text: marked.value, unknown: true };
}

/** The variables of the file's project (its `.env`); every other variable is unknown. */
export function envOf(model: ComposeModel): EnvLookup {
  return (name) => model.env?.(name);
}

/** Interpolation against the project's `.env`: what Compose will run (see `interpolateWith`). */
export function interpolateWithEnv(model: ComposeModel, text: string): Interpolated {
  return interpolateWith(text, envOf(model));
}

export function hasUnknown(text: string): boolean {
  return text.includes(UNKNOWN_START);
}

/** An interpolated text for messages: unknown variables shown as `${NAME}`. */
export function displayText(text: string): string {
  return text.replace(/\u0000(\w*)\u0001/g, (_m, name: string) => `\${${name}}`);
}

// ---------------------------------------------------------------------------------------------
// Where items are reported

/** Where a finding about an item goes, and whether a fix may edit the item in place. */
export interface UseSite {
  /** Report here: the item, or the alias/merge key in the service that brought it in. */
  span: Span;
  /** The item as written in the file (equals `span` when written in the service). */
  itemSpan: Span;
  /** Set when the item was written elsewhere (an anchor): where. */
  inheritedFrom?: Span;
  /** True when the item is written right in this service, not through an alias or merge. */
  editable: boolean;
}

/** The use site of a service entry's value: the merge alias or value alias, if any. */
function entryUseSite(entry: ComposeEntry): Span | undefined {
  if (entry.inheritedFrom) return entry.span;
  if (isAlias(entry.value)) return nodeSpan(entry.value);
  return undefined;
}

function useSiteOf(model: ComposeModel, written: Node, outer: Span | undefined): UseSite | undefined {
  const itemSpan = nodeSpan(written);
  if (!itemSpan) return undefined;
  if (outer) return { span: outer, itemSpan, inheritedFrom: itemSpan, editable: false };
  // An alias item (`- *port`): reported at the alias, written at its anchor.
  if (isAlias(written)) return { span: itemSpan, itemSpan, inheritedFrom: nodeSpan(model.resolve(written)) ?? itemSpan, editable: false };
  return { span: itemSpan, itemSpan, editable: true };
}

// ---------------------------------------------------------------------------------------------
// Nested keys

/**
 * A key of a mapping (following aliases and `<<` merges; own keys win, then merges in order).
 * `via` is the merge source in this mapping that brought a merged key in (its use site).
 */
export function mapPair(
  model: ComposeModel,
  node: unknown,
  key: string,
  depth = 0,
  // A mapping merged twice (or merging itself) has nothing new the second time: without this, 3^16 walks.
  visited: Set<YAMLMap> = new Set(),
): { pair: Pair; merged: boolean; via?: Span } | undefined {
  const map = model.resolve(node);
  if (!isMap(map) || depth > 16 || visited.has(map)) return undefined;
  visited.add(map);
  const merges: Pair[] = [];
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if (typeof pair.key.value === 'symbol') merges.push(pair);
    else if (String(pair.key.value) === key) return { pair, merged: false };
  }
  for (const merge of merges) {
    const value = merge.value as Node | null;
    for (const src of isSeq(value) ? (value.items as Node[]) : [value]) {
      const found = mapPair(model, src, key, depth + 1, visited);
      if (found) return { pair: found.pair, merged: true, via: nodeSpan(src) ?? nodeSpan(merge.key as Node) };
    }
  }
  return undefined;
}

/** The value node at a key path below `node` (`['resources', 'limits', 'memory']`), following aliases and merges. */
export function pathValue(model: ComposeModel, node: unknown, path: readonly string[]): Node | null | undefined {
  let cur: unknown = node;
  for (const key of path) {
    const found = mapPair(model, cur, key);
    if (!found) return undefined;
    cur = found.pair.value;
  }
  return (cur as Node | null) ?? null;
}

/** A nested service key (`deploy.resources.limits.memory`): the top entry and the value at the path. */
export function serviceValue(model: ComposeModel, svc: ComposeService, path: readonly string[]): { entry: ComposeEntry; value: Node | null } | undefined {
  const entry = svc.get(path[0]);
  if (!entry) return undefined;
  const value = path.length === 1 ? entry.value : pathValue(model, entry.value, path.slice(1));
  return value === undefined ? undefined : { entry, value: value ?? null };
}

/** The service a service `extends` in this file; `unknown` for another file or a name that cannot be read. */
export function extendedService(model: ComposeModel, svc: ComposeService): ComposeService | 'unknown' | undefined {
  const ext = svc.get('extends');
  if (!ext) return undefined;
  const target = model.resolve(ext.value);
  let name: unknown;
  if (isScalar(target)) name = target.value;
  else if (isMap(target)) {
    if (mapPair(model, target, 'file')) return 'unknown';
    name = model.resolve(mapPair(model, target, 'service')?.pair.value);
    name = isScalar(name) ? name.value : undefined;
  }
  if (typeof name !== 'string' || name.includes('$')) return 'unknown';
  const base = model.service(name);
  return base && base !== svc ? base : 'unknown';
}

/**
 * Whether a service has one of these key paths: `yes`, `no`, or `unknown` (part of its configuration
 * cannot be read). Looks at the service as Compose runs it when the model can tell (`extends` from
 * any file, `include`, override files), and at same-file `extends` and merges in any case.
 */
export function hasServiceValue(model: ComposeModel, svc: ComposeService, paths: readonly (readonly string[])[]): 'yes' | 'no' | 'unknown' {
  let local: 'yes' | 'no' | 'unknown' = 'no';
  const seen = new Set<ComposeService>();
  for (let cur: ComposeService | 'unknown' | undefined = svc; cur; cur = extendedService(model, cur)) {
    if (cur === 'unknown' || seen.has(cur) || seen.size > 16) {
      local = 'unknown';
      break;
    }
    seen.add(cur);
    if (paths.some((path) => serviceValue(model, cur as ComposeService, path))) return 'yes';
  }
  const effective = typeof model.effective === 'function' ? model.effective(svc.name) : undefined;
  if (!effective) return local;
  for (const path of paths) {
    let value = effective.get(path[0]);
    for (const key of path.slice(1)) value = value?.field(key);
    if (value) return 'yes';
  }
  // Compose's own reading decides when it is complete (it follows extends into other files too).
  return effective.complete ? 'no' : 'unknown';
}

/** A scalar's value as Compose reads it: the source text for plain scalars (`true`, `0800`), else the string. */
export function scalarString(model: ComposeModel, node: unknown): string | undefined {
  const n = model.resolve(node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  if (typeof n.value === 'string') return n.value;
  // `0800`, `1e3`, `yes`: the text as written, as Compose's YAML reader passes it on.
  if (n.type === 'PLAIN' && n.range) return model.file.text.slice(n.range[0], n.range[1]);
  return String(n.value);
}

// ---------------------------------------------------------------------------------------------
// Ports

export interface PortRange {
  start: number;
  end: number;
}

export interface PortMapping extends UseSite {
  syntax: 'short' | 'long';
  /** The item as written (an alias stays an alias). */
  written: Node;
  /** The item after following aliases. */
  node: Node | null;
  /** Short syntax: the interpolated text. */
  text?: string;
  /** Host IP without brackets: '' when none is given; undefined when unknown. */
  hostIp: string | undefined;
  /** Host ports: null when none is given (Docker picks a random one); undefined when unknown. */
  published: PortRange | null | undefined;
  /** Container ports; undefined when unknown or invalid. */
  target: PortRange | undefined;
  /** Lower-case protocol (`tcp` when none is given); undefined when unknown. */
  protocol: string | undefined;
  /** Long syntax: the pairs as written in the item. */
  fields?: Partial<Record<'target' | 'published' | 'host_ip' | 'protocol' | 'mode', Pair>>;
}

/** A port or range: `80`, `8000-8010`; undefined when it is not one. */
export function parsePortRange(text: string): PortRange | undefined {
  const m = /^\s*(\d{1,5})(?:\s*-\s*(\d{1,5}))?\s*$/.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start > 65535 || end > 65535 || end < start) return undefined;
  return { start, end };
}

/** True for an address that means every interface: `0.0.0.0`, `::`, `[::]`, `0:0:…:0`. */
export function isUnspecifiedIp(ip: string): boolean {
  const s = ip.trim().replace(/^\[(.*)\]$/, '$1');
  if (s === '0.0.0.0') return true;
  return s.includes(':') && /^[0:]+$/.test(s);
}

/** True when the mapping is known to listen on every host interface (no host IP, or an unspecified one). */
export function bindsAllInterfaces(p: PortMapping): boolean {
  return p.hostIp !== undefined && (p.hostIp === '' || isUnspecifiedIp(p.hostIp));
}

interface ShortPort {
  hostIp: string | undefined;
  published: PortRange | null | undefined;
  target: PortRange | undefined;
  protocol: string | undefined;
  /** Offsets of the host IP in the text, brackets included (when one is given). */
  ipSpan?: Span;
}

/**
 * The short syntax as Docker splits it (go-connections `nat.ParsePortSpec`): the last part is the
 * container port, the one before it the host port, anything before that the IP (brackets optional
 * for IPv6). `text` is interpolated; a part holding an unknown variable is unknown, and so is the
 * IP when a variable could hold one (`${HOST_PORT}:80` may be `127.0.0.1:8080:80`).
 */
export function parseShortPort(text: string): ShortPort {
  const parts = text.split(':');
  const n = parts.length;
  let containerPart = parts[n - 1];
  let protocol: string | undefined = 'tcp';
  const slash = containerPart.indexOf('/');
  if (slash >= 0) {
    protocol = containerPart.slice(slash + 1).toLowerCase();
    containerPart = containerPart.slice(0, slash);
    if (hasUnknown(protocol)) protocol = undefined;
  }
  const hostPart = n >= 2 ? parts[n - 2] : undefined;
  const ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const ipSpan = n >= 3 ? { start: 0, end: ip.length } : undefined;
  const varied = hasUnknown(text);
  let hostIp: string | undefined = ip.replace(/^\[(.*)\]$/, '$1');
  // With a variable in the text, only a written IPv4 or bracketed IPv6 address in front is certain.
  if (varied && !(n >= 3 && !hasUnknown(ip) && (/^[\d.]+$/.test(ip) || /^\[[^\]]*\]$/.test(ip)))) hostIp = undefined;
  const target = hasUnknown(containerPart) ? undefined : parsePortRange(containerPart);
  let published: PortRange | null | undefined;
  if (hostPart === undefined || hostPart.trim() === '') published = null;
  else published = hasUnknown(hostPart) ? undefined : parsePortRange(hostPart);
  if (varied && hostIp === undefined) published = published === null ? undefined : published;
  return { hostIp, published, target, protocol, ipSpan };
}

const LONG_PORT_KEYS = ['target', 'published', 'host_ip', 'protocol', 'mode'] as const;

/** Ports by service (a service object belongs to one version of a file), as the project's `.env` reads them. */
const portsBySvc = new WeakMap<ComposeService, PortMapping[]>();

/**
 * The service's `ports`, normalised. Items that are neither a port string, a number nor a mapping
 * are skipped. Without `lookup`, shared between rules: do not change the result.
 */
export function portMappings(model: ComposeModel, svc: ComposeService, lookup?: EnvLookup): PortMapping[] {
  if (lookup) return readPorts(model, svc, lookup);
  let ports = portsBySvc.get(svc);
  if (!ports) portsBySvc.set(svc, (ports = readPorts(model, svc, envOf(model))));
  return ports;
}

function readPorts(model: ComposeModel, svc: ComposeService, lookup: EnvLookup): PortMapping[] {
  const entry = svc.get('ports');
  if (!entry) return [];
  const seq = model.resolve(entry.value);
  if (!isSeq(seq)) return [];
  const outer = entryUseSite(entry);
  const out: PortMapping[] = [];
  for (const written of seq.items as Node[]) {
    const site = useSiteOf(model, written, outer);
    const node = model.resolve(written);
    if (!site || !node) continue;
    if (isScalar(node)) {
      const raw = scalarString(model, node);
      if (raw === undefined) continue;
      const { text } = interpolateWith(raw, lookup);
      const short = parseShortPort(text.trim());
      out.push({ ...site, syntax: 'short', written, node, text, ...short });
    } else if (isMap(node)) {
      const fields: PortMapping['fields'] = {};
      for (const key of LONG_PORT_KEYS) {
        const found = mapPair(model, node, key);
        if (found) fields[key] = found.pair;
      }
      const read = (key: (typeof LONG_PORT_KEYS)[number]): string | null | undefined => {
        const pair = fields[key];
        if (!pair) return null;
        const s = scalarString(model, pair.value);
        if (s === undefined) return undefined;
        const v = interpolateWith(s, lookup);
        return v.unknown ? undefined : v.text.trim();
      };
      const t = read('target');
      const p = read('published');
      const ip = read('host_ip');
      const proto = read('protocol');
      out.push({
        ...site,
        syntax: 'long',
        written,
        node,
        fields,
        hostIp: ip === null ? '' : ip,
        published: p === null || p === '' ? null : p === undefined ? undefined : parsePortRange(p),
        target: typeof t === 'string' ? parsePortRange(t) : undefined,
        protocol: proto === null ? 'tcp' : proto?.toLowerCase(),
      });
    }
  }
  return out;
}

/**
 * The edit that binds a mapping to the loopback address, keeping the item's quoting: `"8080:80"` →
 * `"127.0.0.1:8080:80"`, `"80"` → `"127.0.0.1::80"` (still a random host port), `0.0.0.0:…` →
 * `127.0.0.1:…`, `[::]:…` → `[::1]:…`, long syntax gets `host_ip: 127.0.0.1`. Undefined for items
 * not written in the service itself, or whose text holds variables or escapes.
 */
export function bindLoopbackEdit(model: ComposeModel, p: PortMapping): { edit: Edit; address: string } | undefined {
  if (!p.editable) return undefined;
  const { file } = model;
  const node = p.node;
  if (p.syntax === 'short' && isScalar(node)) {
    if (typeof node.value === 'number' && p.target && p.hostIp === '') {
      const r = node.range;
      return r ? { edit: { start: r[0], end: r[1], text: `"127.0.0.1::${formatRange(p.target)}"` }, address: '127.0.0.1' } : undefined;
    }
    const content = scalarContentSpan(model, node);
    const text = p.text;
    if (!content || typeof node.value !== 'string' || node.value.includes('$') || text === undefined || text !== text.trim()) return undefined;
    if (p.hostIp === '') {
      const prefix = p.published === null && !text.includes(':') ? '127.0.0.1::' : '127.0.0.1:';
      if (node.type === 'PLAIN' && !text.includes(':')) {
        // A plain scalar that gains its first colons is quoted, so flow sequences and YAML 1.1 readers stay happy.
        const r = node.range;
        return r ? { edit: { start: r[0], end: r[1], text: JSON.stringify(prefix + text) }, address: '127.0.0.1' } : undefined;
      }
      return { edit: { start: content.start, end: content.start, text: prefix }, address: '127.0.0.1' };
    }
    const ip = parseShortPort(text).ipSpan;
    if (!ip || p.hostIp === undefined || !isUnspecifiedIp(p.hostIp)) return undefined;
    const written = text.slice(ip.start, ip.end);
    const v6 = p.hostIp.includes(':');
    const replacement = v6 ? (written.startsWith('[') ? '[::1]' : '::1') : '127.0.0.1';
    return { edit: { start: content.start + ip.start, end: content.start + ip.end, text: replacement }, address: v6 ? '::1' : '127.0.0.1' };
  }
  if (p.syntax === 'long' && isMap(node)) {
    const pair = p.fields?.host_ip;
    if (pair) {
      // A host_ip merged in from an anchor is not edited there (other items use it).
      if (!node.items.includes(pair)) return undefined;
      const v = pair.value as Node | null;
      if (!isScalar(v) || isAlias(pair.value) || !v.range || p.hostIp === undefined) return undefined;
      const v6 = p.hostIp.includes(':');
      const address = v6 ? '::1' : '127.0.0.1';
      const quote = v.type === 'QUOTE_SINGLE' ? "'" : v.type === 'QUOTE_DOUBLE' || v6 ? '"' : '';
      return { edit: { start: v.range[0], end: v.range[1], text: `${quote}${address}${quote}` }, address };
    }
    const seqIndent = detectSeqIndent(file, model.doc?.contents);
    const edit = addMapKey(file, { keySpan: p.itemSpan, node }, 'host_ip', { scalar: '127.0.0.1' }, { seqIndent });
    return edit ? { edit, address: '127.0.0.1' } : undefined;
  }
  return undefined;
}

/** The mapping for messages: the short syntax as written (variables shown), long syntax as `published:target`. */
export function describePort(p: PortMapping): string {
  if (p.text !== undefined) return displayText(p.text.trim());
  const target = p.target ? formatRange(p.target) : '?';
  if (p.published === null) return target;
  return `${p.published ? formatRange(p.published) : '?'}:${target}`;
}

/** `80`, `8000-8010`. */
export function formatRange(r: PortRange): string {
  return r.start === r.end ? String(r.start) : `${r.start}-${r.end}`;
}

/** The first port of `ports` inside the range, if any. */
export function rangeHits(r: PortRange, ports: Iterable<number>): number | undefined {
  for (const p of ports) if (p >= r.start && p <= r.end) return p;
  return undefined;
}

/** `network_mode` values under which `ports` are ignored (host) or refused (another container's network). */
export function portsIgnored(model: ComposeModel, svc: ComposeService): boolean {
  const mode = scalarString(model, svc.get('network_mode')?.value);
  return mode !== undefined && /^(?:host|none|service:|container:)/.test(mode.trim());
}

// ---------------------------------------------------------------------------------------------
// environment and build.args

export interface KeyValueItem extends UseSite {
  syntax: 'list' | 'map';
  key: string;
  /** The value as written (not interpolated); null when the variable comes from the shell (`KEY`, `KEY:`). */
  value: string | null;
  /** The key's text in the file (the whole list item when its text cannot be mapped exactly). */
  keySpan: Span;
  /** The value's text in the file, when it can be located exactly (not for escapes or block scalars). */
  valueSpan?: Span;
  /** The item as written: a sequence item node, or a map pair. */
  written: Node | Pair;
  /** Map syntax: the mapping the pair is in. */
  map?: YAMLMap;
}

/** Offsets of a scalar's value in the source when its text maps 1:1 (plain, or quoted without escapes). */
export function scalarContentSpan(model: ComposeModel, node: Scalar): Span | undefined {
  const r = node.range;
  // A plain `true` or `8080` maps to its source text too.
  const expected = typeof node.value === 'string' ? node.value : node.type === 'PLAIN' ? model.file.text.slice(r?.[0] ?? 0, r?.[1] ?? 0) : undefined;
  if (!r || expected === undefined) return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const inner = quoted ? { start: r[0] + 1, end: r[1] - 1 } : node.type === 'PLAIN' ? { start: r[0], end: r[1] } : undefined;
  if (!inner || inner.end < inner.start) return undefined;
  return model.file.text.slice(inner.start, inner.end) === expected ? inner : undefined;
}

function listItem(model: ComposeModel, written: Node, site: UseSite): KeyValueItem | undefined {
  const node = model.resolve(written);
  if (!isScalar(node)) return undefined;
  const text = scalarString(model, node);
  if (text === undefined) return undefined;
  const eq = text.indexOf('=');
  const key = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (key === '') return undefined;
  const value = eq < 0 ? null : text.slice(eq + 1);
  const content = site.editable ? scalarContentSpan(model, node) : undefined;
  let keySpan = site.itemSpan;
  let valueSpan: Span | undefined;
  if (content) {
    const keyStart = content.start + text.indexOf(key);
    keySpan = { start: keyStart, end: keyStart + key.length };
    if (eq >= 0) valueSpan = { start: content.start + eq + 1, end: content.end };
  }
  // Written in the service: report at the variable's name, as for the map syntax.
  const span = content ? keySpan : site.span;
  return { ...site, span, syntax: 'list', key, value, keySpan, valueSpan, written };
}

function mapItems(
  model: ComposeModel,
  map: YAMLMap,
  outer: Span | undefined,
  out: KeyValueItem[],
  seen: Set<string>,
  depth: number,
  visited: Set<YAMLMap> = new Set(),
): void {
  if (depth > 16 || visited.has(map)) return;
  visited.add(map);
  const merges: Pair[] = [];
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if (typeof pair.key.value === 'symbol') {
      merges.push(pair);
      continue;
    }
    const key = String(pair.key.value);
    if (seen.has(key)) continue;
    seen.add(key);
    const keySpan = nodeSpan(pair.key as Node);
    if (!keySpan) continue;
    const vNode = model.resolve(pair.value);
    if (vNode && !isScalar(vNode)) continue;
    const value = vNode ? (scalarString(model, vNode) ?? null) : null;
    const editable = !outer;
    const valueSpan = editable && !isAlias(pair.value) && isScalar(vNode) && vNode.value !== null ? scalarContentSpan(model, vNode) : undefined;
    const itemSpan = { start: keySpan.start, end: nodeSpan(pair.value as Node)?.end ?? keySpan.end };
    out.push({
      span: outer ?? keySpan,
      itemSpan,
      inheritedFrom: outer ? keySpan : undefined,
      editable,
      syntax: 'map',
      key,
      value,
      keySpan,
      valueSpan,
      written: pair,
      map,
    });
  }
  for (const merge of merges) {
    const value = merge.value as Node | null;
    for (const src of isSeq(value) ? (value.items as Node[]) : [value]) {
      const target = model.resolve(src);
      if (isMap(target)) mapItems(model, target, outer ?? nodeSpan(src) ?? nodeSpan(merge.key as Node), out, seen, depth + 1, visited);
    }
  }
}

/** Items of an `environment`-shaped value (list `KEY=value` or map `KEY: value`). */
export function keyValueItems(model: ComposeModel, value: Node | null, outer: Span | undefined): KeyValueItem[] {
  const resolved = model.resolve(value);
  const out: KeyValueItem[] = [];
  const outerSite = outer ?? (isAlias(value) ? nodeSpan(value) : undefined);
  if (isSeq(resolved)) {
    for (const written of resolved.items as Node[]) {
      const site = useSiteOf(model, written, outerSite);
      const item = site && listItem(model, written, site);
      if (item) out.push(item);
    }
  } else if (isMap(resolved)) {
    mapItems(model, resolved, outerSite, out, new Set(), 0);
  }
  return out;
}

/** The service's `environment`, normalised. (`env_file` is not read here.) */
export function environmentItems(model: ComposeModel, svc: ComposeService): KeyValueItem[] {
  const entry = svc.get('environment');
  return entry ? keyValueItems(model, entry.value, entryUseSite(entry)) : [];
}

/** The service's `build.args`, normalised; empty for `build: ./dir`. */
export function buildArgItems(model: ComposeModel, svc: ComposeService): KeyValueItem[] {
  const entry = svc.get('build');
  if (!entry) return [];
  const found = mapPair(model, entry.value, 'args');
  if (!found) return [];
  const outer = entryUseSite(entry) ?? (found.merged ? found.via : undefined);
  return keyValueItems(model, found.pair.value as Node | null, outer);
}

// ---------------------------------------------------------------------------------------------
// Every string of a service

export interface ServiceString extends UseSite {
  /** The string as written (not interpolated). */
  value: string;
  /** Keys (and `[i]` indexes) from the service down to the string: `['healthcheck', 'test', '[1]']`. */
  path: string[];
  /** For a string that is a mapping's value, the key it is under (a label's name, an env key). */
  key?: string;
  node: Scalar;
}

/**
 * Every string scalar under a service (values, and the items of lists), following aliases and
 * merges with the use site reported. Bounded: very large or deeply nested services are cut short.
 */
export function serviceStrings(model: ComposeModel, svc: ComposeService, budget = 5000): ServiceString[] {
  const out: ServiceString[] = [];
  let left = budget;
  // The path of the node being visited; each string gets a copy (most nodes are not strings).
  const path: string[] = [];
  const visit = (written: unknown, key: string | undefined, outer: Span | undefined, depth: number): void => {
    if (left-- <= 0 || depth > 32) return;
    const node = model.resolve(written);
    if (!node) return;
    if (isScalar(node)) {
      if (typeof node.value !== 'string') return;
      // useSiteOf, written out: this runs for every string of a service on every edit of it.
      const itemSpan = nodeSpan(written as Node);
      if (!itemSpan) return;
      const value = node.value;
      if (outer) out.push({ span: outer, itemSpan, inheritedFrom: itemSpan, editable: false, value, path: path.slice(), key, node });
      else if (isAlias(written)) {
        out.push({ span: itemSpan, itemSpan, inheritedFrom: nodeSpan(model.resolve(written)) ?? itemSpan, editable: false, value, path: path.slice(), key, node });
      } else out.push({ span: itemSpan, itemSpan, editable: true, value, path: path.slice(), key, node });
      return;
    }
    const here = outer ?? (isAlias(written) ? nodeSpan(written as Node) : undefined);
    if (isSeq(node)) {
      const items = node.items as Node[];
      for (let i = 0; i < items.length; i++) {
        path.push(`[${i}]`);
        visit(items[i], undefined, here, depth + 1);
        path.pop();
      }
      return;
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      // A mapping merged twice (or merging itself) adds no key the second time: without this, 3^16 walks.
      let walked: Set<YAMLMap> | undefined;
      const walkMap = (map: YAMLMap, site: Span | undefined, d: number): void => {
        if (d > 16 || left <= 0) return;
        if (d > 0) {
          walked ??= new Set([node]);
          if (walked.has(map)) return;
          walked.add(map);
        }
        let merges: Pair[] | undefined;
        for (const pair of map.items) {
          if (!isPair(pair) || !isScalar(pair.key)) continue;
          if (typeof pair.key.value === 'symbol') {
            (merges ??= []).push(pair);
            continue;
          }
          const k = String(pair.key.value);
          if (seen.has(k)) continue;
          seen.add(k);
          path.push(k);
          visit(pair.value, k, site, depth + 1);
          path.pop();
        }
        for (const merge of merges ?? []) {
          const value = merge.value as Node | null;
          for (const src of isSeq(value) ? (value.items as Node[]) : [value]) {
            const target = model.resolve(src);
            if (isMap(target)) walkMap(target, site ?? nodeSpan(src) ?? nodeSpan(merge.key as Node), d + 1);
          }
        }
      };
      walkMap(node, here, 0);
    }
  };
  for (const entry of svc.entries()) {
    path.push(entry.key);
    visit(entry.value, entry.key, entryUseSite(entry), 0);
    path.pop();
  }
  return out;
}
