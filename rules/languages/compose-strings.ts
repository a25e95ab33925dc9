/**
 * Every string a service holds as Compose runs it (values, list items, `KEY=value` items), merged
 * across the files of the project, each with its path from the service and where a finding about
 * it goes: for rules that look for secrets and tokens in any value. Bounded: very large or deeply
 * nested services are cut short.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../engine/types.js';
import type { EnvLookup } from './compose-interpolate.js';
import type { ComposeModel, EffectivePart, EffectiveService, EffectiveValue, Placement } from './compose-model.js';
import { Place } from './compose-place.js';
import { MAX_MERGE_DEPTH, nodeSpan } from './compose-file.js';

export interface ServiceString extends Placement {
  /** The string as written (not interpolated). */
  value: string;
  /** Keys (and `[i]` indexes) from the service down to the string: `['healthcheck', 'test', '[1]']`. */
  path: string[];
  /** For a string that is a mapping's value, the key it is under (a label's name, an env key). */
  key?: string;
  node: Scalar;
  env: EnvLookup;
}

/** Values that are mappings written as a list of `KEY=value` or a mapping, merged by name. */
const DICTS = new Set(['environment', 'labels', 'annotations', 'sysctls', 'extra_hosts', 'build.args', 'build.labels', 'deploy.labels']);
const MAX_NESTING = 32;

/** Where strings below a node go: each where it is written, or all at one use site. */
interface Site {
  model: ComposeModel;
  env: EnvLookup;
  /** The use site every string below reports at (the string is related information); undefined: each string where it is written. */
  at: Span | undefined;
  /** Another file reports these strings. */
  foreign: boolean;
  editable: boolean;
}

function same(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** Walks one service; a class rather than closures, as it runs for every service on every lint. */
class StringWalker {
  readonly out: ServiceString[] = [];
  private left: number;
  private readonly path: string[] = [];
  /** Mappings on the way down: a mapping that holds itself through an alias is walked once. */
  private readonly onPath = new Set<unknown>();

  constructor(
    private readonly root: ComposeModel,
    budget: number,
  ) {
    this.left = budget;
  }

  private emit(node: Scalar, written: Span, key: string | undefined, site: Site): void {
    if (typeof node.value !== 'string') return;
    const span = site.foreign ? undefined : (site.at ?? written);
    const editable = site.editable && site.at === undefined && site.model.path === this.root.path;
    const place = new Place(this.root, site.model, written, span, editable, 'the value');
    this.out.push(Object.assign(place, { value: node.value, path: this.path.slice(), key, node, env: site.env }));
  }

  /** One file's subtree: aliases and `<<` merges followed, a merged or aliased part reported at its use site. */
  private visit(written: unknown, key: string | undefined, site: Site, depth: number): void {
    if (this.left-- <= 0 || depth > MAX_NESTING) return;
    const node = site.model.resolve(written);
    if (!node) return;
    const span = nodeSpan(written as Node);
    const alias = isAlias(written) && span !== undefined;
    if (isScalar(node)) {
      if (span) this.emit(node, alias ? (nodeSpan(node) ?? span) : span, key, alias && !site.at ? { ...site, at: span } : site);
      return;
    }
    const here = alias && !site.at ? { ...site, at: span } : site;
    if (isSeq(node)) {
      const items = node.items as Node[];
      for (let i = 0; i < items.length; i++) {
        this.path.push(`[${i}]`);
        this.visit(items[i], undefined, here, depth + 1);
        this.path.pop();
      }
    } else if (isMap(node)) this.walkMap(node, here, depth, new Set(), new Set(), 0);
  }

  private walkMap(map: YAMLMap, site: Site, depth: number, seen: Set<string>, walked: Set<YAMLMap>, merges: number): void {
    // A mapping merged twice (or merging itself) adds no key the second time: without this, 3^16 walks.
    if (merges > MAX_MERGE_DEPTH || this.left <= 0 || walked.has(map)) return;
    walked.add(map);
    let mergePairs: Pair[] | undefined;
    for (const pair of map.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      if (typeof pair.key.value === 'symbol') {
        (mergePairs ??= []).push(pair);
        continue;
      }
      const k = String(pair.key.value);
      if (seen.has(k)) continue;
      seen.add(k);
      this.path.push(k);
      this.visit(pair.value, k, site, depth + 1);
      this.path.pop();
    }
    for (const merge of mergePairs ?? []) {
      const value = merge.value as Node | null;
      for (const src of isSeq(value) ? (value.items as Node[]) : [value]) {
        const target = site.model.resolve(src);
        if (isMap(target)) this.walkMap(target, site.at ? site : { ...site, at: nodeSpan(src) ?? nodeSpan(merge.key as Node) }, depth, seen, walked, merges + 1);
      }
    }
  }

  private siteOf(p: EffectivePart, at: Span | undefined, editable: boolean): Site {
    return { model: p.layer.model, env: p.layer.env, at, foreign: p.layer.foreign, editable };
  }

  /** The merged service: mappings merged by key, sequences by Compose's rules, then each file's subtree. */
  walkValue(v: EffectiveValue, key: string, depth: number): void {
    const node = v.value;
    if (this.left-- <= 0 || depth > MAX_NESTING || this.onPath.has(node)) return;
    if (DICTS.has(v.path) && (isMap(node) || isSeq(node))) {
      let i = 0;
      for (const pair of v.pairs().values()) {
        if (this.left-- <= 0) return;
        const index = i++;
        if (!isScalar(pair.node)) continue;
        this.path.push(pair.syntax === 'list' ? `[${index}]` : pair.name);
        const written = pair.syntax === 'list' ? pair.written : (nodeSpan(isPair(pair.item) ? (pair.item.value as Node) : null) ?? pair.written);
        const inPlace = pair.span !== undefined && same(pair.span, pair.written) && pair.model.path === this.root.path;
        const site = this.siteOf(pair.part, pair.span === undefined || inPlace ? undefined : pair.span, pair.editable);
        this.emit(pair.node, written, pair.syntax === 'map' ? pair.name : undefined, site);
        this.path.pop();
      }
      return;
    }
    if (isMap(node)) {
      this.onPath.add(node);
      for (const name of v.keys()) {
        const f = v.field(name);
        if (!f) continue;
        this.path.push(name);
        this.walkValue(f, name, depth + 1);
        this.path.pop();
      }
      this.onPath.delete(node);
      return;
    }
    if (isSeq(node)) {
      const items = v.items();
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        this.path.push(`[${i}]`);
        const inPlace = item.span !== undefined && same(item.span, item.written) && item.model.path === this.root.path;
        this.visit(item.item, undefined, this.siteOf(item.part, inPlace ? undefined : item.span, item.editable), 1);
        this.path.pop();
      }
      return;
    }
    // A scalar: reported where it is written in the service, else at the key or alias that brings it in.
    this.visit(v.last.entry.value, key, this.siteOf(v.last, v.editable ? undefined : v.span, v.last.layer.via === 'self'), 1);
  }

  walkService(svc: EffectiveService): void {
    for (const key of svc.keys()) {
      const v = svc.get(key);
      if (!v) continue;
      this.path.push(key);
      this.walkValue(v, key, 0);
      this.path.pop();
    }
  }
}

export function serviceStrings(root: ComposeModel, svc: EffectiveService, budget = 5000): ServiceString[] {
  const walker = new StringWalker(root, budget);
  walker.walkService(svc);
  return walker.out;
}
