import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, parseDocument, type YAMLMap } from 'yaml';
import type { LanguageSupport } from '../engine/language.js';
import type { SourceText } from '../engine/source.js';
import type { Span } from '../engine/types.js';

/**
 * The Compose model: services and their keys with source ranges. YAML aliases and `<<` merge keys
 * are resolved *without* expanding the document (an alias bomb stays cheap): a key that a service
 * gets through a merge is reported at the use site (the alias), with the anchor's source as related.
 */

/** Limits that keep hostile YAML cheap: merge chains are short in real files. */
const MAX_MERGE_DEPTH = 16;

export interface ComposeEntry {
  key: string;
  keyNode: Node;
  value: Node | null;
  pair: Pair;
  /** Where a finding about this entry goes: the key itself, or the merge alias that brought it in. */
  span: Span;
  /** Set when the entry comes from an anchor through `<<` or an aliased service. */
  inheritedFrom?: Span;
}

export interface ComposeService {
  name: string;
  keySpan: Span;
  /** The service's mapping, after following an alias; undefined for `svc:` with no body. */
  map: YAMLMap | undefined;
  /** The mapping node as written in the service (the alias node if the service is `svc: *x`). */
  node: Node | null;
  get(key: string): ComposeEntry | undefined;
  entries(): ComposeEntry[];
}

export interface ComposeModel {
  file: SourceText;
  doc: Document.Parsed | undefined;
  /** True when the document has a top-level `services:` mapping. */
  isCompose: boolean;
  services: ComposeService[];
  /** Follows aliases (one step at a time, bounded). */
  resolve(node: unknown): Node | null;
  spanOf(node: Node | null | undefined): Span | undefined;
}

export function nodeSpan(node: Node | null | undefined): Span | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

export function parseCompose(file: SourceText): ComposeModel {
  const doc = parseDocument(file.text, {
    keepSourceTokens: true,
    merge: true,
    strict: false,
    uniqueKeys: false,
    prettyErrors: false,
  }) as Document.Parsed;

  const resolve = (node: unknown): Node | null => {
    let n = node as Node | null | undefined;
    for (let i = 0; i < MAX_MERGE_DEPTH && n && isAlias(n); i++) n = n.resolve(doc) as Node | undefined;
    return n && !isAlias(n) ? n : null;
  };

  const model: ComposeModel = {
    file,
    doc,
    isCompose: false,
    services: [],
    resolve,
    spanOf: nodeSpan,
  };

  const root = resolve(doc.contents);
  if (!isMap(root)) return model;
  const servicesPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  const services = resolve(servicesPair?.value);
  if (!isMap(services)) return model;
  model.isCompose = true;

  for (const pair of services.items) {
    if (!isScalar(pair.key)) continue;
    const keySpan = nodeSpan(pair.key as Node);
    if (!keySpan) continue;
    model.services.push(makeService(String(pair.key.value), keySpan, pair.value as Node | null, resolve));
  }
  return model;
}

function makeService(name: string, keySpan: Span, written: Node | null, resolve: (n: unknown) => Node | null): ComposeService {
  const target = resolve(written);
  const map = isMap(target) ? target : undefined;
  // `svc: *base` — every key comes from the anchor; report at the alias.
  const aliasSpan = written && isAlias(written) ? nodeSpan(written) : undefined;
  let cache: Map<string, ComposeEntry> | undefined;
  const all = (): Map<string, ComposeEntry> => {
    if (!cache) {
      cache = new Map();
      if (map) collect(map, cache, aliasSpan, resolve, 0, new Set());
    }
    return cache;
  };
  return {
    name,
    keySpan,
    map,
    node: written,
    get: (key) => all().get(key),
    entries: () => [...all().values()],
  };
}

/** Adds the effective entries of `map` to `out` (own keys first, then merges in order; first wins). */
function collect(
  map: YAMLMap,
  out: Map<string, ComposeEntry>,
  useSite: Span | undefined,
  resolve: (n: unknown) => Node | null,
  depth: number,
  seen: Set<Node>,
): void {
  if (depth > MAX_MERGE_DEPTH || seen.has(map)) return;
  seen.add(map);
  const merges: Pair[] = [];
  for (const pair of map.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node;
    if (!isScalar(keyNode)) continue;
    // With `merge: true` the parser gives a plain `<<` key a symbol value; a quoted '<<' is a normal key.
    if (typeof keyNode.value === 'symbol') {
      merges.push(pair);
      continue;
    }
    const key = String(keyNode.value);
    if (out.has(key)) continue;
    const own = nodeSpan(keyNode);
    if (!own) continue;
    out.set(key, {
      key,
      keyNode,
      value: (pair.value as Node | null) ?? null,
      pair,
      span: useSite ?? own,
      inheritedFrom: useSite ? nodeSpan(keyNode) : undefined,
    });
  }
  for (const merge of merges) {
    const value = merge.value as Node | null;
    const sources = isSeq(value) ? (value.items as Node[]) : [value];
    for (const src of sources) {
      const resolved = resolve(src);
      if (!isMap(resolved)) continue;
      collect(resolved, out, useSite ?? nodeSpan(src) ?? nodeSpan(merge.key as Node), resolve, depth + 1, seen);
    }
  }
}

/** Plain JS value of a scalar (following aliases); undefined for collections or missing nodes. */
export function scalarValue(model: ComposeModel, node: unknown): unknown {
  const n = model.resolve(node);
  return isScalar(n) ? n.value : undefined;
}

/** Items of a sequence (following aliases), each with the span of the item as written. */
export function seqItems(model: ComposeModel, node: unknown): { node: Node | null; span: Span }[] {
  const n = model.resolve(node);
  if (!isSeq(n)) return [];
  const items: { node: Node | null; span: Span }[] = [];
  for (const item of n.items as Node[]) {
    const span = nodeSpan(item);
    if (span) items.push({ node: model.resolve(item), span });
  }
  return items;
}

export const composeLanguage: LanguageSupport<ComposeModel> = {
  id: 'compose',
  parse: parseCompose,
  statementStart: (_model, line) => line,
};
