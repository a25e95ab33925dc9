/**
 * A service's `ports` as Compose runs them: the short syntax
 * (`[ip:][host[-end]:]container[-end][/proto]`, IPv6 in brackets or not) and the long
 * `{target, published, host_ip, protocol}`, merged across the files of the project, each mapping
 * with where it is written and where a finding about it goes (compose-model.ts `Placement`).
 */
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { Span } from '../engine/types.js';
import { displayText, hasUnknown, interpolate } from './compose-interpolate.js';
import type { EffectiveItem, EffectiveService, Placement } from './compose-model.js';
import { placeOf } from './compose-place.js';
import { mapEntries, scalarString } from './compose-file.js';
import { valueText } from './compose-values.js';

export interface PortRange {
  start: number;
  end: number;
}

export interface PortMapping extends Placement {
  syntax: 'short' | 'long';
  /** The item as written (an alias stays an alias). */
  item: Node;
  /** The item after following aliases. */
  node: Node | null;
  /** Short syntax: the interpolated text, unknown parts marked. */
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

export interface ShortPort {
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
 * for IPv6). `text` is interpolated with unknown parts marked; a part holding one is unknown, and so
 * is the IP when a variable could hold one (`${HOST_PORT}:80` may be `127.0.0.1:8080:80`).
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

/** Ports by effective service (one per lint and file): several rules read them. */
const portsBySvc = new WeakMap<EffectiveService, PortMapping[]>();

/** The service's `ports`, merged and normalised (shared between rules: do not change the result). */
export function portMappings(svc: EffectiveService): PortMapping[] {
  let ports = portsBySvc.get(svc);
  if (!ports) portsBySvc.set(svc, (ports = readPorts(svc)));
  return ports;
}

function readPorts(svc: EffectiveService): PortMapping[] {
  const out: PortMapping[] = [];
  for (const item of svc.get('ports')?.items() ?? []) {
    const mapping = readPort(item);
    if (mapping) out.push(mapping);
  }
  return out;
}

/** One item of `ports`; undefined for items that are neither a port string, a number nor a mapping. */
function readPort(item: EffectiveItem): PortMapping | undefined {
  const { model, node, env } = item;
  if (isScalar(node)) {
    const raw = scalarString(model, node);
    if (raw === undefined) return undefined;
    const text = interpolate(raw, env).marked;
    const mapping: Omit<PortMapping, keyof Placement> = { syntax: 'short', item: item.item, node, text, ...parseShortPort(text.trim()) };
    return Object.assign(placeOf(item), mapping);
  }
  if (!isMap(node)) return undefined;
  const entries = mapEntries(model, node);
  const fields: PortMapping['fields'] = {};
  for (const key of LONG_PORT_KEYS) {
    const e = entries.get(key);
    if (e) fields[key] = e.pair;
  }
  const read = (key: (typeof LONG_PORT_KEYS)[number]): string | null | undefined => {
    const pair = fields[key];
    if (!pair) return null;
    const raw = scalarString(model, pair.value);
    if (raw === undefined) return undefined;
    const v = interpolate(raw, env);
    return v.unknown ? undefined : v.value.trim();
  };
  const t = read('target');
  const p = read('published');
  const ip = read('host_ip');
  const proto = read('protocol');
  return Object.assign(placeOf(item), {
    syntax: 'long' as const,
    item: item.item,
    node,
    fields,
    hostIp: ip === null ? '' : ip,
    published: p === null || p === '' ? null : p === undefined ? undefined : parsePortRange(p),
    target: typeof t === 'string' ? parsePortRange(t) : undefined,
    protocol: proto === null ? 'tcp' : proto?.toLowerCase(),
  });
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
export function portsIgnored(svc: EffectiveService): boolean {
  const mode = valueText(svc.get('network_mode'));
  return mode !== undefined && /^(?:host|none|service:|container:)/.test(mode.trim());
}
