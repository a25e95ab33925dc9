/**
 * Incremental parsing of Compose files. `yaml` parses whole texts only (about 9 ms for 500 lines on
 * a quiet machine); after an edit, only the innermost block-mapping item that holds it — a key of a
 * service, a service, a top-level key — is parsed again (a one-line item: ~0.1 ms) and spliced into
 * the previous version's document, the nodes after it moved by the edit's length. A renamed key
 * whose value is a block below it keeps that value: only its line is parsed.
 *
 * The result must be exactly what a full parse gives (rules/languages/compose-reparse.test.ts
 * compares them after random edits), so anything a splice could get wrong makes the caller try an
 * outer item, then parse the whole text: a previous version with YAML errors, directives, a line
 * the item would not own (indented as deep as its key or less, tabs, CRs, document markers), a
 * parse error, an edit that leaves more or less than one item, anchors in the item before or after
 * (an anchor is visible to the rest of the file), and ends that would depend on what follows the
 * item (trailing comments or an empty value at the end of a mapping's last item).
 *
 * The previous document is *taken over*: its nodes now describe the new text, and a model of an
 * older version that still holds it is never spliced again (a cancelled lint may hand the same
 * previous version over twice).
 */
import { type Document, isMap, isPair, isScalar, isSeq, type Node, type Pair, parseDocument, Schema, type YAMLMap } from 'yaml';
import { type TextChange, changeBetween } from '../engine/text-change.js';
import { parseBlockSubset } from './yaml-block-subset.js';

/** How every Compose text is parsed: a full parse and a spliced one must agree. */
export const PARSE_OPTIONS = { merge: true, strict: false, uniqueKeys: false, prettyErrors: false } as const;
/**
 * One schema for all documents (building it is a quarter of parsing a one-line fragment); not for
 * `%YAML 1.1` ones. Built on first use: a CLI run that checks no Compose file should not pay for it.
 */
let shared: (typeof PARSE_OPTIONS & { schema: Schema }) | undefined;
export const sharedParseOptions = () => (shared ??= { ...PARSE_OPTIONS, schema: new Schema({ merge: true, resolveKnownTags: true, schema: 'core' }) });

/** The text each document describes now (a splice moves a document on to the new text). */
const describes = new WeakMap<Document, string>();

/** The document of `text`: read by the fast block-subset reader when it can (yaml-block-subset.ts), else by `yaml`. */
export function parseYaml(text: string): Document.Parsed {
  const versioned = text.includes('%YAML');
  const doc = (!versioned && parseBlockSubset(text, sharedParseOptions())) || (parseDocument(text, versioned ? PARSE_OPTIONS : sharedParseOptions()) as Document.Parsed);
  describes.set(doc, text);
  return doc;
}

/** Where each item of a block mapping is written, by whole lines. */
export interface MapBlocks {
  map: YAMLMap;
  /** Column of the keys. */
  column: number;
  /** Offset of the start of each key's line (an item's block runs to the next one). */
  starts: number[];
  /** End of the last block: where the mapping ends. */
  end: number;
}

const isSpaces = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
};

/** The items' blocks, or undefined when they cannot be cut by lines: a flow mapping, a key not alone at the start of its line. */
export function mapBlocks(map: unknown, text: string): MapBlocks | undefined {
  if (!isMap(map) || map.flow || !map.range || map.items.length === 0) return undefined;
  const starts: number[] = [];
  let column = -1;
  for (const item of map.items) {
    const key = item.key;
    if (!isScalar(key) || !key.range) return undefined;
    const at = key.range[0];
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!isSpaces(text, lineStart, at) || (column >= 0 && at - lineStart !== column)) return undefined;
    if (starts.length && lineStart <= starts[starts.length - 1]) return undefined;
    column = at - lineStart;
    starts.push(lineStart);
  }
  const end = map.range[2];
  if (end <= starts[starts.length - 1]) return undefined;
  return { map, column, starts, end };
}

/** The blocks of the services (the model's lookup, without aliases): a Compose file's units. */
export function serviceBlocks(doc: Document | undefined, text: string): MapBlocks | undefined {
  const root = doc?.contents;
  if (!isMap(root)) return undefined;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  return mapBlocks(pair?.value, text);
}

/** Every line after the first belongs to a service at `column`: blank, a comment, or indented deeper. */
function ownsItsLines(fragment: string, column: number): boolean {
  let i = fragment.indexOf('\n');
  while (i >= 0 && i + 1 < fragment.length) {
    const lineStart = i + 1;
    let j = lineStart;
    while (fragment.charCodeAt(j) === 32) j++;
    const c = fragment.charCodeAt(j);
    // CR: line breaks other than \n would make the line cut ambiguous; tabs are not indentation.
    if (c === 13 || c === 9) return false;
    const blank = c === 10 || j >= fragment.length;
    if (!blank && c !== 35 /* # */ && j - lineStart <= column) return false;
    i = fragment.indexOf('\n', lineStart);
  }
  return !fragment.includes('\r');
}

type Ranged = Node & { range: [number, number, number] };

/** Calls `f` on every node under `root` (keys and values), without recursion (hostile nesting). */
function eachNode(root: unknown, f: (node: Ranged) => boolean | void): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.key, n.value);
      continue;
    }
    if (!n || typeof n !== 'object') continue;
    if ((n as Node).range && f(n as Ranged) === false) return false;
    if (isMap(n) || isSeq(n)) for (const item of n.items) stack.push(item);
  }
  return true;
}

const hasAnchor = (root: unknown): boolean => !eachNode(root, (n) => !n.anchor);

/** Moves every node under `root` by `delta` (half the document after most edits: kept lean). */
function shiftAll(root: unknown, delta: number): void {
  if (delta === 0) return;
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop() as { range?: number[]; items?: unknown[]; key?: unknown; value?: unknown } | null;
    if (!n || typeof n !== 'object') continue;
    const r = n.range;
    if (r) {
      r[0] += delta;
      r[1] += delta;
      r[2] += delta;
    }
    const items = n.items;
    if (items) for (let i = 0; i < items.length; i++) stack.push(items[i]);
    else if (isPair(n)) stack.push(n.key, n.value);
  }
}

interface Level {
  blocks: MapBlocks;
  /** The item whose block holds the whole change. */
  k: number;
}

/** The block mappings from the root down whose one item's block holds the whole change, outermost first. */
function levelsHolding(doc: Document.Parsed, text: string, change: TextChange): Level[] {
  const levels: Level[] = [];
  let map: unknown = doc.contents;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const blocks = mapBlocks(map, text);
    if (!blocks) break;
    const { starts } = blocks;
    const n = starts.length;
    let k = n - 1;
    while (k >= 0 && starts[k] > change.start) k--;
    if (k < 0) break;
    const end = k + 1 < n ? starts[k + 1] : blocks.end;
    // Text typed right at the end of a block may belong to what follows (or change what trailing blank lines belong to).
    if (change.oldEnd > end || change.start >= end) break;
    levels.push({ blocks, k });
    map = blocks.map.items[k].value;
  }
  return levels;
}

const hasDirective = (text: string) => text.charCodeAt(0) === 37 || text.includes('\n%') || text.includes('\r%');

/** Deeper than any real Compose file; bounds the walk on hostile nesting. */
const MAX_DEPTH = 64;

/**
 * The document of `text`, made from `previous` (the document of `previousText`) by parsing again
 * only the innermost block-mapping item that holds the edit (a service, a key of one, a nested
 * key…); undefined when a full parse is needed.
 */
export function reparseDocument(previous: Document.Parsed | undefined, previousText: string, text: string): Document.Parsed | undefined {
  if (!previous || describes.get(previous) !== previousText || previous.errors.length) return undefined;
  if (previousText === text) return previous;
  // Directives (`%YAML 1.1`, `%TAG`) change how every scalar and tag reads: a fragment does not see them.
  if (hasDirective(previousText) || hasDirective(text)) return undefined;
  const change = changeBetween(previousText, text);
  const levels = levelsHolding(previous, previousText, change);
  // A renamed key keeps its value; else the innermost item first: the smaller the fragment, the
  // cheaper; an outer one when it cannot be cut.
  if (levels.length && spliceKey(previous, previousText, text, change, levels)) return previous;
  for (let i = levels.length - 1; i >= 0; i--) if (splice(previous, text, change, levels.slice(0, i + 1))) return previous;
  return undefined;
}

/**
 * The holders' ranges after the edit: positions up to `start` (the first item's key starts its
 * mapping) stay, those from `oldEnd` on move by `delta`; undefined when one falls in between.
 */
function moveAfter(holders: Ranged[], start: number, oldEnd: number, delta: number): [number, number, number][] | undefined {
  const ranges: [number, number, number][] = [];
  const moved = (o: number): number | undefined => (o <= start ? o : o >= oldEnd ? o + delta : undefined);
  for (const h of holders) {
    const r = h.range;
    const a = r && moved(r[0]);
    const b = r && moved(r[1]);
    const c = r && moved(r[2]);
    if (a === undefined || b === undefined || c === undefined) return undefined;
    ranges.push([a, b, c]);
  }
  return ranges;
}

/**
 * An edit inside the key of an item whose value is a block collection on the lines below (a
 * service renamed): only the key's line is parsed again, the value stays as it is.
 */
function spliceKey(doc: Document.Parsed, previousText: string, text: string, change: TextChange, levels: Level[]): boolean {
  const { blocks, k } = levels[levels.length - 1];
  const { map: parent, column, starts } = blocks;
  const start = starts[k];
  const old = parent.items[k];
  const value = old.value as Ranged | null;
  const lineEnd = previousText.indexOf('\n', start);
  if (!isScalar(old.key) || old.key.anchor || old.key.tag || !(isMap(value) || isSeq(value)) || value.flow || value.anchor || value.tag) return false;
  if (lineEnd < 0 || value.range[0] <= lineEnd || change.oldEnd > lineEnd) return false;
  const delta = change.newEnd - change.oldEnd;
  const line = text.slice(start, lineEnd + delta + 1);
  if (line.indexOf('\n') !== line.length - 1 || line.includes('\r') || line.includes('\t')) return false;
  const parsed = parseYaml(line);
  const map = parsed.contents;
  if (parsed.errors.length || parsed.warnings.length || !isMap(map) || map.items.length !== 1) return false;
  const pair = map.items[0] as Pair;
  const key = pair.key as Ranged | null;
  const empty = pair.value === null || (isScalar(pair.value) && pair.value.range?.[0] === pair.value.range?.[1] && !pair.value.anchor && !pair.value.tag);
  if (!isScalar(key) || !empty || key.anchor || key.tag || key.range[0] !== column || key.range[1] === column) return false;
  const holders: Ranged[] = [doc as unknown as Ranged, ...levels.map((l) => l.blocks.map as Ranged)];
  const ranges = moveAfter(holders, start + column, lineEnd, delta);
  if (!ranges) return false;
  if (doc.warnings.some((w) => w.pos[1] > start && w.pos[0] < lineEnd)) return false;

  describes.set(doc, text);
  shiftAll(key, start);
  old.key = key;
  shiftAll(value, delta);
  for (const l of levels) for (let i = l.k + 1; i < l.blocks.map.items.length; i++) shiftAll(l.blocks.map.items[i], delta);
  holders.forEach((h, i) => (h.range = ranges[i]));
  for (const w of doc.warnings) if (w.pos[0] >= lineEnd) w.pos = [w.pos[0] + delta, w.pos[1] + delta];
  return true;
}

/** Replaces the item of the innermost level by its new text parsed alone; false (nothing changed) when that cannot be done exactly. */
function splice(doc: Document.Parsed, text: string, change: TextChange, levels: Level[]): boolean {
  const { blocks, k } = levels[levels.length - 1];
  const holders: Ranged[] = [doc as unknown as Ranged, ...levels.map((l) => l.blocks.map as Ranged)];
  const { map: parent, column, starts } = blocks;
  const n = starts.length;
  const last = k === n - 1;
  const start = starts[k];
  const oldEnd = last ? blocks.end : starts[k + 1];
  const delta = change.newEnd - change.oldEnd;
  const newEnd = oldEnd + delta;
  // The next item (or what follows the mapping) must still start a line of its own.
  if (newEnd < text.length && text.charCodeAt(newEnd - 1) !== 10) return false;
  // Up to the next key itself: an empty value at the end of the block extends to the next token.
  const fragment = text.slice(start, last ? newEnd : newEnd + column);
  if (!isSpaces(fragment, 0, column) || fragment.charCodeAt(column) === 32 || !ownsItsLines(fragment, column)) return false;

  const parsed = parseYaml(fragment);
  if (parsed.errors.length) return false;
  const map = parsed.contents;
  if (!isMap(map) || map.flow || map.items.length !== 1 || !map.range) return false;
  const pair = map.items[0] as Pair;
  // An empty key (`: x`) is placed differently when the parser starts at the line.
  if (!isScalar(pair.key) || !pair.key.range || pair.key.range[0] !== column || pair.key.range[1] === column) return false;
  const old = parent.items[k];
  if (hasAnchor(pair) || hasAnchor(old)) return false;
  // The last item's lines end the mapping, and the mappings around it end with them: that holds
  // only when nothing follows its content (trailing comments belong to whichever mapping their
  // column says), and when that content does not end in an empty value (which reaches to the next
  // token, somewhere after the fragment).
  const endOf = (p: Pair, at: number) => ((p.value as Ranged | null)?.range ?? (p.key as Ranged).range)[2] + at;
  if (last) {
    if (endOf(old, 0) !== oldEnd || endOf(pair, 0) !== fragment.length || map.range[2] !== fragment.length) return false;
    if (!eachNode(pair, (n) => !(n.range[0] === n.range[1] && n.range[2] === fragment.length))) return false;
  }

  // Ends of the nodes that hold the item: after its block they move; nothing else may end inside it.
  const ranges = moveAfter(holders, start + column, oldEnd, delta);
  if (!ranges) return false;

  // Splice: nothing above has changed the previous document; from here on it belongs to the new text.
  describes.set(doc, text);
  shiftAll(pair, start);
  parent.items[k] = pair;
  // Everything after the block moves: the later items of each holding mapping.
  for (const l of levels) for (let i = l.k + 1; i < l.blocks.map.items.length; i++) shiftAll(l.blocks.map.items[i], delta);
  holders.forEach((h, i) => (h.range = ranges[i]));
  const outside = doc.warnings.filter((w) => w.pos[1] <= start || w.pos[0] >= oldEnd);
  for (const w of outside) if (w.pos[0] >= oldEnd) w.pos = [w.pos[0] + delta, w.pos[1] + delta];
  for (const w of parsed.warnings) w.pos = [w.pos[0] + start, w.pos[1] + start];
  doc.warnings = [...outside, ...parsed.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  return true;
}
