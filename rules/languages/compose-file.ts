/**
 * One Compose file as written: its services and their keys with source ranges. YAML aliases and
 * `<<` merge keys are resolved *without* expanding the document (an alias bomb stays cheap): a key a
 * service gets through a merge is reported at the use site (the alias), with the anchor's source as
 * related information.
 */
import { type Alias, type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, visit, type YAMLMap } from 'yaml';
import type { Span } from '../engine/types.js';
import type { ComposeEntry, ComposeModel, ComposeService } from './compose-model.js';

/** Limits that keep hostile YAML cheap: merge chains are short in real files. */
export const MAX_MERGE_DEPTH = 16;

export function nodeSpan(node: Node | null | undefined): Span | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** Anchors by name, per document: a splice keeps every anchor (and so the index) of the previous version. */
const anchorIndexes = new WeakMap<Document, Map<string, Node[]>>();

/** Follows aliases to their anchors (one step at a time, bounded). The parser's Alias.resolve walks the whole document each time; one index makes it a lookup. */
export function aliasResolver(doc: Document): (node: unknown) => Node | null {
  let anchors: Map<string, Node[]> | undefined = anchorIndexes.get(doc);
  const anchorOf = (alias: Alias): Node | undefined => {
    if (!anchors) {
      const index = new Map<string, Node[]>();
      visit(doc, {
        Node(_key, node) {
          if (node.anchor && !isAlias(node)) {
            const list = index.get(node.anchor);
            if (list) list.push(node);
            else index.set(node.anchor, [node]);
          }
        },
      });
      anchors = index;
      anchorIndexes.set(doc, index);
    }
    // An alias refers to the nearest anchor of that name before it.
    const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
    let found: Node | undefined;
    for (const n of anchors.get(alias.source) ?? []) if ((n.range?.[0] ?? 0) < at) found = n;
    return found;
  };
  return (node: unknown): Node | null => {
    let n = node as Node | null | undefined;
    for (let i = 0; i < MAX_MERGE_DEPTH && n && isAlias(n); i++) n = anchorOf(n);
    return n && !isAlias(n) ? n : null;
  };
}

/** The top-level `services:` of a document: whether there is one, and its services in order. */
export function readServices(doc: Document, resolve: (n: unknown) => Node | null): { isCompose: boolean; services: ComposeService[] } {
  const root = resolve(doc.contents);
  if (!isMap(root)) return { isCompose: false, services: [] };
  const servicesPair = root.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  const services = resolve(servicesPair?.value);
  if (!isMap(services)) return { isCompose: false, services: [] };
  const out: ComposeService[] = [];
  for (const pair of services.items) {
    if (!isScalar(pair.key)) continue;
    const keySpan = nodeSpan(pair.key as Node);
    if (keySpan) out.push(new Service(String(pair.key.value), keySpan, pair.value as Node | null, resolve));
  }
  return { isCompose: true, services: out };
}

/** A class, not closures: every version of a file makes one per service, most of them never asked anything. */
class Service implements ComposeService {
  readonly map: YAMLMap | undefined;
  private cache: Map<string, ComposeEntry> | undefined;

  constructor(
    readonly name: string,
    readonly keySpan: Span,
    readonly node: Node | null,
    private readonly resolve: (n: unknown) => Node | null,
  ) {
    const target = resolve(node);
    this.map = isMap(target) ? target : undefined;
  }

  private all(): Map<string, ComposeEntry> {
    if (!this.cache) {
      this.cache = new Map();
      // `svc: *base` — every key comes from the anchor; report at the alias.
      const aliasSpan = this.node && isAlias(this.node) ? nodeSpan(this.node) : undefined;
      if (this.map) collect(this.map, this.cache, aliasSpan, this.resolve, 0, new Set());
    }
    return this.cache;
  }

  get(key: string): ComposeEntry | undefined {
    const e = this.all().get(key);
    return e && e.tag !== '!reset' ? e : undefined;
  }

  entries(): ComposeEntry[] {
    return [...this.all().values()].filter((e) => e.tag !== '!reset');
  }

  written(key: string): ComposeEntry | undefined {
    return this.all().get(key);
  }

  writtenKeys(): Iterable<string> {
    return this.all().keys();
  }
}

function tagOf(node: unknown): ComposeEntry['tag'] {
  const tag = (node as Node | null)?.tag;
  return tag === '!reset' || tag === '!override' ? tag : undefined;
}

/**
 * Adds the effective entries of `map` to `out` (own keys first, then merges in order; first wins).
 * A `!reset` key is kept (marked) so that a merge does not bring the key back.
 */
function collect(map: YAMLMap, out: Map<string, ComposeEntry>, useSite: Span | undefined, resolve: (n: unknown) => Node | null, depth: number, seen: Set<Node>): void {
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
    const entry: ComposeEntry = {
      key,
      keyNode,
      value: (pair.value as Node | null) ?? null,
      pair,
      span: useSite ?? own,
      inheritedFrom: useSite ? nodeSpan(keyNode) : undefined,
    };
    const tag = tagOf(pair.value);
    if (tag) entry.tag = tag;
    out.set(key, entry);
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

/** The entries of any mapping of the file (with `<<` merges), reported at `useSite` when given; `!reset` keys are absent. */
export function mapEntries(model: Pick<ComposeModel, 'resolve'>, map: unknown, useSite?: Span): Map<string, ComposeEntry> {
  const out = rawEntries(model, map, useSite);
  for (const [k, e] of out) if (e.tag === '!reset') out.delete(k);
  return out;
}

/** mapEntries with `!reset` keys kept (marked), for merging across files. */
export function rawEntries(model: Pick<ComposeModel, 'resolve'>, map: unknown, useSite?: Span): Map<string, ComposeEntry> {
  const out = new Map<string, ComposeEntry>();
  const m = model.resolve(map);
  if (isMap(m)) collect(m, out, useSite ?? (isAlias(map) ? nodeSpan(map as Node) : undefined), model.resolve, 0, new Set());
  return out;
}

/** Plain JS value of a scalar (following aliases); undefined for collections or missing nodes. */
export function scalarValue(model: Pick<ComposeModel, 'resolve'>, node: unknown): unknown {
  const n = model.resolve(node);
  return isScalar(n) ? n.value : undefined;
}

/** A scalar's text as Compose reads it: the source text for plain scalars (`true`, `0800`), else the string; undefined for collections and null. */
export function scalarString(model: Pick<ComposeModel, 'resolve' | 'file'>, node: unknown): string | undefined {
  const n = model.resolve(node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  if (typeof n.value === 'string') return n.value;
  // `0800`, `1e3`, `yes`: the text as written, as Compose's YAML reader passes it on.
  if (n.type === 'PLAIN' && n.range) return model.file.text.slice(n.range[0], n.range[1]);
  return String(n.value);
}

/** Strings of a scalar-or-sequence-of-scalars value (`include`, `env_file` short forms), with their nodes. */
export function stringItems(model: Pick<ComposeModel, 'resolve'>, node: unknown): { text: string; node: Node }[] {
  const n = model.resolve(node);
  const nodes = isSeq(n) ? (n.items as Node[]) : n ? [n] : [];
  const out: { text: string; node: Node }[] = [];
  for (const w of nodes) {
    const r = model.resolve(w);
    if (isScalar(r) && typeof r.value === 'string') out.push({ text: r.value, node: w });
  }
  return out;
}

/** A top-level key of the file (`include`, `volumes`, `secrets`). */
export function topLevel(model: Pick<ComposeModel, 'resolve' | 'doc'>, key: string): Node | null {
  const root = model.resolve(model.doc?.contents);
  if (!isMap(root)) return null;
  return model.resolve(root.items.find((p) => isScalar(p.key) && p.key.value === key)?.value);
}
