/**
 * Every string a service holds as Compose runs it (values, list items, `KEY=value` items), merged
 * across the files of the project, each with its path from the service and where a finding about
 * it goes: for rules that look for secrets and tokens in any value. Bounded: very large or deeply
 * nested services are cut short.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../engine/types.js';
import type { EnvLookup } from './compose-interpolate.js';
import type { ComposeModel, EffectiveService, EffectiveValue, Placement } from './compose-model.js';
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

/** Where strings below a node go: in place (each at itself), or all at one use site. */
interface Site {
  model: ComposeModel;
  env: EnvLookup;
  /** The use site every string below reports at, with the string as related information; undefined: each string where it is written. */
  at: Span | undefined;
  /** Another file reports these strings. */
  foreign: boolean;
  editable: boolean;
}

function same(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

function place(root: ComposeModel, site: Site, written: Span): Placement {
  const span = site.foreign ? undefined : (site.at ?? written);
  const other = site.model.path !== root.path;
  const relatedAs = (message: string) =>
    !span || (!other && same(span, written)) ? [] : [{ span: written, message, ...(other ? { path: site.model.path } : {}) }];
  return { span, written, model: site.model, editable: site.editable && site.at === undefined && !other, related: relatedAs('the value is written here'), relatedAs };
}

export function serviceStrings(root: ComposeModel, svc: EffectiveService, budget = 5000): ServiceString[] {
  const out: ServiceString[] = [];
  let left = budget;
  const path: string[] = [];

  const emit = (node: Scalar, written: Span, key: string | undefined, site: Site) => {
    if (typeof node.value !== 'string') return;
    out.push({ ...place(root, site, written), value: node.value, path: path.slice(), key, node, env: site.env });
  };

  // One file's subtree: aliases and `<<` merges followed, a merged or aliased part reported at its use site.
  const visit = (written: unknown, key: string | undefined, site: Site, depth: number): void => {
    if (left-- <= 0 || depth > 32) return;
    const node = site.model.resolve(written);
    if (!node) return;
    const span = nodeSpan(written as Node);
    if (isScalar(node)) {
      if (span) emit(node, isAlias(written) ? (nodeSpan(node) ?? span) : span, key, isAlias(written) && !site.at ? { ...site, at: span } : site);
      return;
    }
    const here = !site.at && isAlias(written) && span ? { ...site, at: span } : site;
    if (isSeq(node)) {
      const items = node.items as Node[];
      for (let i = 0; i < items.length; i++) {
        path.push(`[${i}]`);
        visit(items[i], undefined, here, depth + 1);
        path.pop();
      }
    } else if (isMap(node)) walkMap(node, here, depth);
  };

  const walkMap = (map: YAMLMap, site: Site, depth: number) => {
    const seen = new Set<string>();
    // A mapping merged twice (or merging itself) adds no key the second time: without this, 3^16 walks.
    const walked = new Set<YAMLMap>();
    const walk = (m: YAMLMap, s: Site, d: number): void => {
      if (d > MAX_MERGE_DEPTH || left <= 0 || walked.has(m)) return;
      walked.add(m);
      let merges: Pair[] | undefined;
      for (const pair of m.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        if (typeof pair.key.value === 'symbol') {
          (merges ??= []).push(pair);
          continue;
        }
        const k = String(pair.key.value);
        if (seen.has(k)) continue;
        seen.add(k);
        path.push(k);
        visit(pair.value, k, s, depth + 1);
        path.pop();
      }
      for (const merge of merges ?? []) {
        const value = merge.value as Node | null;
        for (const src of isSeq(value) ? (value.items as Node[]) : [value]) {
          const target = s.model.resolve(src);
          if (isMap(target)) walk(target, s.at ? s : { ...s, at: nodeSpan(src) ?? nodeSpan(merge.key as Node) }, d + 1);
        }
      }
    };
    walk(map, site, 0);
  };

  // The merged service: mappings merged by key, sequences by Compose's rules, then each file's subtree.
  // Mappings on the way down: a mapping that holds itself through an alias is walked once.
  const onPath = new Set<unknown>();
  const walkValue = (v: EffectiveValue, key: string, depth: number): void => {
    if (left-- <= 0 || depth > 32 || onPath.has(v.value)) return;
    const last = v.last;
    const node = v.value;
    const siteOf = (p: typeof last, at: Span | undefined): Site => ({
      model: p.layer.model,
      env: p.layer.env,
      at,
      foreign: p.layer.foreign,
      editable: p.layer.via === 'self',
    });
    if (DICTS.has(v.path) && (isMap(node) || isSeq(node))) {
      let i = 0;
      for (const pair of v.pairs().values()) {
        if (left-- <= 0) return;
        const index = i++;
        if (!isScalar(pair.node)) continue;
        path.push(pair.syntax === 'list' ? `[${index}]` : pair.name);
        const written = pair.syntax === 'list' ? pair.written : (nodeSpan(isPair(pair.item) ? (pair.item.value as Node) : null) ?? pair.written);
        const inPlace = pair.span !== undefined && same(pair.span, pair.written) && pair.model.path === root.path;
        const at = pair.span === undefined || inPlace ? undefined : pair.span;
        const site: Site = { model: pair.model, env: pair.env, at, foreign: pair.span === undefined, editable: pair.editable };
        emit(pair.node, written, pair.syntax === 'map' ? pair.name : undefined, site);
        path.pop();
      }
      return;
    }
    if (isMap(node)) {
      onPath.add(node);
      for (const name of v.keys()) {
        const f = v.field(name);
        if (!f) continue;
        path.push(name);
        walkValue(f, name, depth + 1);
        path.pop();
      }
      onPath.delete(node);
      return;
    }
    if (isSeq(node)) {
      v.items().forEach((item, i) => {
        path.push(`[${i}]`);
        const inPlace = item.span !== undefined && same(item.span, item.written) && item.model.path === root.path;
        visit(item.item, undefined, { ...siteOf(item.part, inPlace ? undefined : item.span), editable: item.editable }, 1);
        path.pop();
      });
      return;
    }
    // A scalar: reported where it is written in the service, else at the key or alias that brings it in.
    visit(last.entry.value, key, siteOf(last, v.editable ? undefined : v.span), 1);
  };

  for (const key of svc.keys()) {
    const v = svc.get(key);
    if (!v) continue;
    path.push(key);
    walkValue(v, key, 0);
    path.pop();
  }
  return out;
}
