/**
 * The keys Compose merges sequence items by across files (13-merge.md, "Unique resources"): a later
 * file's item replaces an earlier one with the same key. Ports by address, published and target port
 * and protocol; volumes, secrets and configs by target; other sequences by value.
 */
import { isMap, isScalar, type Node } from 'yaml';
import type { ComposeModel } from './compose-model.js';
import { mapEntries, scalarValue } from './compose-file.js';

/** The key Compose uses to merge items of ports, volumes, secrets and configs; plain scalars dedupe by value. */
export function uniqueKey(path: string, model: ComposeModel, node: Node | null): string | undefined {
  const long = isMap(node) ? mapEntries(model, node) : undefined;
  const field = (k: string) => {
    const v = long?.get(k)?.value;
    const s = scalarValue(model, v);
    return s === undefined || s === null ? '' : String(s);
  };
  const text = isScalar(node) && node.value !== null ? String(node.value) : undefined;
  switch (path) {
    case 'volumes':
      return long ? `target:${field('target')}` : text === undefined ? undefined : `target:${volumeTarget(text)}`;
    case 'secrets':
    case 'configs':
      return long ? `target:${field('target') || field('source')}` : text === undefined ? undefined : `target:${text}`;
    case 'ports':
      return long ? `${field('host_ip')}|${field('published')}|${field('target')}|${field('protocol') || 'tcp'}` : text === undefined ? undefined : portKey(text);
    default:
      return text === undefined ? undefined : `=${text}`;
  }
}

/** Container path of a short volume (`src:dst[:opts]`, or `dst` alone for an anonymous volume). */
function volumeTarget(text: string): string {
  let rest = text;
  let drive = '';
  if (/^[A-Za-z]:[\\/]/.test(rest)) {
    drive = rest.slice(0, 2);
    rest = rest.slice(2);
  }
  const segs = rest.split(':');
  return segs.length >= 2 ? segs[1] : drive + segs[0];
}

/** `[ip:][published:]target[/protocol]` → `ip|published|target|protocol`. */
function portKey(text: string): string {
  let t = text.trim();
  let proto = 'tcp';
  const slash = t.lastIndexOf('/');
  if (slash >= 0) {
    proto = t.slice(slash + 1);
    t = t.slice(0, slash);
  }
  let ip = '';
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    if (close > 0) {
      ip = t.slice(1, close);
      t = t.slice(close + 2);
    }
  }
  const segs = t.split(':');
  const target = segs.pop() ?? '';
  const published = segs.pop() ?? '';
  if (segs.length) ip = segs.join(':');
  return `${ip}|${published}|${target}|${proto}`;
}
