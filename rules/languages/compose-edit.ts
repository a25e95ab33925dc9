import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourceText } from '../engine/source.js';
import type { Edit, Span } from '../engine/types.js';

/**
 * Small text edits on Compose YAML, computed from node ranges (`[start, valueEnd, nodeEnd]` of the
 * `yaml` package). Nothing here re-serialises the document: comments, quoting, indentation and line
 * breaks of everything not touched stay as written. Every helper returns `undefined` when the shape
 * is one it cannot edit cleanly, so a rule offers no fix rather than a broken one.
 */

/** An item to write: a plain value (quoted here when needed), or YAML text copied as written. */
export type ItemInput = string | { raw: string; value: string };

/** The value of a key to add: a scalar written as given, a sequence of items, or a mapping of such values. */
export type KeyValue = { scalar: string } | { seq: ItemInput[] } | { map: [string, KeyValue][] };

export interface IndentOptions {
  /** Spaces per nesting level; detected from the file when absent. */
  indent?: number;
  /** How far a block sequence's dash sits right of its key (0 = `key:\n- a`); detected when absent. */
  seqIndent?: number;
}

/** What holds a mapping: the key as written and its value node (e.g. a ComposeService). */
export interface MapHolder {
  keySpan: Span;
  node: Node | null;
}

const LINE_REST_EMPTY = /^[ \t]*(?:#.*)?$/;

function rangeOf(node: unknown): [number, number, number] | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ?? undefined;
}

/*
 * YAML lines end at LF (or CRLF): unlike SourceText, the yaml parser does not break lines at a lone
 * CR, so edits find their lines with these.
 */

/** Start of the YAML line holding `offset`. */
function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** End of the YAML line holding `offset`, before its line break. */
function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return text[nl - 1] === '\r' && nl - 1 >= offset ? nl - 1 : nl;
}

/** Where the line break before the YAML line starting at `lineStart` begins (its CR for CRLF). */
function breakBefore(text: string, lineStart: number): number {
  return lineStart - (text[lineStart - 2] === '\r' ? 2 : 1);
}

/** A line start, moved past a BOM (which stays where it is). */
const afterBom = (text: string, lineStart: number) => (lineStart === 0 && text.charCodeAt(0) === 0xfeff ? 1 : lineStart);

/** Column of an offset, not counting a BOM on the first line. */
function column(file: SourceText, offset: number): number {
  return offset - afterBom(file.text, lineStartAt(file.text, offset));
}

/**
 * The offset just past the line break of the line holding `offset`, when the rest of that line is
 * blank or a comment; the end of the text on the last line; undefined when code follows.
 */
function endOfLine(file: SourceText, offset: number): number | undefined {
  const { text } = file;
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  if (!LINE_REST_EMPTY.test(text.slice(offset, lineEndAt(text, offset)))) return undefined;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Where a pair's text ends (the value's end, or the key's for `key:` with nothing after it). */
function pairEnd(pair: Pair): number | undefined {
  const k = rangeOf(pair.key);
  if (!k) return undefined;
  const v = rangeOf(pair.value);
  return v ? Math.max(k[1], v[1]) : k[1];
}

/** Spaces per level: the indentation of the first indented content line (2 when none is). */
export function detectIndent(file: SourceText): number {
  const limit = Math.min(file.lineCount, 5000);
  for (let line = 0; line < limit; line++) {
    const m = /^( +)(\S)/.exec(file.lineText(line));
    if (m && m[2] !== '#') return m[1].length;
  }
  return 2;
}

/** detectSeqIndent's answers by version of the file and node searched: every fix asks again, most for the same service. */
const documentSeqIndent = new WeakMap<SourceText, Map<unknown, number | undefined>>();

/**
 * How far block sequences sit right of their key in this file (`key:\n  - a` → 2, `key:\n- a` → 0):
 * the first block sequence found under a block-mapping key, looking in `prefer` first.
 */
export function detectSeqIndent(file: SourceText, root: unknown, prefer?: unknown): number | undefined {
  let budget = 20_000;
  const search = (node: unknown, depth: number): number | undefined => {
    if (depth > 64 || budget-- <= 0 || !node || isAlias(node)) return undefined;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = rangeOf(pair.key);
        const v = pair.value;
        if (k && !node.flow && isSeq(v) && !v.flow && v.range) {
          // A block sequence value sits on a line below its key.
          if (file.positionAt(v.range[0]).line > file.positionAt(k[0]).line) {
            return column(file, v.range[0]) - column(file, k[0]);
          }
        }
      }
      for (const pair of node.items) {
        const found = search(pair.value, depth + 1);
        if (found !== undefined) return found;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const found = search(item, depth + 1);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  let byNode = documentSeqIndent.get(file);
  if (!byNode) documentSeqIndent.set(file, (byNode = new Map()));
  const searched = (node: unknown) => {
    if (!byNode.has(node)) byNode.set(node, search(node, 0));
    return byNode.get(node);
  };
  return (prefer ? searched(prefer) : undefined) ?? searched(root);
}

const YAML_KEYWORD = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** True when `value` can be written as a plain scalar and reads back as the same string. */
export function isPlainSafe(value: string, flow: boolean): boolean {
  if (!/^[A-Za-z_./$][\w./$:=@+-]*$/.test(value)) return false;
  if (value.endsWith(':') || YAML_KEYWORD.test(value)) return false;
  // Older YAML 1.1 parsers (libyaml-based ones) reject `:` inside flow collections.
  if (flow && value.includes(':')) return false;
  return true;
}

/** A scalar value as YAML text: plain when safe, else quoted in the given style. */
export function scalarText(value: string, flow: boolean, quote: '"' | "'" = '"'): string {
  if (isPlainSafe(value, flow)) return value;
  return quote === "'" ? `'${value.replace(/'/g, "''")}'` : JSON.stringify(value);
}

function itemText(item: ItemInput, flow: boolean, quote: '"' | "'"): string {
  if (typeof item === 'string') return scalarText(item, flow, quote);
  const { raw, value } = item;
  if (raw.includes('\n') || raw.includes('\r')) return scalarText(value, flow, quote);
  const quoted = /^(['"]).*\1$/s.test(raw);
  if (flow && !quoted && /[,[\]{}#]|:(?:\s|$)/.test(raw)) return scalarText(value, flow, quote);
  return raw;
}

/** The quote style the sequence's items use ("'" when the first quoted item is single-quoted). */
function quoteStyleOf(seq: YAMLSeq | undefined): '"' | "'" {
  for (const item of seq?.items ?? []) {
    if (isScalar(item) && item.type === 'QUOTE_SINGLE') return "'";
    if (isScalar(item) && item.type === 'QUOTE_DOUBLE') return '"';
  }
  return '"';
}

/**
 * Removes `pair` from `map`. Block mappings lose the pair's whole lines (with a comment on its last
 * line); flow mappings lose the pair and one comma. Undefined when the pair shares its first line
 * with something else (`- privileged: true` as a sequence item) or is not in `map`.
 */
export function removePair(file: SourceText, map: YAMLMap, pair: Pair): Edit | undefined {
  const { text } = file;
  const index = map.items.indexOf(pair);
  const k = rangeOf(pair.key);
  const end = pairEnd(pair);
  if (index < 0 || !k || end === undefined) return undefined;

  if (map.flow) {
    const next = map.items[index + 1];
    const nextStart = next ? rangeOf(next.key)?.[0] : undefined;
    if (next && nextStart !== undefined) return { start: k[0], end: nextStart, text: '' };
    const prev = map.items[index - 1];
    const prevEnd = prev ? pairEnd(prev) : undefined;
    if (prev && prevEnd !== undefined) {
      // Keep a trailing comma if the mapping had one: `{a: 1, b: 2,}` → `{a: 1,}`.
      const after = text.slice(end, (rangeOf(map)?.[1] ?? end + 1) - 1);
      const trailing = after.includes(',') ? ',' : '';
      return { start: prevEnd, end: end + (trailing ? after.indexOf(',') + 1 : 0), text: trailing };
    }
    // The only pair: `{privileged: true}` → `{}`.
    const r = rangeOf(map);
    if (!r || text[r[0]] !== '{' || text[r[1] - 1] !== '}') return undefined;
    return { start: r[0] + 1, end: r[1] - 1, text: '' };
  }

  const lineStart = lineStartAt(text, k[0]);
  if (
    text
      .slice(lineStart, k[0])
      .replace(/^\uFEFF/, '')
      .trim() !== ''
  )
    return undefined;
  const stop = endOfLine(file, end);
  if (stop === undefined) return undefined;
  const endsWithBreak = stop > 0 && text[stop - 1] === '\n';
  if (!endsWithBreak && lineStart > 0) {
    // Last line of a file without a final line break: take the previous line break instead.
    return { start: breakBefore(text, lineStart), end: stop, text: '' };
  }
  return { start: afterBom(text, lineStart), end: stop, text: '' };
}

function blockLines(key: string, value: KeyValue, indent: number, seqIndent: number, unit = 2): string[] {
  const pad = ' '.repeat(indent);
  if ('scalar' in value) return [`${pad}${key}: ${value.scalar}`];
  if ('map' in value) return [`${pad}${key}:`, ...value.map.flatMap(([k, v]) => blockLines(k, v, indent + unit, seqIndent, unit))];
  const dash = ' '.repeat(indent + seqIndent);
  return [`${pad}${key}:`, ...value.seq.map((item) => `${dash}- ${itemText(item, false, '"')}`)];
}

function flowPair(key: string, value: KeyValue): string {
  if ('scalar' in value) return `${key}: ${value.scalar}`;
  if ('map' in value) return `${key}: {${value.map.map(([k, v]) => flowPair(k, v)).join(', ')}}`;
  return `${key}: [${value.seq.map((item) => itemText(item, true, '"')).join(', ')}]`;
}

/** Text to insert at `offset` so that `lines` become lines of their own. */
function insertLines(file: SourceText, offset: number, lines: string[]): Edit {
  const eol = file.eol;
  const { text } = file;
  const atLineStart = offset === 0 || text[offset - 1] === '\n';
  const body = lines.join(eol);
  return atLineStart ? { start: offset, end: offset, text: `${body}${eol}` } : { start: offset, end: offset, text: `${eol}${body}` };
}

/** True when the holder's key line is `key:` with nothing but a comment after it. */
function emptyHolderLine(file: SourceText, holder: MapHolder): boolean {
  const node = holder.node;
  if (node && !(isScalar(node) && node.value === null)) return false;
  return /^[ \t]*:[ \t]*(?:#.*)?$/.test(file.text.slice(holder.keySpan.end, lineEndAt(file.text, holder.keySpan.end)));
}

/**
 * Adds `key` to the mapping held by `holder`, after its last key. Block mappings get new lines with
 * the siblings' indentation; flow mappings get `, key: value` before `}`; an empty `svc:` gets an
 * indented block below its key. Undefined for anything else (an alias, `svc: ~`, a scalar), and when
 * the mapping already writes `key`.
 */
export function addMapKey(file: SourceText, holder: MapHolder, key: string, value: KeyValue, opts: IndentOptions = {}): Edit | undefined {
  const { text } = file;
  const node = holder.node;
  // A second `key:` would be a duplicate key (`mem_limit: !reset` is written, just empty): not a new key.
  if (isMap(node) && node.items.some((p) => isScalar(p.key) && String(p.key.value) === key)) return undefined;
  const unit = opts.indent ?? detectIndent(file);
  const seqIndent = opts.seqIndent ?? unit;

  if (isMap(node) && node.flow) {
    const r = rangeOf(node);
    if (!r || text[r[0]] !== '{' || text[r[1] - 1] !== '}') return undefined;
    const close = r[1] - 1;
    const last = node.items[node.items.length - 1];
    if (!last) return { start: r[0] + 1, end: r[0] + 1, text: flowPair(key, value) };
    const end = pairEnd(last);
    if (end === undefined) return undefined;
    const between = text.slice(end, close);
    const comma = between.indexOf(',');
    if (comma >= 0) return { start: end + comma + 1, end: end + comma + 1, text: ` ${flowPair(key, value)},` };
    return { start: end, end, text: `, ${flowPair(key, value)}` };
  }

  if (isMap(node) && node.items.length > 0) {
    const first = rangeOf(node.items[0].key);
    const last = node.items[node.items.length - 1];
    const end = pairEnd(last);
    if (!first || end === undefined) return undefined;
    const at = endOfLine(file, end);
    if (at === undefined) return undefined;
    return insertLines(file, at, blockLines(key, value, column(file, first[0]), seqIndent, unit));
  }

  if (emptyHolderLine(file, holder)) {
    const indent = column(file, holder.keySpan.start) + unit;
    return insertLines(file, lineEndAt(text, holder.keySpan.end), blockLines(key, value, indent, seqIndent, unit));
  }
  return undefined;
}

/**
 * Appends an item to the sequence that is `pair`'s value. Block sequences get a line with the last
 * item's indentation and dash spacing; flow sequences get `, item` before `]` (`[item]` when empty);
 * `key:` with no value gets a block sequence below it.
 */
export function appendSeqItem(file: SourceText, pair: Pair, item: ItemInput, opts: IndentOptions = {}): Edit | undefined {
  const { text } = file;
  const seq = pair.value;
  const k = rangeOf(pair.key);
  if (!k) return undefined;

  if (isSeq(seq) && seq.flow) {
    const r = rangeOf(seq);
    if (!r || text[r[0]] !== '[' || text[r[1] - 1] !== ']') return undefined;
    const itemStr = itemText(item, true, quoteStyleOf(seq));
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    if (!last) return { start: r[0] + 1, end: r[0] + 1, text: itemStr };
    const lr = rangeOf(last);
    if (!lr) return undefined;
    const comma = text.slice(lr[1], r[1] - 1).indexOf(',');
    if (comma >= 0) return { start: lr[1] + comma + 1, end: lr[1] + comma + 1, text: ` ${itemStr},` };
    return { start: lr[1], end: lr[1], text: `, ${itemStr}` };
  }

  if (isSeq(seq) && seq.items.length > 0) {
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    const lr = rangeOf(last);
    if (!lr) return undefined;
    // The dash of the last item, and the spacing between it and the item.
    let dash = lr[0] - 1;
    while (dash >= 0 && (text[dash] === ' ' || text[dash] === '\t')) dash--;
    if (text[dash] !== '-') return undefined;
    const gap = text.slice(dash + 1, lr[0]);
    const dashCol = column(file, dash);
    if (text.slice(lineStartAt(text, dash), dash).trim() !== '') return undefined;
    const at = endOfLine(file, Math.max(lr[1], dash + 1));
    if (at === undefined) return undefined;
    const line = `${' '.repeat(dashCol)}-${gap.length > 0 ? gap : ' '}${itemText(item, false, quoteStyleOf(seq))}`;
    return insertLines(file, at, [line]);
  }

  // `key:` with nothing after it (or an empty block): write a block sequence below the key.
  if (seq === null || seq === undefined || (isScalar(seq) && (seq as Scalar).value === null)) {
    if (!/^[ \t]*:[ \t]*(?:#.*)?$/.test(text.slice(k[1], lineEndAt(text, k[1])))) return undefined;
    const indent = column(file, k[0]) + (opts.seqIndent ?? opts.indent ?? detectIndent(file));
    return insertLines(file, lineEndAt(text, k[1]), [`${' '.repeat(indent)}- ${itemText(item, false, '"')}`]);
  }
  return undefined;
}

/** Replaces a node's text (not its trailing comment) with `text`. */
export function replaceNode(node: Node | null | undefined, text: string): Edit | undefined {
  const r = rangeOf(node);
  return r ? { start: r[0], end: r[1], text } : undefined;
}

/** The YAML text of a node as written (without its trailing comment). */
export function nodeText(file: SourceText, node: Node | null | undefined): string | undefined {
  const r = rangeOf(node);
  return r ? file.text.slice(r[0], r[1]) : undefined;
}

/**
 * Where the text of a one-line scalar sits when it reads back exactly as its string value: the whole
 * plain scalar, or what is between the quotes of a quoted one without escapes (`''`, `\`). Offsets
 * into that range are offsets into the value, so a rule can edit part of a value (`/a:/b` → `/a:/b:ro`)
 * without re-quoting it. Undefined for anything else (block scalars, escapes, line breaks, non-strings).
 */
export function scalarContent(file: SourceText, node: unknown): Span | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  const r = rangeOf(node);
  if (!r) return undefined;
  const raw = file.text.slice(r[0], r[1]);
  if (raw.includes('\n') || raw.includes('\r')) return undefined;
  const value = node.value;
  if (node.type === 'PLAIN') return raw === value ? { start: r[0], end: r[1] } : undefined;
  const quote = node.type === 'QUOTE_SINGLE' ? "'" : node.type === 'QUOTE_DOUBLE' ? '"' : undefined;
  if (!quote || raw.length < 2 || raw[0] !== quote || raw[raw.length - 1] !== quote) return undefined;
  const inner = raw.slice(1, -1);
  if (inner !== value || inner.includes(quote) || (quote === '"' && inner.includes('\\'))) return undefined;
  return { start: r[0] + 1, end: r[1] - 1 };
}

/** scalarContent, and the whole text of a plain non-string scalar (`8080`, `true`), which Compose reads as written. */
export function valueTextSpan(file: SourceText, node: unknown): Span | undefined {
  if (isScalar(node) && typeof node.value !== 'string' && node.type === 'PLAIN') {
    const r = rangeOf(node);
    return r && !file.text.slice(r[0], r[1]).includes('\n') ? { start: r[0], end: r[1] } : undefined;
  }
  return scalarContent(file, node);
}

/**
 * Removes `item` from `seq`. Block sequences lose the item's whole lines (dash to the end of the
 * item, with a comment on its last line); flow sequences lose the item and one comma (`[a]` → `[]`).
 * Undefined when the dash shares its line with something else or the item is not in `seq`.
 */
export function removeSeqItem(file: SourceText, seq: YAMLSeq, item: unknown): Edit | undefined {
  const { text } = file;
  const index = seq.items.indexOf(item);
  const r = rangeOf(item);
  if (index < 0 || !r) return undefined;

  if (seq.flow) {
    const next = rangeOf(seq.items[index + 1]);
    if (next) return { start: r[0], end: next[0], text: '' };
    const prev = rangeOf(seq.items[index - 1]);
    const s = rangeOf(seq);
    if (!s) return undefined;
    if (prev) {
      // Keep a trailing comma if the sequence had one: `[a, b,]` → `[a,]`.
      const after = text.slice(r[1], s[1] - 1);
      const comma = after.indexOf(',');
      return comma >= 0 ? { start: prev[1], end: r[1] + comma + 1, text: ',' } : { start: prev[1], end: r[1], text: '' };
    }
    if (text[s[0]] !== '[' || text[s[1] - 1] !== ']') return undefined;
    return { start: s[0] + 1, end: s[1] - 1, text: '' };
  }

  let dash = r[0] - 1;
  while (dash >= 0 && (text[dash] === ' ' || text[dash] === '\t')) dash--;
  if (text[dash] !== '-') return undefined;
  const lineStart = lineStartAt(text, dash);
  if (
    text
      .slice(lineStart, dash)
      .replace(/^\uFEFF/, '')
      .trim() !== ''
  )
    return undefined;
  const stop = endOfLine(file, r[1]);
  if (stop === undefined) return undefined;
  const endsWithBreak = stop > 0 && text[stop - 1] === '\n';
  if (!endsWithBreak && lineStart > 0) return { start: breakBefore(text, lineStart), end: stop, text: '' };
  return { start: afterBom(text, lineStart), end: stop, text: '' };
}

/**
 * Adds `entry` under the top-level key `top` (`secrets:`), creating `top` after the last
 * top-level key when the file has none. Undefined when `top` exists but is not a mapping (or
 * already has `entry`), or the document is not a mapping.
 */
export function addTopLevelEntry(file: SourceText, root: unknown, top: string, entry: string, value: KeyValue, opts: IndentOptions = {}): Edit | undefined {
  if (!isMap(root)) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === top);
  if (!pair) return addMapKey(file, { keySpan: { start: 0, end: 0 }, node: root }, top, { map: [[entry, value]] }, opts);
  const k = rangeOf(pair.key);
  const v = pair.value;
  if (!k || isAlias(v)) return undefined;
  if (isMap(v) && v.items.some((p) => isScalar(p.key) && String(p.key.value) === entry)) return undefined;
  if (v && !isMap(v) && !(isScalar(v) && v.value === null)) return undefined;
  return addMapKey(file, { keySpan: { start: k[0], end: k[1] }, node: (v as Node | null) ?? null }, entry, value, opts);
}

/** Joins insertions at the same offset into one edit, in the given order (editors differ on ties). */
export function joinInsertions(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of edits) {
    const same = e.start === e.end ? out.find((o) => o.start === e.start && o.end === e.end) : undefined;
    if (same) same.text += e.text;
    else out.push({ ...e });
  }
  return out;
}
