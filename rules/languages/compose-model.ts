/**
 * The shape of the Compose model, types only (the code is in compose-file.ts, compose-project.ts,
 * compose-effective.ts and compose.ts).
 *
 * Two levels. The *file*: services and their keys as written, with source ranges; YAML aliases and
 * `<<` merge keys resolved without expanding the document, a merged key reported at its use site.
 * The *effective* service (`model.effective(name)`): the service as `docker compose config` prints
 * it — `extends` (same file or another), the files Compose merges (the default override file, or
 * `COMPOSE_FILE` in `.env`), `include` (with its own project directory and variables), `!reset` and
 * `!override` — with every value interpolated by the one policy of compose-interpolate.ts. Rules
 * read the effective service; a finding goes where the user changes the value (the line that sets
 * it in the linted file, or the `extends`/merge key that brings it in), with related information
 * pointing at the anchor or the other file. Values another file sets are reported by that file.
 */
import type { Document, Node, Pair, YAMLMap } from 'yaml';
import type { SourceText } from '../engine/source.js';
import type { FilesView, RelatedInfo, Span } from '../engine/types.js';
import type { EnvLookup, Interpolated } from './compose-interpolate.js';
import type { DotEnvEntry } from './dotenv.js';

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

/** A service as written in one file. */
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
  /** The keys written() knows. */
  writtenKeys(): Iterable<string>;
}

/** The files Compose merges into one project, in merge order, and where the linted file is among them. */
export interface MergeSet {
  models: ComposeModel[];
  /** `single`: the file alone; `base`: first of several; `override`: merged over earlier ones. */
  role: 'single' | 'base' | 'override';
  /** Why these files: Compose's default names, `COMPOSE_FILE` in `.env`, or an includer's `path` list. */
  source: 'default' | 'COMPOSE_FILE' | 'include';
}

/** A Compose file brought in by `include:`, loaded as its own project. */
export interface IncludedFile {
  model: ComposeModel;
  /** Its variables: the including project's, then its `env_file` (default: `.env` in its project directory). */
  env: EnvLookup;
  /** Its project directory (`project_directory`, default: the included file's folder). */
  dir: string;
  /** The `include` item in the including file. */
  item: Span;
}

/** Where a file's variables and relative paths come from. */
export interface ProjectContext {
  env: EnvLookup;
  /** The project directory: where relative paths of the merged files start. */
  dir: string;
  /** Set when the linted file is included by another Compose file (found in its folder or the folder above). */
  includedBy?: { path: string; item: Span };
}

export interface ComposeModel {
  file: SourceText;
  doc: Document.Parsed | undefined;
  /** True when the document has a top-level `services:` mapping. */
  isCompose: boolean;
  /** The services a rule checks: all of them, or the changed ones in an incremental lint (see compose-unit-keys.ts). */
  services: ComposeService[];
  /** The first service of that name in the file, whichever services a rule checks (for lookups: `extends`). */
  service(name: string): ComposeService | undefined;
  /** Every key that some service `service(name)` returns writes: what no service writes is looked up nowhere. */
  serviceKeys(): ReadonlySet<string>;
  /** Follows aliases (one step at a time, bounded). */
  resolve(node: unknown): Node | null;
  spanOf(node: Node | null | undefined): Span | undefined;
  /** Path of the file (as linted: absolute and `/`-separated in the editor and the CLI). */
  path: string;
  /** Other files, when the caller gave a view of them. */
  files: FilesView | undefined;
  /** The `.env` next to the file, parsed; undefined when there is none (or no files view). */
  dotEnv(): { path: string; entries: DotEnvEntry[] } | undefined;
  /** The variables of the project the file is linted in (see ProjectContext). */
  env: EnvLookup;
  /** `text` interpolated against `env`. */
  interpolate(text: string): Interpolated;
  /** Another Compose file of the project, parsed once per lint; undefined when it cannot be read. */
  load(path: string): ComposeModel | undefined;
  /** The Compose files this one `include:`s (readable ones), in order. */
  includes(): IncludedFile[];
  /** The files Compose merges with this one (this one included), in merge order. */
  mergeSet(): MergeSet;
  /** The project the file is linted in: variables, project directory, includer. */
  project(): ProjectContext;
  /** The service as Compose runs it; undefined when no file of the project defines it. */
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
  /** The variables its values are interpolated with. */
  env: EnvLookup;
  /** Where its relative paths start. */
  dir: string;
}

export interface EffectivePart {
  entry: ComposeEntry;
  layer: ServiceLayer;
}

/** Where a finding about something the effective model holds goes, and what a fix may edit. */
export interface Placement {
  /** Where a finding goes in the linted file; undefined when another file reports it. */
  span: Span | undefined;
  /** Where it is written (in `model`'s file). */
  written: Span;
  /** The file it is written in. */
  model: ComposeModel;
  /** True when it is written right here: in the linted file's own service, not through an anchor, alias or `extends`. */
  editable: boolean;
  /** Where it is written, as related information, when that is not where the finding goes (empty otherwise). */
  related: RelatedInfo[];
  /** `related` with a message of the rule's own. */
  relatedAs(message: string): RelatedInfo[];
}

export interface EffectiveItem extends Placement {
  /** The item, aliases followed. */
  node: Node | null;
  /** The item node as written (an alias stays an alias). */
  item: Node;
  part: EffectivePart;
  /** The variables of its layer. */
  env: EnvLookup;
}

export interface EffectivePair extends Placement {
  name: string;
  /** The value as written (scalar text); null for `KEY` with no value (taken from the environment). */
  value: string | null;
  /** The value node (aliases followed); for the list syntax, the `KEY=value` item. */
  node: Node | null;
  part: EffectivePart;
  env: EnvLookup;
  syntax: 'list' | 'map';
  /** The item as written: the `KEY=value` sequence item, or the mapping's pair. */
  item: Node | Pair;
  /** The key's own text (map syntax: the key node; list syntax: the item). */
  keySpan: Span;
}

export interface EffectiveValue extends Placement {
  key: string;
  /** Dotted path from the service: `build.args`, `healthcheck.test`. */
  path: string;
  /** Contributions after `!reset`/`!override`, lowest precedence first (never empty). */
  parts: EffectivePart[];
  /** The part that decides a scalar: the last one. */
  last: EffectivePart;
  /** Value node of the last part (aliases followed). */
  value: Node | null;
  /** Where a finding about the value itself goes: the value as written in the linted file, else `span`. */
  valueSpan: Span | undefined;
  /** The variables of the deciding part's layer. */
  env: EnvLookup;
  /** A key of a mapping value, merged across parts (`build` given as a string counts as `{context}`). */
  field(name: string): EffectiveValue | undefined;
  /** The keys of a mapping value, across parts. */
  keys(): string[];
  /** Items of a sequence, merged as Compose merges (append; unique keys for ports/volumes/secrets/configs; last wins for command/entrypoint/healthcheck.test). */
  items(): EffectiveItem[];
  /** `environment`-style values (list of `K=V` or mapping), merged by name. */
  pairs(): Map<string, EffectivePair>;
  /** The deciding scalar (aliases followed), uninterpolated. */
  scalar(): unknown;
  /** The deciding scalar as Compose reads it (numbers and booleans as written), interpolated; undefined for collections and null. */
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
  /** A nested value: `deploy.resources.limits.memory`. */
  at(path: string): EffectiveValue | undefined;
  /** The service's keys, across layers. */
  keys(): string[];
  /** Where, in the linted file, a finding about the service as a whole goes: its key when this file owns the service, else undefined. */
  span: Span | undefined;
}
