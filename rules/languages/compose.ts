import { type Alias, type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, visit, type YAMLMap } from 'yaml';
import type { ParseContext } from '../engine/language.js';
import { SourceText } from '../engine/source.js';
import type { FilesView, RelatedInfo, Span } from '../engine/types.js';
import { type DotEnvEntry, type EnvLookup, type Interpolated, dotEnvLookup, interpolate, parseDotEnv } from './compose-interpolate.js';
import { parseYaml, reparseDocument } from './compose-reparse.js';
import { basename, dirname, joinPath } from './paths.js';

/**
 * The Compose model: services and their keys with source ranges. YAML aliases and `<<` merge keys
 * are resolved *without* expanding the document (an alias bomb stays cheap): a key that a service
 * gets through a merge is reported at the use site (the alias), with the anchor's source as related.
 *
 * On top of that, the *effective* model (`model.effective(name)`): what Compose really runs for a
 * service, with `extends` (same file and other file), `include`, the default override file
 * (`compose.override.yaml` next to `compose.yaml`) merged as Compose merges, `!reset`/`!override`,
 * and `${VAR}` interpolation against the `.env` next to the file (`interpolatedScalar`). Other files
 * come only through the files view given at parse time; without one, the model is this file alone.
 * Values that depend on a variable the project does not define are *unknown*, never guessed.
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
  /** `!reset` (the key is removed when merging) or `!override` (replaces instead of merging). */
  tag?: '!reset' | '!override';
}

export interface ComposeService {
  name: string;
  keySpan: Span;
  /** The service's mapping, after following an alias; undefined for `svc:` with no body. */
  map: YAMLMap | undefined;
  /** The mapping node as written in the service (the alias node if the service is `svc: *x`). */
  node: Node | null;
  /** The key as Compose sees it in this file; a key set to `!reset` is absent. */
  get(key: string): ComposeEntry | undefined;
  entries(): ComposeEntry[];
  /** Like get(), but also returns a `!reset` entry (for merging across files). */
  written(key: string): ComposeEntry | undefined;
}

export interface ComposeModel {
  file: SourceText;
  doc: Document.Parsed | undefined;
  /** True when the document has a top-level `services:` mapping. */
  isCompose: boolean;
  /** The services a rule checks: all of them, or the changed ones in an incremental lint (see compose-units.ts). */
  services: ComposeService[];
  /** The first service of that name in the file, whichever services a rule checks (for lookups: `extends`). */
  service(name: string): ComposeService | undefined;
  /** Follows aliases (one step at a time, bounded). */
  resolve(node: unknown): Node | null;
  spanOf(node: Node | null | undefined): Span | undefined;
  /** Path of the file (as linted: absolute and `/`-separated in the editor and the CLI). */
  path: string;
  /** Other files, when the caller gave a view of them. */
  files: FilesView | undefined;
  /** The `.env` next to the file, parsed; undefined when there is none (or no files view). */
  dotEnv(): { path: string; entries: DotEnvEntry[] } | undefined;
  /** Variables for interpolation: the `.env` values; anything else is unknown. */
  env: EnvLookup;
  interpolate(text: string): Interpolated;
  /** Another Compose file of the project, parsed once per lint; undefined when it cannot be read. */
  load(path: string): ComposeModel | undefined;
  /** The Compose files this one `include:`s (readable ones), in order. */
  includes(): ComposeModel[];
  /** The files Compose merges by default with this one (this one included), in merge order. */
  mergeSet(): { models: ComposeModel[]; role: 'single' | 'base' | 'override' };
  /** The service as Compose runs it (extends, include, override file); undefined when no file of the project defines it. */
  effective(name: string): EffectiveService | undefined;
}

/** One source of a service's configuration, lowest precedence first in `EffectiveService.layers`. */
export interface ServiceLayer {
  model: ComposeModel;
  service: ComposeService;
  /** How the layer reaches the service of the linted file. */
  via: 'self' | 'extends' | 'include' | 'override' | 'base';
  /** Where, in the linted file, values of this layer are reported (the `extends` key); undefined: at the value itself. */
  useSite?: Span;
  /** Values of this layer belong to another file that reports them itself (an override or base file, an include). */
  foreign: boolean;
}

export interface EffectivePart {
  entry: ComposeEntry;
  layer: ServiceLayer;
}

export interface EffectiveItem {
  /** The item, aliases followed. */
  node: Node | null;
  /** Span of the item as written, in `part.layer.model`'s file. */
  span: Span;
  part: EffectivePart;
  /** Where a finding about the item goes in the linted file; undefined when another file reports it. */
  reportSpan: Span | undefined;
}

export interface EffectivePair {
  name: string;
  /** The value as written (scalar text); null for `KEY` with no value (taken from the environment). */
  value: string | null;
  node: Node | null;
  part: EffectivePart;
  reportSpan: Span | undefined;
}

export interface EffectiveValue {
  key: string;
  /** Dotted path from the service: `build.args`, `healthcheck.test`. */
  path: string;
  /** Contributions after `!reset`/`!override`, lowest precedence first (never empty). */
  parts: EffectivePart[];
  /** The part that decides a scalar: the last one. */
  last: EffectivePart;
  /** Value node of the last part (aliases followed). */
  value: Node | null;
  /** Where to report about the deciding part in the linted file; undefined when another file reports it. */
  span: Span | undefined;
  /** Where the deciding value is written, when that is not at `span` (an anchor, another file). */
  related: RelatedInfo[];
  /** A key of a mapping value, merged across parts (`build` given as a string counts as `{context}`). */
  field(name: string): EffectiveValue | undefined;
  /** Items of a sequence, merged as Compose merges (append; unique keys for ports/volumes/secrets/configs; last wins for command/entrypoint/healthcheck.test). */
  items(): EffectiveItem[];
  /** `environment`-style values (list of `K=V` or mapping), merged by name. */
  pairs(): Map<string, EffectivePair>;
  /** The deciding scalar (aliases followed), uninterpolated. */
  scalar(): unknown;
  /** The deciding scalar interpolated against its file's `.env`. */
  interpolated(): Interpolated | undefined;
}

export interface EffectiveService {
  name: string;
  layers: ServiceLayer[];
  /** The service as written in the linted file, if it is there. */
  own: ComposeService | undefined;
  /** False when part of the configuration could not be read (an `extends` file, an unknown `${VAR}` in extends). */
  complete: boolean;
  get(key: string): EffectiveValue | undefined;
  /** Where, in the linted file, a finding about the service as a whole goes (its key, else undefined). */
  span: Span | undefined;
}

export function nodeSpan(node: Node | null | undefined): Span | undefined {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** Other Compose files read while linting one file: each parsed once, shared by the models of the project. */
interface ProjectCache {
  files: FilesView | undefined;
  models: Map<string, ComposeModel | undefined>;
}

/** Compose's default file names, in the order it looks for them (compose-go `DefaultFileNames`). */
export const DEFAULT_COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** The override files Compose merges by default into the default file (`DefaultOverrideFileNames`). */
export const DEFAULT_OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** `previous`, the model of an earlier version of the file, is re-used when the edit stays inside one service (compose-reparse.ts). */
export function parseCompose(file: SourceText, context: ParseContext<ComposeModel> = {}): ComposeModel {
  const previous = context.previous;
  const doc = previous && previous.path === file.path ? reparseDocument(previous.doc, previous.file.text, file.text) : undefined;
  // The files Compose merges with this one depend on the folder only (the same files: see ParseContext.previous).
  return parseWith(file, { files: context.files, models: new Map() }, doc, doc ? folders.get(previous!) : undefined);
}

/** What a model read from its folder (the same for every version of the file, the other files being the same). */
interface FolderFacts {
  /** No default override or base file merges with the file. */
  alone?: boolean;
  dotEnv?: { value: { path: string; entries: DotEnvEntry[] } | undefined };
}
const folders = new WeakMap<ComposeModel, FolderFacts>();

/** Anchors by name, per document: a splice keeps every anchor (and so the index) of the previous version. */
const anchorIndexes = new WeakMap<Document, Map<string, Node[]>>();

function parseWith(file: SourceText, cache: ProjectCache, parsed?: Document.Parsed, known: FolderFacts = {}): ComposeModel {
  const facts: FolderFacts = { ...known };
  const doc = parsed ?? parseYaml(file.text);

  // The parser's Alias.resolve walks the whole document each time; one index makes it a lookup.
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
  const resolve = (node: unknown): Node | null => {
    let n = node as Node | null | undefined;
    for (let i = 0; i < MAX_MERGE_DEPTH && n && isAlias(n); i++) n = anchorOf(n);
    return n && !isAlias(n) ? n : null;
  };

  const { files } = cache;
  const dir = dirname(file.path);
  const readDotEnv = () => {
    if (!facts.dotEnv) {
      const path = joinPath(dir, '.env');
      const text = files?.read(path);
      facts.dotEnv = { value: text === undefined ? undefined : { path, entries: parseDotEnv(text) } };
    }
    return facts.dotEnv.value;
  };
  let lookup: EnvLookup | undefined;
  const env: EnvLookup = (name) => (lookup ??= dotEnvLookup(readDotEnv()?.entries ?? []))(name);

  let includes: ComposeModel[] | undefined;
  let merge: ReturnType<ComposeModel['mergeSet']> | undefined;
  const mergeSet = () => {
    if (!merge) {
      merge = facts.alone ? { models: [model], role: 'single' } : mergeSetOf(model);
      facts.alone = merge.role === 'single';
    }
    return merge;
  };
  const effectiveCache = new Map<string, EffectiveService | undefined>();
  let names: Map<string, ComposeService> | undefined;
  const byName = () => {
    if (!names) {
      names = new Map();
      for (const s of model.services) if (!names.has(s.name)) names.set(s.name, s);
    }
    return names;
  };

  const model: ComposeModel = {
    file,
    doc,
    isCompose: false,
    services: [],
    service: (name) => byName().get(name),
    resolve,
    spanOf: nodeSpan,
    path: file.path,
    files,
    dotEnv: readDotEnv,
    env,
    interpolate: (text) => interpolate(text, env),
    load: (path) => loadModel(path, cache),
    includes: () => (includes ??= readIncludes(model)),
    mergeSet,
    effective(name) {
      if (!effectiveCache.has(name)) effectiveCache.set(name, effectiveService(model, name));
      return effectiveCache.get(name);
    },
  };
  cache.models.set(file.path, model);
  folders.set(model, facts);

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

function loadModel(path: string, cache: ProjectCache): ComposeModel | undefined {
  if (cache.models.has(path)) return cache.models.get(path);
  cache.models.set(path, undefined); // a file that includes itself reads as missing, not forever
  const text = cache.files?.read(path);
  if (text === undefined) return undefined;
  return parseWith(new SourceText(path, text), cache);
}

function makeService(name: string, keySpan: Span, written: Node | null, resolve: (n: unknown) => Node | null): ComposeService {
  return new Service(name, keySpan, written, resolve);
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
}

function tagOf(node: unknown): ComposeEntry['tag'] {
  const tag = (node as Node | null)?.tag;
  return tag === '!reset' || tag === '!override' ? tag : undefined;
}

/**
 * Adds the effective entries of `map` to `out` (own keys first, then merges in order; first wins).
 * A `!reset` key is kept (marked) so that a merge does not bring the key back.
 */
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
export function mapEntries(model: ComposeModel, map: unknown, useSite?: Span): Map<string, ComposeEntry> {
  const out = rawEntries(model, map, useSite);
  for (const [k, e] of out) if (e.tag === '!reset') out.delete(k);
  return out;
}

function rawEntries(model: ComposeModel, map: unknown, useSite?: Span): Map<string, ComposeEntry> {
  const out = new Map<string, ComposeEntry>();
  const m = model.resolve(map);
  if (isMap(m)) collect(m, out, useSite ?? (isAlias(map) ? nodeSpan(map as Node) : undefined), model.resolve, 0, new Set());
  return out;
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

/**
 * A scalar of the file interpolated against the project's `.env` (aliases followed); undefined for
 * collections, nulls and missing nodes. Numbers and booleans come back as their text. Rules that
 * must not guess check `unknown`: true when the value depends on a variable the project does not set.
 */
export function interpolatedScalar(model: ComposeModel, node: unknown): Interpolated | undefined {
  const n = model.resolve(node);
  if (!isScalar(n) || n.value === null || n.value === undefined) return undefined;
  if (typeof n.value !== 'string') return { value: String(n.value), unknown: false, substituted: false, variables: [], errors: [] };
  return model.interpolate(n.value);
}

/** Strings of a scalar-or-sequence-of-scalars value (`include`, `env_file` short forms), with their nodes. */
function stringItems(model: ComposeModel, node: unknown): { text: string; node: Node }[] {
  const n = model.resolve(node);
  const nodes = isSeq(n) ? (n.items as Node[]) : n ? [n] : [];
  const out: { text: string; node: Node }[] = [];
  for (const w of nodes) {
    const r = model.resolve(w);
    if (isScalar(r) && typeof r.value === 'string') out.push({ text: r.value, node: w });
  }
  return out;
}

/** Bounds for hostile or broken projects: real ones nest two or three levels. */
const MAX_INCLUDES = 32;
const MAX_EXTENDS_DEPTH = 10;

function readIncludes(model: ComposeModel): ComposeModel[] {
  const root = model.resolve(model.doc?.contents);
  if (!isMap(root)) return [];
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'include');
  const list = model.resolve(pair?.value);
  const out: ComposeModel[] = [];
  for (const item of isSeq(list) ? (list.items as Node[]) : []) {
    const r = model.resolve(item);
    // `- path` or `- path: a.yaml | [a.yaml, b.yaml]` (the long form's `project_directory`/`env_file` are not modelled).
    const paths = isMap(r) ? stringItems(model, mapEntries(model, r).get('path')?.value) : stringItems(model, r);
    for (const p of paths) {
      const resolved = model.interpolate(p.text);
      if (resolved.unknown || out.length >= MAX_INCLUDES) continue;
      const m = model.load(joinPath(dirname(model.path), resolved.value));
      if (m && m !== model) out.push(m);
    }
  }
  return out;
}

function exists(files: FilesView, path: string): boolean {
  const listing = files.list(dirname(path));
  return listing ? listing.includes(basename(path)) : files.read(path) !== undefined;
}

function firstExisting(files: FilesView, dir: string, names: readonly string[], self: string): string | undefined {
  for (const n of names) {
    const p = joinPath(dir, n);
    if (p === self || exists(files, p)) return p;
  }
  return undefined;
}

/** `docker compose` with no `-f`: the first default file of the folder, then the first override file. */
function mergeSetOf(model: ComposeModel): ReturnType<ComposeModel['mergeSet']> {
  const single = { models: [model], role: 'single' as const };
  const { files } = model;
  if (!files) return single;
  const name = basename(model.path);
  const dir = dirname(model.path);
  const self = joinPath(dir, name);
  if (DEFAULT_COMPOSE_NAMES.includes(name)) {
    if (firstExisting(files, dir, DEFAULT_COMPOSE_NAMES, self) !== self) return single;
    const path = firstExisting(files, dir, DEFAULT_OVERRIDE_NAMES, '');
    const other = path ? model.load(path) : undefined;
    return other ? { models: [model, other], role: 'base' } : single;
  }
  if (DEFAULT_OVERRIDE_NAMES.includes(name)) {
    if (firstExisting(files, dir, DEFAULT_OVERRIDE_NAMES, self) !== self) return single;
    const path = firstExisting(files, dir, DEFAULT_COMPOSE_NAMES, '');
    const other = path ? model.load(path) : undefined;
    return other ? { models: [other, model], role: 'override' } : single;
  }
  return single;
}

interface LayerState {
  complete: boolean;
  stack: Set<string>;
}

/** `extends: base` or `extends: {service, file}`, interpolated; undefined when it cannot be known. */
function extendsTarget(model: ComposeModel, entry: ComposeEntry): { service: string; file?: string } | undefined {
  const v = model.resolve(entry.value);
  const text = (node: unknown) => {
    const r = interpolatedScalar(model, node);
    return r && !r.unknown ? r.value : undefined;
  };
  if (isScalar(v)) {
    const service = text(v);
    return service ? { service } : undefined;
  }
  if (!isMap(v)) return undefined;
  const entries = mapEntries(model, v);
  const service = text(entries.get('service')?.value);
  if (!service) return undefined;
  const fileEntry = entries.get('file');
  if (!fileEntry) return { service };
  const file = text(fileEntry.value);
  return file ? { service, file } : undefined;
}

/** The layers one file gives a service: its `extends` chain (base first), then the service itself. */
function fileLayers(
  model: ComposeModel,
  name: string,
  via: ServiceLayer['via'],
  useSite: Span | undefined,
  foreign: boolean,
  state: LayerState,
  depth: number,
): ServiceLayer[] {
  const key = `${model.path}#${name}`;
  if (depth > MAX_EXTENDS_DEPTH || state.stack.has(key)) {
    // A cycle or an absurd chain: Compose refuses the file, so nothing here is certain.
    state.complete = false;
    return [];
  }
  const svc = model.service(name);
  if (!svc) {
    for (const inc of model.includes()) {
      const layers = fileLayers(inc, name, via === 'self' ? 'include' : via, useSite, true, state, depth + 1);
      if (layers.length) return layers;
    }
    return [];
  }
  state.stack.add(key);
  const layers: ServiceLayer[] = [];
  const ext = svc.get('extends');
  if (ext) {
    const target = extendsTarget(model, ext);
    const site = useSite ?? (foreign ? undefined : ext.span);
    if (!target) state.complete = false;
    else {
      const from = target.file === undefined ? model : model.load(joinPath(dirname(model.path), target.file));
      if (!from) state.complete = false;
      else {
        const base = fileLayers(from, target.service, 'extends', site, foreign, state, depth + 1);
        if (!base.length) state.complete = false;
        layers.push(...base);
      }
    }
  }
  layers.push({ model, service: svc, via, useSite, foreign });
  state.stack.delete(key);
  return layers;
}

function effectiveService(root: ComposeModel, name: string): EffectiveService | undefined {
  const { models, role } = root.mergeSet();
  const state: LayerState = { complete: true, stack: new Set() };
  const layers: ServiceLayer[] = [];
  for (const m of models) {
    const self = m === root;
    layers.push(...fileLayers(m, name, self ? 'self' : role === 'base' ? 'override' : 'base', undefined, !self, state, 0));
  }
  if (!layers.length) return undefined;
  const own = root.service(name);
  return {
    name,
    layers,
    own,
    complete: state.complete,
    span: own?.keySpan,
    get(key) {
      const parts: EffectivePart[] = [];
      for (const layer of layers) {
        const entry = layer.service.written(key);
        if (entry) addPart(parts, { entry, layer });
      }
      return parts.length ? makeValue(root, key, key, parts) : undefined;
    },
  };
}

/** `!reset` drops what came before (and itself); `!override` replaces what came before. */
function addPart(parts: EffectivePart[], part: EffectivePart): void {
  if (part.entry.tag === '!reset') {
    parts.length = 0;
    return;
  }
  if (part.entry.tag === '!override') parts.length = 0;
  parts.push(part);
}

function reportSpanOf(part: EffectivePart): Span | undefined {
  return part.layer.foreign ? undefined : (part.layer.useSite ?? part.entry.span);
}

/** The value came through an anchor (`<<`, alias) or a use site: nested findings go where the part is reported. */
function viaAnchor(part: EffectivePart): boolean {
  return part.layer.useSite !== undefined || part.entry.inheritedFrom !== undefined || isAlias(part.entry.value);
}

function relatedOf(root: ComposeModel, part: EffectivePart, path: string): RelatedInfo[] {
  const at = reportSpanOf(part);
  const written = part.entry.inheritedFrom ?? nodeSpan(part.entry.keyNode);
  if (!at || !written) return [];
  const other = part.layer.model.path !== root.path;
  if (!other && written.start === at.start && written.end === at.end) return [];
  const where = other ? ` in ${basename(part.layer.model.path)}` : '';
  return [{ span: written, message: `${path} is set here${where}`, ...(other ? { path: part.layer.model.path } : {}) }];
}

/** `build: ./dir` is `build: {context: ./dir}`; `extends: base` is `extends: {service: base}`. */
const SHORTHAND: Record<string, string> = { build: 'context', extends: 'service' };
/** Sequences the last file replaces instead of appending to (Compose's merge rules). */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'healthcheck.test']);

function makeValue(root: ComposeModel, key: string, path: string, parts: EffectivePart[]): EffectiveValue {
  const last = parts[parts.length - 1];
  return {
    key,
    path,
    parts,
    last,
    value: last.layer.model.resolve(last.entry.value),
    span: reportSpanOf(last),
    related: relatedOf(root, last, path),
    field: (name) => fieldOf(root, path, parts, name),
    items: () => itemsOf(path, parts),
    pairs: () => pairsOf(parts),
    scalar: () => scalarValue(last.layer.model, last.entry.value),
    interpolated: () => interpolatedScalar(last.layer.model, last.entry.value),
  };
}

function fieldOf(root: ComposeModel, path: string, parts: EffectivePart[], name: string): EffectiveValue | undefined {
  const out: EffectivePart[] = [];
  for (const p of parts) {
    const m = p.layer.model;
    const node = m.resolve(p.entry.value);
    if (isMap(node)) {
      const entry = rawEntries(m, p.entry.value, viaAnchor(p) ? reportSpanOf(p) ?? p.entry.span : undefined).get(name);
      if (entry) addPart(out, { entry, layer: p.layer });
    } else if (SHORTHAND[path] === name && isScalar(node)) {
      addPart(out, p);
    } else {
      out.length = 0; // a scalar where a mapping was: the last one wins
    }
  }
  return out.length ? makeValue(root, name, `${path}.${name}`, out) : undefined;
}

function itemsOf(path: string, parts: EffectivePart[]): EffectiveItem[] {
  const use = REPLACED_SEQUENCES.has(path) ? [parts[parts.length - 1]] : parts;
  const out: EffectiveItem[] = [];
  const at = new Map<string, number>();
  for (const p of use) {
    const m = p.layer.model;
    const node = m.resolve(p.entry.value);
    const written = isSeq(node) ? (node.items as Node[]) : isScalar(node) && node.value !== null ? [p.entry.value as Node] : [];
    const base = reportSpanOf(p);
    const anchored = viaAnchor(p);
    for (const w of written) {
      const span = nodeSpan(w);
      if (!span) continue;
      const n = m.resolve(w);
      const item: EffectiveItem = { node: n, span, part: p, reportSpan: base === undefined ? undefined : anchored ? base : span };
      const k = uniqueKey(path, m, n);
      const i = k === undefined ? undefined : at.get(k);
      if (i !== undefined) {
        out[i] = item;
        continue;
      }
      if (k !== undefined) at.set(k, out.length);
      out.push(item);
    }
  }
  return out;
}

function pairsOf(parts: EffectivePart[]): Map<string, EffectivePair> {
  const out = new Map<string, EffectivePair>();
  for (const p of parts) {
    const m = p.layer.model;
    const node = m.resolve(p.entry.value);
    const base = reportSpanOf(p);
    const anchored = viaAnchor(p);
    if (isSeq(node)) {
      for (const w of node.items as Node[]) {
        const n = m.resolve(w);
        const span = nodeSpan(w);
        if (!isScalar(n) || n.value === null || !span) continue;
        const text = String(n.value);
        const eq = text.indexOf('=');
        const name = eq < 0 ? text : text.slice(0, eq);
        out.delete(name);
        out.set(name, { name, value: eq < 0 ? null : text.slice(eq + 1), node: n, part: p, reportSpan: base && (anchored ? base : span) });
      }
    } else if (isMap(node)) {
      for (const [name, e] of rawEntries(m, p.entry.value, anchored ? (base ?? p.entry.span) : undefined)) {
        out.delete(name);
        if (e.tag === '!reset') continue;
        const v = m.resolve(e.value);
        const value = isScalar(v) && v.value !== null && v.value !== undefined ? String(v.value) : null;
        out.set(name, { name, value, node: v, part: p, reportSpan: base && (anchored ? base : e.span) });
      }
    }
  }
  return out;
}

/** The key Compose uses to merge items of ports, volumes, secrets and configs; plain scalars dedupe by value. */
function uniqueKey(path: string, model: ComposeModel, node: Node | null): string | undefined {
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
      return long
        ? `${field('host_ip')}|${field('published')}|${field('target')}|${field('protocol') || 'tcp'}`
        : text === undefined
          ? undefined
          : portKey(text);
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

/** One `env_file` of a service, with the variables it defines (read through the files view). */
export interface EnvFileRef {
  /** As written (interpolated). */
  text: string;
  /** Absolute path. */
  path: string;
  /** `required: false` files may be missing. */
  required: boolean;
  item: EffectiveItem;
  /** Parsed entries; undefined when the file cannot be read. */
  entries: DotEnvEntry[] | undefined;
}

/** The env files of a service as Compose loads them (merged across extends/override files). */
export function envFiles(model: ComposeModel, svc: EffectiveService): EnvFileRef[] {
  const value = svc.get('env_file');
  if (!value) return [];
  const out: EnvFileRef[] = [];
  for (const item of value.items()) {
    const m = item.part.layer.model;
    const entries = isMap(item.node) ? mapEntries(m, item.node) : undefined;
    const pathNode = entries ? entries.get('path')?.value : item.node;
    const r = interpolatedScalar(m, pathNode);
    if (!r || r.unknown || !r.value) continue;
    const required = entries ? scalarValue(m, entries.get('required')?.value) !== false : true;
    const path = joinPath(dirname(m.path), r.value);
    const text = model.files?.read(path);
    out.push({ text: r.value, path, required, item, entries: text === undefined ? undefined : parseDotEnv(text) });
  }
  return out;
}
