/**
 * Which Compose files make one project, as `docker compose up` (no `-f`) in the file's folder reads
 * them, and where the project's variables and relative paths come from:
 * - the files merged: `COMPOSE_FILE` in the folder's `.env` when it names the file (its separator
 *   `COMPOSE_PATH_SEPARATOR`, else `:`, or `;` when only that appears), else Compose's default file
 *   and default override file; an included file is merged only with the files its `include` lists;
 * - `include:` items, short (`- path`) and long (`path`, `project_directory`, `env_file`): each is
 *   its own project, read with the including project's variables first, then its env files
 *   (default: the `.env` of its project directory);
 * - the includer of the linted file: a default Compose file in the file's folder or the folder
 *   above whose `include` lists it (where a file under `include` usually sits). Bosun does not look
 *   further: a file included from elsewhere is checked as its own project.
 * Everything is read through the files view; nothing here touches the disk.
 */
import { isMap, isSeq, type Node } from 'yaml';
import type { FilesView, Span } from '../engine/types.js';
import { type EnvLookup, interpolate, NO_VARIABLES } from './compose-interpolate.js';
import type { ComposeModel, IncludedFile, MergeSet, ProjectContext } from './compose-model.js';
import { mapEntries, nodeSpan, stringItems, topLevel } from './compose-file.js';
import { type DotEnvEntry, dotEnvLookup, overlay, parseDotEnv } from './dotenv.js';
import { basename, dirname, joinPath } from './paths.js';

/** Compose's default file names, in the order it looks for them (compose-go `DefaultFileNames`). */
export const DEFAULT_COMPOSE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** The override files Compose merges by default into the default file (`DefaultOverrideFileNames`). */
export const DEFAULT_OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Bounds for hostile or broken projects: real ones nest two or three levels. */
const MAX_INCLUDES = 32;
const MAX_COMPOSE_FILES = 16;

/** Other files read while linting one file: each parsed once, shared by the models of the project. */
export interface ProjectCache {
  files: FilesView | undefined;
  models: Map<string, ComposeModel | undefined>;
  /** Parsed `.env` files by folder (undefined: none there). */
  dotEnvs: Map<string, { path: string; entries: DotEnvEntry[] } | undefined>;
  /** Parses a file of the project into a model that shares this cache. */
  parse(path: string, text: string): ComposeModel;
}

export function loadModel(path: string, cache: ProjectCache): ComposeModel | undefined {
  if (cache.models.has(path)) return cache.models.get(path);
  cache.models.set(path, undefined); // a file that includes itself reads as missing, not forever
  const text = cache.files?.read(path);
  if (text === undefined) return undefined;
  return cache.parse(path, text);
}

/** The `.env` of a folder, parsed once per lint. */
export function folderDotEnv(cache: ProjectCache, dir: string): { path: string; entries: DotEnvEntry[] } | undefined {
  if (!cache.dotEnvs.has(dir)) {
    const path = joinPath(dir, '.env');
    const text = cache.files?.read(path);
    cache.dotEnvs.set(dir, text === undefined ? undefined : { path, entries: parseDotEnv(text) });
  }
  return cache.dotEnvs.get(dir);
}

function folderEnv(cache: ProjectCache, dir: string): EnvLookup {
  const dotEnv = folderDotEnv(cache, dir);
  return dotEnv ? dotEnvLookup(dotEnv.entries) : NO_VARIABLES;
}

/** Variables from env files (later files win), read through the files view; unreadable files count as empty. */
function envFilesLookup(cache: ProjectCache, paths: readonly string[]): EnvLookup {
  const lookups = paths.map((p) => {
    const text = cache.files?.read(p);
    return text === undefined ? NO_VARIABLES : dotEnvLookup(parseDotEnv(text));
  });
  return (name) => {
    for (let i = lookups.length - 1; i >= 0; i--) {
      const v = lookups[i](name);
      if (v !== undefined) return v;
    }
    return undefined;
  };
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

/** One `include:` item, read: the files it merges, its project directory and env files. */
interface IncludeItem {
  paths: string[];
  dir: string | undefined;
  envFiles: string[] | undefined;
  span: Span;
}

/** The `include` items of a file, paths resolved against its folder and interpolated with `env`. */
function includeItems(model: ComposeModel, env: EnvLookup): IncludeItem[] {
  const list = topLevel(model, 'include');
  const out: IncludeItem[] = [];
  const base = dirname(model.path);
  const resolved = (text: string): string | undefined => {
    const r = interpolate(text, env);
    return r.unknown ? undefined : joinPath(base, r.value);
  };
  for (const item of isSeq(list) ? (list.items as Node[]) : []) {
    const span = nodeSpan(item);
    const r = model.resolve(item);
    if (!span || !r) continue;
    const long = isMap(r) ? mapEntries(model, r) : undefined;
    const paths = stringItems(model, long ? long.get('path')?.value : r).map((s) => resolved(s.text));
    if (!paths.length || paths.some((p) => p === undefined)) continue;
    const dirEntry = long?.get('project_directory');
    const dirText = dirEntry ? stringItems(model, dirEntry.value)[0]?.text : undefined;
    const dir = dirText === undefined ? undefined : resolved(dirText);
    if (dirEntry && dir === undefined) continue;
    const envEntry = long?.get('env_file');
    const envFiles = envEntry ? stringItems(model, envEntry.value).map((s) => resolved(s.text)) : undefined;
    if (envFiles?.some((p) => p === undefined)) continue;
    out.push({ paths: paths as string[], dir, envFiles: envFiles as string[] | undefined, span });
    if (out.length >= MAX_INCLUDES) break;
  }
  return out;
}

/** The project an include item makes: its directory and variables (the including project's first). */
function includedProject(cache: ProjectCache, item: IncludeItem, parentEnv: EnvLookup): { dir: string; env: EnvLookup } {
  const dir = item.dir ?? dirname(item.paths[0]);
  const own = item.envFiles ? envFilesLookup(cache, item.envFiles) : folderEnv(cache, dir);
  return { dir, env: overlay(parentEnv, own) };
}

/** The Compose files `model` includes (readable ones), each with its own project. */
export function readIncludes(model: ComposeModel, cache: ProjectCache): IncludedFile[] {
  const out: IncludedFile[] = [];
  const env = model.env;
  for (const item of includeItems(model, env)) {
    const project = includedProject(cache, item, env);
    for (const path of item.paths) {
      const m = loadModel(path, cache);
      if (m && m !== model) out.push({ model: m, env: project.env, dir: project.dir, item: item.span });
    }
  }
  return out;
}

/** A default Compose file in the folder or the folder above whose `include` lists `path`, with that item. */
function includerOf(path: string, cache: ProjectCache): { model: ComposeModel; item: IncludeItem } | undefined {
  const { files } = cache;
  if (!files) return undefined;
  const dir = dirname(path);
  for (const d of [dir, dirname(dir)]) {
    const candidate = firstExisting(files, d, DEFAULT_COMPOSE_NAMES, '');
    if (candidate && candidate !== path) {
      const includer = loadModel(candidate, cache);
      // The includer's own `.env` interpolates its include paths.
      const item = includer && includeItems(includer, folderEnv(cache, d)).find((i) => i.paths.includes(path));
      if (includer && item) return { model: includer, item };
    }
    if (d === dirname(d)) break;
  }
  return undefined;
}

/** Where the linted file's variables and relative paths come from, and which files Compose merges with it. */
export function projectOf(model: ComposeModel, cache: ProjectCache): { context: ProjectContext; merge: { paths: string[]; source: MergeSet['source'] } } {
  const self = model.path;
  const dir = dirname(self);
  const includer = includerOf(self, cache);
  if (includer) {
    const project = includedProject(cache, includer.item, folderEnv(cache, dirname(includer.model.path)));
    return {
      context: { env: project.env, dir: project.dir, includedBy: { path: includer.model.path, item: includer.item.span } },
      merge: { paths: includer.item.paths, source: 'include' },
    };
  }
  const env = folderEnv(cache, dir);
  const listed = composeFileList(env, dir);
  if (listed?.includes(self)) return { context: { env, dir: dirname(listed[0]) }, merge: { paths: listed, source: 'COMPOSE_FILE' } };
  // `COMPOSE_FILE` names other files: `docker compose up` here does not read this one at all; check it alone.
  if (listed) return { context: { env, dir }, merge: { paths: [self], source: 'COMPOSE_FILE' } };
  return { context: { env, dir }, merge: { paths: defaultMerge(self, cache.files), source: 'default' } };
}

/** `COMPOSE_FILE` of the folder's `.env`, resolved; undefined when it is not set (or not known). */
function composeFileList(env: EnvLookup, dir: string): string[] | undefined {
  const value = env('COMPOSE_FILE');
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const sepSetting = env('COMPOSE_PATH_SEPARATOR');
  const sep = typeof sepSetting === 'string' && sepSetting !== '' ? sepSetting : !value.includes(':') && value.includes(';') ? ';' : ':';
  return value
    .split(sep)
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, MAX_COMPOSE_FILES)
    .map((p) => joinPath(dir, p));
}

/** `docker compose` with no `-f`: the first default file of the folder, then the first override file. */
function defaultMerge(self: string, files: FilesView | undefined): string[] {
  if (!files) return [self];
  const name = basename(self);
  const dir = dirname(self);
  if (DEFAULT_COMPOSE_NAMES.includes(name)) {
    if (firstExisting(files, dir, DEFAULT_COMPOSE_NAMES, self) !== self) return [self];
    const other = firstExisting(files, dir, DEFAULT_OVERRIDE_NAMES, '');
    return other ? [self, other] : [self];
  }
  if (DEFAULT_OVERRIDE_NAMES.includes(name)) {
    if (firstExisting(files, dir, DEFAULT_OVERRIDE_NAMES, self) !== self) return [self];
    const other = firstExisting(files, dir, DEFAULT_COMPOSE_NAMES, '');
    return other ? [other, self] : [self];
  }
  return [self];
}

/** The models of a merge list (unreadable files left out), with the linted file's role among them. */
export function mergeSetOf(model: ComposeModel, paths: readonly string[], source: MergeSet['source'], cache: ProjectCache): MergeSet {
  const models: ComposeModel[] = [];
  for (const p of paths) {
    const m = p === model.path ? model : loadModel(p, cache);
    if (m && !models.includes(m)) models.push(m);
  }
  if (!models.includes(model)) return { models: [model], role: 'single', source };
  const role = models.length === 1 ? 'single' : models[0] === model ? 'base' : 'override';
  return { models, role, source };
}
