/**
 * The Compose model a rule sees (types in compose-model.ts): one file's services as written
 * (compose-file.ts), the project it belongs to (compose-project.ts) and each service as Compose runs
 * it (compose-effective.ts). Other files come only through the files view given at parse time;
 * without one, the model is this file alone. Values are read with the one interpolation policy of
 * compose-interpolate.ts.
 */
import type { Document } from 'yaml';
import type { ParseContext } from '../engine/language.js';
import { SourceText } from '../engine/source.js';
import { interpolate } from './compose-interpolate.js';
import type { ComposeModel, EffectiveService, IncludedFile, MergeSet, ProjectContext } from './compose-model.js';
import { aliasResolver, nodeSpan, readServices } from './compose-file.js';
import { effectiveService } from './compose-effective.js';
import { folderDotEnv, loadModel, mergeSetOf, type ProjectCache, projectOf, readIncludes } from './compose-project.js';
import { parseYaml, reparseDocument } from './compose-reparse.js';
import { dirname } from './paths.js';

export type {
  ComposeEntry,
  ComposeModel,
  ComposeService,
  EffectiveItem,
  EffectivePair,
  EffectivePart,
  EffectiveService,
  EffectiveValue,
  IncludedFile,
  MergeSet,
  Placement,
  ProjectContext,
  ServiceLayer,
} from './compose-model.js';
export { mapEntries, nodeSpan, scalarString, scalarValue } from './compose-file.js';
export { DEFAULT_COMPOSE_NAMES, DEFAULT_OVERRIDE_NAMES } from './compose-project.js';

/** What a model read from other files: the same for every version of the file while those files are unchanged. */
interface ProjectFacts {
  project?: ReturnType<typeof projectOf>;
}
const facts = new WeakMap<ComposeModel, ProjectFacts>();

/** `previous`, the model of an earlier version of the file, is re-used when the edit stays inside one service (compose-reparse.ts). */
export function parseCompose(file: SourceText, context: ParseContext<ComposeModel> = {}): ComposeModel {
  return parseComposeVersion(file, context).model;
}

/**
 * parseCompose, and the model of the earlier version when its document was re-used (the caller may
 * carry state over from it: compose-unit-keys.ts). Handed back, not remembered: a link from each
 * version to the one before it would keep every version typed alive as long as the latest one.
 */
export function parseComposeVersion(file: SourceText, context: ParseContext<ComposeModel> = {}): { model: ComposeModel; splicedFrom?: ComposeModel } {
  const previous = context.previous;
  const doc = previous && previous.path === file.path ? reparseDocument(previous.doc, previous.file.text, file.text) : undefined;
  const cache = newCache(context.files);
  // What the project is depends on the other files only (a previous version is given only while they are unchanged).
  const model = parseWith(file, cache, doc, doc ? facts.get(previous!) : undefined);
  return { model, splicedFrom: doc ? previous : undefined };
}

function newCache(files: ParseContext['files']): ProjectCache {
  const cache: ProjectCache = {
    files,
    models: new Map(),
    dotEnvs: new Map(),
    parse: (path, text) => parseWith(new SourceText(path, text), cache),
  };
  return cache;
}

function parseWith(file: SourceText, cache: ProjectCache, parsed?: Document.Parsed, known: ProjectFacts = {}): ComposeModel {
  const own: ProjectFacts = { ...known };
  const doc = parsed ?? parseYaml(file.text);
  const resolve = aliasResolver(doc);
  const { isCompose, services } = readServices(doc, resolve);
  const dir = dirname(file.path);

  const project = () => (own.project ??= projectOf(model, cache));
  let includes: IncludedFile[] | undefined;
  let merge: MergeSet | undefined;
  const effectiveCache = new Map<string, EffectiveService | undefined>();
  let names: Map<string, (typeof services)[number]> | undefined;
  const byName = () => {
    if (!names) {
      names = new Map();
      for (const s of model.services) if (!names.has(s.name)) names.set(s.name, s);
    }
    return names;
  };
  let keys: Set<string> | undefined;
  const serviceKeys = () => {
    if (!keys) {
      keys = new Set();
      for (const s of byName().values()) for (const key of s.writtenKeys()) keys.add(key);
    }
    return keys;
  };
  // The project of the file being linted: a file loaded for it (an override, an extended file) shares its variables.
  const root = cache.models.size === 0;

  const model: ComposeModel = {
    file,
    doc,
    isCompose,
    services,
    service: (name) => byName().get(name),
    serviceKeys,
    resolve,
    spanOf: nodeSpan,
    path: file.path,
    files: cache.files,
    dotEnv: () => folderDotEnv(cache, dir),
    get env() {
      return root ? project().context.env : rootOf(cache).env;
    },
    interpolate: (text) => interpolate(text, model.env),
    load: (path) => loadModel(path, cache),
    includes: () => (includes ??= readIncludes(model, cache)),
    mergeSet: () => (merge ??= mergeSetOf(model, project().merge.paths, project().merge.source, cache)),
    project: (): ProjectContext => (root ? project().context : rootOf(cache).project()),
    effective(name) {
      if (!effectiveCache.has(name)) effectiveCache.set(name, effectiveService(model, name));
      return effectiveCache.get(name);
    },
  };
  cache.models.set(file.path, model);
  facts.set(model, own);
  return model;
}

/** The model being linted: the first one parsed with this cache. */
function rootOf(cache: ProjectCache): ComposeModel {
  return cache.models.values().next().value as ComposeModel;
}
