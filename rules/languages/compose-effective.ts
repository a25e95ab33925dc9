/**
 * The effective service: what `docker compose config` prints for a service, built from layers —
 * its `extends` chain (base first), then each file Compose merges (the linted file, override or base
 * files, files they include) — merged as Compose merges: mappings by key, sequences appended (unique
 * keys for ports, volumes, secrets and configs; the last file wins for command, entrypoint and
 * healthcheck.test), scalars replaced, `!reset` drops and `!override` replaces what came before.
 *
 * Every value keeps where it is written and where, in the linted file, a finding about it goes:
 * at the value when it is written in the linted file's service; at the merge alias or the `extends`
 * key that brings it in (with the anchor or the other file as related information); nowhere when
 * another file of the merge set writes it (that file reports it).
 */
import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { RelatedInfo, Span } from '../engine/types.js';
import { type EnvLookup, type Interpolated, interpolate } from './compose-interpolate.js';
import type { ComposeEntry, ComposeModel, ComposeService, EffectiveItem, EffectivePair, EffectivePart, EffectiveService, EffectiveValue, ServiceLayer } from './compose-model.js';
import { mapEntries, nodeSpan, rawEntries, scalarString, scalarValue } from './compose-file.js';
import { uniqueKey } from './compose-merge-keys.js';
import { Place, relatedAt } from './compose-place.js';
import { dirname, joinPath } from './paths.js';

/** An `extends` chain longer than this is hostile or broken: Compose would refuse it anyway. */
const MAX_EXTENDS_DEPTH = 10;

interface LayerState {
  complete: boolean;
  stack: Set<string>;
}

/** Where layers of one file come from: how they reach the linted service, with which variables and project directory. */
interface LayerSource {
  via: ServiceLayer['via'];
  useSite: Span | undefined;
  foreign: boolean;
  env: EnvLookup;
  dir: string;
}

/** `extends: base` or `extends: {service, file}`, interpolated; undefined when it cannot be known. */
function extendsTarget(model: ComposeModel, entry: ComposeEntry, env: EnvLookup): { service: string; file?: string } | undefined {
  const v = model.resolve(entry.value);
  const text = (node: unknown) => {
    const raw = scalarString(model, node);
    const r = raw === undefined ? undefined : interpolate(raw, env);
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
function fileLayers(model: ComposeModel, name: string, src: LayerSource, state: LayerState, depth: number): ServiceLayer[] {
  const key = `${model.path}#${name}`;
  if (depth > MAX_EXTENDS_DEPTH || state.stack.has(key)) {
    // A cycle or an absurd chain: Compose refuses the file, so nothing here is certain.
    state.complete = false;
    return [];
  }
  const svc = model.service(name);
  if (!svc) {
    for (const inc of model.includes()) {
      const from: LayerSource = { via: src.via === 'self' ? 'include' : src.via, useSite: src.useSite, foreign: true, env: inc.env, dir: inc.dir };
      const layers = fileLayers(inc.model, name, from, state, depth + 1);
      if (layers.length) return layers;
    }
    return [];
  }
  state.stack.add(key);
  const layers: ServiceLayer[] = [];
  const ext = svc.get('extends');
  if (ext) {
    const target = extendsTarget(model, ext, src.env);
    const site = src.useSite ?? (src.foreign ? undefined : ext.span);
    if (!target) state.complete = false;
    else {
      const from = target.file === undefined ? model : model.load(joinPath(dirname(model.path), target.file));
      if (!from) state.complete = false;
      else {
        // Relative paths of an extended file start at its own folder.
        const dir = from === model ? src.dir : dirname(from.path);
        const base = fileLayers(from, target.service, { ...src, via: 'extends', useSite: site, dir }, state, depth + 1);
        if (!base.length) state.complete = false;
        layers.push(...base);
      }
    }
  }
  layers.push({ model, service: svc, via: src.via, useSite: src.useSite, foreign: src.foreign, env: src.env, dir: src.dir });
  state.stack.delete(key);
  return layers;
}

export function effectiveService(root: ComposeModel, name: string): EffectiveService | undefined {
  const { models } = root.mergeSet();
  const { env, dir } = root.project();
  const state: LayerState = { complete: true, stack: new Set() };
  const layers: ServiceLayer[] = [];
  let owner: ComposeModel | undefined;
  for (const m of models) {
    const self = m === root;
    const via = self ? 'self' : models.indexOf(m) > models.indexOf(root) ? 'override' : 'base';
    const added = fileLayers(m, name, { via, useSite: undefined, foreign: !self, env, dir }, state, 0);
    if (added.length && !owner && m.service(name)) owner = m;
    layers.push(...added);
  }
  if (!layers.length) return undefined;
  const own = root.service(name);
  // Findings about the service as a whole go to the first file of the merge set that defines it.
  return new Service(root, name, layers, own, state.complete, owner === root ? own?.keySpan : undefined);
}

/** A class, not closures: one per service, and every rule asks each for a few dozen keys through one call site. */
class Service implements EffectiveService {
  /**
   * Values of the keys asked for that some layer writes. A key no layer writes is not remembered:
   * finding that out again is one lookup per layer, cheaper than remembering it (rules ask each of
   * 5,000 services for dozens of keys it does not have).
   */
  private readonly values = new Map<string, EffectiveValue>();
  /**
   * The keys any service of the layers' files writes (one set per file, shared by its services):
   * most keys asked for are written by no service, and one look-up in a small set that every
   * service shares beats two in this service's own maps (5,000 services' maps do not stay in cache).
   */
  private readonly fileKeys: ReadonlySet<string>[];

  constructor(
    private readonly root: ComposeModel,
    readonly name: string,
    readonly layers: ServiceLayer[],
    readonly own: ComposeService | undefined,
    readonly complete: boolean,
    readonly span: Span | undefined,
  ) {
    const files = new Set<ComposeModel>();
    for (const layer of layers) files.add(layer.model);
    this.fileKeys = [...files].map((m) => m.serviceKeys());
  }

  private anyFileWrites(key: string): boolean {
    // Indexed: asked hundreds of thousands of times in a big file's lint, mostly before V8 has
    // optimized it, where a for-of allocates a result object per step.
    const files = this.fileKeys;
    for (let i = 0; i < files.length; i++) if (files[i].has(key)) return true;
    return false;
  }

  get(key: string): EffectiveValue | undefined {
    if (!this.anyFileWrites(key)) return undefined;
    const known = this.values.get(key);
    if (known !== undefined) return known;
    let parts: EffectivePart[] | undefined;
    for (const layer of this.layers) {
      const entry = layer.service.written(key);
      if (entry) addPart((parts ??= []), { entry, layer });
    }
    if (!parts?.length) return undefined;
    const value = makeValue(this.root, key, key, parts);
    this.values.set(key, value);
    return value;
  }

  at(path: string): EffectiveValue | undefined {
    let dot = path.indexOf('.');
    if (dot < 0) return this.get(path);
    let v = this.get(path.slice(0, dot));
    while (dot >= 0 && v) {
      const next = path.indexOf('.', dot + 1);
      v = v.field(path.slice(dot + 1, next < 0 ? undefined : next));
      dot = next;
    }
    return v;
  }

  keys(): string[] {
    const out = new Set<string>();
    for (const layer of this.layers) for (const e of layer.service.entries()) out.add(e.key);
    return [...out].filter((k) => this.get(k) !== undefined);
  }
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

/** Where findings about what is inside a part's value go when it comes through an anchor: an aliased value (`cap_add: *caps`) at its alias. */
function nestedSiteOf(part: EffectivePart): Span | undefined {
  if (part.layer.foreign) return undefined;
  if (part.layer.useSite) return part.layer.useSite;
  return !part.entry.inheritedFrom && isAlias(part.entry.value) ? (nodeSpan(part.entry.value) ?? part.entry.span) : part.entry.span;
}

/** The value came through an anchor (`<<`, alias) or a use site: nested findings go where the part is reported. */
function viaAnchor(part: EffectivePart): boolean {
  return part.layer.useSite !== undefined || part.entry.inheritedFrom !== undefined || isAlias(part.entry.value);
}

/** Written in the linted file's own service, so a fix may edit it there. */
function inPlace(part: EffectivePart): boolean {
  return part.layer.via === 'self' && !viaAnchor(part);
}

/** `build: ./dir` is `build: {context: ./dir}`; `extends: base` is `extends: {service: base}`. */
const SHORTHAND: Record<string, string> = { build: 'context', extends: 'service' };
/** The key a scalar at `path` stands for (`build: ./dir` is `build.context`); paths are written by the user. */
const shorthandKey = (path: string): string | undefined => (Object.hasOwn(SHORTHAND, path) ? SHORTHAND[path] : undefined);
/** Sequences the last file replaces instead of appending to (Compose's merge rules). */
const REPLACED_SEQUENCES = new Set(['command', 'entrypoint', 'healthcheck.test']);

function makeValue(root: ComposeModel, key: string, path: string, parts: EffectivePart[]): EffectiveValue {
  return new Value(root, key, path, parts);
}

/** A class, not closures: a lint asks every service for a few dozen keys, and most answers are read once. */
class Value implements EffectiveValue {
  readonly last: EffectivePart;
  readonly model: ComposeModel;
  readonly span: Span | undefined;
  readonly written: Span;
  readonly editable: boolean;
  private itemsCache: EffectiveItem[] | undefined;
  private pairsCache: Map<string, EffectivePair> | undefined;

  constructor(
    private readonly root: ComposeModel,
    readonly key: string,
    readonly path: string,
    readonly parts: EffectivePart[],
  ) {
    const last = parts[parts.length - 1];
    this.last = last;
    this.model = last.layer.model;
    this.span = reportSpanOf(last);
    this.written = last.entry.inheritedFrom ?? nodeSpan(last.entry.keyNode) ?? last.entry.span;
    this.editable = inPlace(last);
  }

  get value(): Node | null {
    return this.model.resolve(this.last.entry.value);
  }
  get valueSpan(): Span | undefined {
    return this.editable ? (nodeSpan(this.last.entry.value) ?? this.span) : this.span;
  }
  get env(): EnvLookup {
    return this.last.layer.env;
  }
  get related(): RelatedInfo[] {
    return this.relatedAs(`${this.path} is set here`);
  }
  relatedAs(message: string): RelatedInfo[] {
    return relatedAt(this.root, this.model, this.written, this.span, message);
  }
  field(name: string): EffectiveValue | undefined {
    return fieldOf(this.root, this.path, this.parts, name);
  }
  keys(): string[] {
    return keysOf(this.path, this.parts);
  }
  items(): EffectiveItem[] {
    return (this.itemsCache ??= itemsOf(this.root, this.path, this.parts));
  }
  pairs(): Map<string, EffectivePair> {
    return (this.pairsCache ??= pairsOf(this.root, this.parts));
  }
  scalar(): unknown {
    return scalarValue(this.model, this.last.entry.value);
  }
  interpolated(): Interpolated | undefined {
    const raw = scalarString(this.model, this.last.entry.value);
    return raw === undefined ? undefined : interpolate(raw, this.last.layer.env);
  }
}

function fieldOf(root: ComposeModel, path: string, parts: EffectivePart[], name: string): EffectiveValue | undefined {
  const out: EffectivePart[] = [];
  for (const p of parts) {
    const m = p.layer.model;
    const node = m.resolve(p.entry.value);
    if (isMap(node)) {
      const entry = rawEntries(m, p.entry.value, viaAnchor(p) ? (nestedSiteOf(p) ?? p.entry.span) : undefined).get(name);
      if (entry) addPart(out, { entry, layer: p.layer });
    } else if (shorthandKey(path) === name && isScalar(node)) {
      addPart(out, p);
    } else {
      out.length = 0; // a scalar where a mapping was: the last one wins
    }
  }
  return out.length ? makeValue(root, name, `${path}.${name}`, out) : undefined;
}

function keysOf(path: string, parts: EffectivePart[]): string[] {
  const out = new Set<string>();
  for (const p of parts) {
    const m = p.layer.model;
    const node = m.resolve(p.entry.value);
    if (isMap(node)) for (const k of mapEntries(m, p.entry.value).keys()) out.add(k);
    else if (shorthandKey(path) && isScalar(node)) out.add(shorthandKey(path)!);
    else out.clear();
  }
  return [...out];
}

/** Placement of something written at `written` in part `p`'s file (an item, a pair). */
function placed(root: ComposeModel, p: EffectivePart, written: Span, alias: boolean, what: string): Place {
  const base = nestedSiteOf(p);
  const span = base === undefined ? undefined : viaAnchor(p) ? base : written;
  return new Place(root, p.layer.model, written, span, inPlace(p) && !alias, what);
}

function itemsOf(root: ComposeModel, path: string, parts: EffectivePart[]): EffectiveItem[] {
  const use = REPLACED_SEQUENCES.has(path) ? [parts[parts.length - 1]] : parts;
  const out: EffectiveItem[] = [];
  const at = new Map<string, number>();
  for (const p of use) {
    const m = p.layer.model;
    const node = m.resolve(p.entry.value);
    const written = isSeq(node) ? (node.items as Node[]) : isScalar(node) && node.value !== null ? [p.entry.value as Node] : [];
    for (const w of written) {
      const span = nodeSpan(w);
      if (!span) continue;
      const n = m.resolve(w);
      const alias = isAlias(w) && w !== p.entry.value;
      // An alias item (`- *port`) is reported at the alias; it is written at its anchor.
      let where = placed(root, p, span, alias, 'the item');
      const anchor = alias ? nodeSpan(n) : undefined;
      if (anchor) where = where.moved({ written: anchor, editable: false });
      const item: EffectiveItem = Object.assign(where, { node: n, part: p, env: p.layer.env, item: w });
      // A later file's item replaces an earlier file's with the same unique key; within one file both stay (Compose refuses the file).
      const k = uniqueKey(path, m, n);
      const i = k === undefined ? undefined : at.get(k);
      if (i !== undefined && out[i].part !== p) {
        out[i] = item;
        continue;
      }
      if (k !== undefined && i === undefined) at.set(k, out.length);
      out.push(item);
    }
  }
  return out;
}

function pairsOf(root: ComposeModel, parts: EffectivePart[]): Map<string, EffectivePair> {
  const out = new Map<string, EffectivePair>();
  for (const p of parts) {
    const m = p.layer.model;
    const node = m.resolve(p.entry.value);
    const anchored = viaAnchor(p);
    if (isSeq(node)) {
      for (const w of node.items as Node[]) {
        const n = m.resolve(w);
        const span = nodeSpan(w);
        const text = scalarString(m, n);
        if (text === undefined || !span) continue;
        const eq = text.indexOf('=');
        const name = (eq < 0 ? text : text.slice(0, eq)).trim();
        if (!name) continue;
        out.delete(name);
        const pair = { name, value: eq < 0 ? null : text.slice(eq + 1), node: n, part: p, env: p.layer.env, syntax: 'list' as const, item: w, keySpan: span };
        out.set(name, Object.assign(placed(root, p, span, isAlias(w), name), pair));
      }
    } else if (isMap(node)) {
      for (const [name, e] of rawEntries(m, p.entry.value, anchored ? (nestedSiteOf(p) ?? p.entry.span) : undefined)) {
        out.delete(name);
        if (e.tag === '!reset') continue;
        const v = m.resolve(e.value);
        const keySpan = nodeSpan(e.keyNode);
        if (!keySpan) continue;
        const value = scalarString(m, v) ?? null;
        // A key merged into the mapping from an anchor is reported where the mapping takes it in.
        const merged = e.inheritedFrom !== undefined && !anchored;
        const base = placed(root, p, keySpan, isAlias(e.value), name);
        const where = merged && base.span ? base.moved({ span: e.span, editable: false }) : base;
        out.set(name, Object.assign(where, { name, value, node: v, part: p, env: p.layer.env, syntax: 'map' as const, item: e.pair, keySpan }));
      }
    }
  }
  return out;
}

/** Per list of services a rule sees (the file's, or the changed ones of an incremental lint): each rule asks again. */
const checked = new WeakMap<readonly ComposeService[], EffectiveService[]>();

/** The services a rule checks in the linted file (each name once), as Compose runs them. */
export function checkedServices(model: ComposeModel): readonly EffectiveService[] {
  let list = checked.get(model.services);
  if (!list) {
    list = [];
    const seen = new Set<string>();
    for (const own of model.services) {
      if (seen.has(own.name)) continue;
      seen.add(own.name);
      const svc = model.effective(own.name);
      if (svc) list.push(svc);
    }
    checked.set(model.services, list);
  }
  return list;
}

/**
 * Every service of the project, as Compose runs it: the linted file's own first, then those other
 * files of the merge set and the files they include define (reported by those files). For rules that
 * compare services with each other. An included file sees the services of its own include item only.
 */
export function projectServices(model: ComposeModel): EffectiveService[] {
  const out = [...checkedServices(model)];
  const names = new Set(out.map((s) => s.name));
  for (const own of model.services) names.add(own.name);
  const visited = new Set<ComposeModel>();
  const visit = (m: ComposeModel, depth: number) => {
    if (visited.has(m) || depth > 4) return;
    visited.add(m);
    for (const s of m.services) {
      if (names.has(s.name)) continue;
      names.add(s.name);
      const svc = model.effective(s.name);
      if (svc) out.push(svc);
    }
    for (const inc of m.includes()) visit(inc.model, depth + 1);
  };
  for (const m of model.mergeSet().models) visit(m, 0);
  return out;
}
