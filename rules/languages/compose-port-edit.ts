/** The quick fix of the port rules (DC040, DC041): bind a published port to the loopback address. */
import { isAlias, isMap, isScalar, type Node } from 'yaml';
import type { Edit } from '../engine/types.js';
import type { ComposeModel } from './compose-model.js';
import { addMapKey, detectSeqIndent, valueTextSpan } from './compose-edit.js';
import { formatRange, isUnspecifiedIp, parseShortPort, type PortMapping } from './compose-ports.js';

/**
 * The edit that binds a mapping to the loopback address, keeping the item's quoting: `"8080:80"` →
 * `"127.0.0.1:8080:80"`, `"80"` → `"127.0.0.1::80"` (still a random host port), `0.0.0.0:…` →
 * `127.0.0.1:…`, `[::]:…` → `[::1]:…`, long syntax gets `host_ip: 127.0.0.1`. Undefined for items
 * not written in the service itself, or whose text holds variables or escapes.
 */
export function bindLoopbackEdit(model: ComposeModel, p: PortMapping): { edit: Edit; address: string } | undefined {
  if (!p.editable) return undefined;
  // Only an item written in the linted file's own service is edited (never an anchor other services share).
  if (p.model.path !== model.path) return undefined;
  const { file } = model;
  const node = p.node;
  if (p.syntax === 'short' && isScalar(node)) {
    if (typeof node.value === 'number' && p.target && p.hostIp === '') {
      const r = node.range;
      return r ? { edit: { start: r[0], end: r[1], text: `"127.0.0.1::${formatRange(p.target)}"` }, address: '127.0.0.1' } : undefined;
    }
    const content = valueTextSpan(file, node);
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
    const edit = addMapKey(file, { keySpan: p.written, node }, 'host_ip', { scalar: '127.0.0.1' }, { seqIndent });
    return edit ? { edit, address: '127.0.0.1' } : undefined;
  }
  return undefined;
}
