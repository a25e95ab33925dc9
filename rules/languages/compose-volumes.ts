/**
 * Mounts of a service as Compose runs it: the short (`./src:/app:ro`) and long (`type: bind`,
 * `source:`) syntax of `volumes`, the `tmpfs` key, and `devices`, merged across the files of the
 * project. Values are interpolated by the one policy (compose-interpolate.ts); an unknown part stays
 * a marker (`\0NAME\u0001`) so that rules can tell "unknown" from any real path and never guess.
 * Each mount keeps where it is written and where a finding about it goes (`Placement`).
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { Span } from '../engine/types.js';
import { closingBrace, type EnvLookup, hasUnknown, interpolate, UNKNOWN_START } from './compose-interpolate.js';
import type { ComposeEntry, ComposeModel, EffectiveItem, EffectiveService, Placement } from './compose-model.js';
import { type Place, placeOf } from './compose-place.js';
import { mapEntries, nodeSpan, scalarString, topLevel } from './compose-file.js';
import { boolOf, knownText } from './compose-values.js';

export { displayText as display, hasUnknown, UNKNOWN_END, UNKNOWN_START } from './compose-interpolate.js';

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
      const close = closingBrace(spec, i + 2);
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

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image' | 'unknown';

export interface ComposeMount extends Placement {
  /** The service key the mount is written under. */
  key: 'volumes' | 'tmpfs';
  syntax: 'short' | 'long';
  type: MountType;
  /** Interpolated (unknown parts marked); undefined for an anonymous volume or a tmpfs. */
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
  /** Set when `hostPath` comes from a named volume's `driver_opts.device`: where that is written. */
  volumeDevice?: { volume: string; span: Span; path?: string };
  /** The item, resolved: a scalar (short syntax) or a mapping (long syntax). */
  node: Node;
}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);

/** Where a finding about a mount goes: the item, or a long-syntax mount's `source:` when written in place. */
function mountPlacement(item: EffectiveItem, sourceSpan: Span | undefined): Place {
  const { span, written } = item;
  const inPlace = span !== undefined && span.start === written.start && span.end === written.end;
  if (inPlace && sourceSpan) return placeOf(item, { written: sourceSpan, span: sourceSpan });
  return placeOf(item, { written: sourceSpan ?? written });
}

/** Top-level named volumes of a file, read once per file: every mount of every service looks its volume up. */
const namedVolumes = new WeakMap<ComposeModel, Map<string, ComposeEntry>>();
function topLevelVolumes(m: ComposeModel): Map<string, ComposeEntry> {
  let byName = namedVolumes.get(m);
  if (!byName) namedVolumes.set(m, (byName = mapEntries(m, topLevel(m, 'volumes'))));
  return byName;
}

/** `driver_opts.device` of a top-level named volume that is really a bind mount (`o: bind`), where the project defines it. */
export function namedVolumeBind(root: ComposeModel, item: EffectiveItem, name: string): { path: string; span: Span; file: string } | undefined {
  // Top-level volumes merge across the files of the project (the last one wins); an included file has its own.
  const models = item.part.layer.via === 'include' ? [item.model] : [...root.mergeSet().models].reverse();
  for (const m of models) {
    const vol = topLevelVolumes(m).get(name);
    if (!vol) continue;
    const opts = mapEntries(m, vol.value).get('driver_opts');
    const entries = opts ? mapEntries(m, opts.value) : undefined;
    const o = entries && knownText(m, entries.get('o')?.value, item.env);
    const device = entries?.get('device');
    const raw = device && scalarString(m, device.value);
    const span = nodeSpan(device?.value);
    if (!o || !/(?:^|,)\s*r?bind\s*(?:,|$)/.test(o) || raw === undefined || !span) return undefined;
    return { path: interpolate(raw, item.env).marked, span, file: m.path };
  }
  return undefined;
}

function withHostPath(root: ComposeModel, item: EffectiveItem, mount: ComposeMount): ComposeMount {
  if ((mount.type === 'bind' || mount.type === 'npipe') && mount.source !== undefined) mount.hostPath = mount.source;
  else if (mount.type === 'volume' && mount.source) {
    const dev = namedVolumeBind(root, item, mount.source);
    if (dev) {
      mount.hostPath = dev.path;
      mount.volumeDevice = { volume: mount.source, span: dev.span, ...(dev.file !== root.path ? { path: dev.file } : {}) };
    }
  }
  return mount;
}

function shortVolume(root: ComposeModel, item: EffectiveItem, text: string): ComposeMount {
  // Compose interpolates first and parses the result.
  const parts = splitShortSyntax(interpolate(text, item.env).marked);
  const node = item.node as Node;
  const mount: ComposeMount = Object.assign(mountPlacement(item, undefined), {
    key: 'volumes' as const,
    syntax: 'short' as const,
    type: 'volume' as MountType,
    readOnly: false as boolean | undefined,
    options: [] as string[],
    node,
  });
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
  return withHostPath(root, item, mount);
}

function longVolume(root: ComposeModel, item: EffectiveItem, map: Node): ComposeMount {
  const m = item.model;
  const env = item.env;
  const fields = mapEntries(m, map);
  const get = (key: string) => fields.get(key)?.value;
  const sourceNode = get('source');
  const rawSource = m.resolve(sourceNode);
  const source = isScalar(rawSource) && typeof rawSource.value === 'string' ? interpolate(rawSource.value, env).marked : undefined;
  const typeText = knownText(m, get('type'), env);
  let type: MountType;
  if (typeText === undefined) type = source === undefined ? 'unknown' : sourceKind(source);
  else type = (['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'] as const).find((t) => t === typeText) ?? 'unknown';
  const ro = get('read_only');
  const bind = get('bind');
  const mount: ComposeMount = Object.assign(mountPlacement(item, nodeSpan(sourceNode)), {
    key: 'volumes' as const,
    syntax: 'long' as const,
    type,
    source,
    target: knownText(m, get('target'), env),
    readOnly: fields.has('read_only') ? boolOf(m, ro, env) : false,
    options: [],
    propagation: bind === undefined ? undefined : knownText(m, mapEntries(m, bind).get('propagation')?.value, env),
    node: map,
  });
  return withHostPath(root, item, mount);
}

/** Mounts by effective service (one per lint and file): several rules read them. */
const volumesBySvc = new WeakMap<EffectiveService, ComposeMount[]>();

/** The service's `volumes`, short and long syntax, merged (shared between rules: do not change the result). */
export function volumesOf(root: ComposeModel, svc: EffectiveService): ComposeMount[] {
  let mounts = volumesBySvc.get(svc);
  if (!mounts) volumesBySvc.set(svc, (mounts = readVolumes(root, svc)));
  return mounts;
}

function readVolumes(root: ComposeModel, svc: EffectiveService): ComposeMount[] {
  const mounts: ComposeMount[] = [];
  for (const item of svc.get('volumes')?.items() ?? []) {
    const node = item.node;
    if (isScalar(node) && typeof node.value === 'string') mounts.push(shortVolume(root, item, node.value));
    else if (isMap(node)) mounts.push(longVolume(root, item, node));
  }
  return mounts;
}

/** The service's `tmpfs` (a path or a list of `path[:options]`). */
export function tmpfsOf(svc: EffectiveService): ComposeMount[] {
  const mounts: ComposeMount[] = [];
  for (const item of svc.get('tmpfs')?.items() ?? []) {
    const node = item.node;
    if (!isScalar(node) || typeof node.value !== 'string') continue;
    // Docker splits a tmpfs spec at its first colon: `/run:rw,size=64m`.
    const text = interpolate(node.value, item.env).marked;
    const colon = text.indexOf(':');
    const target = colon < 0 ? text : text.slice(0, colon);
    const optionText = colon < 0 ? '' : text.slice(colon + 1);
    const options = optionText ? optionText.split(',').map((o) => o.trim()) : [];
    const mount: ComposeMount = Object.assign(mountPlacement(item, undefined), {
      key: 'tmpfs' as const,
      syntax: 'short' as const,
      type: 'tmpfs' as const,
      target,
      readOnly: hasUnknown(optionText) ? undefined : options.includes('ro'),
      options,
      node,
    });
    mounts.push(mount);
  }
  return mounts;
}

/** Every mount of the service: `volumes` then `tmpfs`. */
export function mountsOf(root: ComposeModel, svc: EffectiveService): ComposeMount[] {
  return [...volumesOf(root, svc), ...tmpfsOf(svc)];
}

export interface ComposeDevice extends Placement {
  syntax: 'short' | 'long';
  /** Host device path (interpolated, unknown parts marked); for a CDI device (`vendor.com/gpu=all`), its name. */
  source: string;
  target?: string;
  /** Cgroup permissions (`rwm`), when given. */
  permissions?: string;
  /** A Container Device Interface name rather than a host path. */
  cdi: boolean;
  node: Node;
}

/** The service's `devices`: `HOST[:CONTAINER[:PERMISSIONS]]`, `HOST:PERMISSIONS`, CDI names and the long syntax. */
export function devicesOf(svc: EffectiveService): ComposeDevice[] {
  const devices: ComposeDevice[] = [];
  for (const item of svc.get('devices')?.items() ?? []) {
    const node = item.node;
    const env: EnvLookup = item.env;
    if (isScalar(node) && typeof node.value === 'string') {
      const text = interpolate(node.value, env).marked.trim();
      if (!text) continue;
      if (!text.startsWith('/') && /^[^:]*=/.test(text)) {
        devices.push(Object.assign(mountPlacement(item, undefined), { syntax: 'short' as const, source: text, cdi: true, node }));
        continue;
      }
      const parts = splitShortSyntax(text);
      let [source, target, permissions] = parts as (string | undefined)[];
      if (parts.length === 2 && /^[rwm]+$/.test(parts[1])) [target, permissions] = [undefined, parts[1]];
      devices.push(Object.assign(mountPlacement(item, undefined), { syntax: 'short' as const, source: source ?? '', target, permissions, cdi: false, node }));
    } else if (isMap(node)) {
      const m = item.model;
      const fields = mapEntries(m, node);
      const sourceNode = fields.get('source')?.value;
      const raw = m.resolve(sourceNode);
      if (!isScalar(raw) || typeof raw.value !== 'string') continue;
      devices.push(
        Object.assign(mountPlacement(item, nodeSpan(sourceNode)), {
          syntax: 'long' as const,
          source: interpolate(raw.value, env).marked,
          target: knownText(m, fields.get('target')?.value, env),
          permissions: knownText(m, fields.get('permissions')?.value, env),
          cdi: false,
          node,
        }),
      );
    }
  }
  return devices;
}
