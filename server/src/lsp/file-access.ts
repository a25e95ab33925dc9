/**
 * The one seam through which the language server reads the workspace. The desktop server fills it
 * from the disk (disk-access.ts); the web server, which has no disk, from the client over the LSP
 * connection (client-access.ts: the client answers with `workspace.fs`). Everything else — the
 * workspace scan, workspace lints, cross-file rules, `.bosun.yaml` — reads through it.
 *
 * Rules read other files synchronously (`FilesView`), but the client answers asynchronously. So a
 * lint runs inside `settle`: a read of a file the view does not have yet returns undefined and is
 * noted; when the lint is done, the noted files are fetched (all at once) and the lint runs again,
 * until it read nothing new. Only the last run's result is used — a lint that ran without the
 * project's `.dockerignore` is never published as "no .dockerignore". Fetched files stay cached
 * until a file event says they changed; a second lint of the same file reads no network at all.
 * The disk answers at once, so there `settle` runs the lint exactly once.
 */
import type { FilesView } from '../../../rules/api.js';
import type { FsKind } from '../protocol.js';
import type { DirEntry } from '../walk/walker.js';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };
export type { DirEntry } from '../walk/walker.js';
/** A config file's text, undefined when there is none, or why it cannot be read. */
export type ConfigRead = string | undefined | { error: string };

export interface FileAccess {
  /** Other files as rules see them (synchronous; see `settle`). */
  readonly files: FilesView;
  /** `.bosun.yaml` reads (synchronous like `files`). */
  readConfig(path: string): ConfigRead;
  /**
   * Runs `run` (a lint) until every file it read was available. `touched` names what a result
   * depends on, for a result computed earlier and cached: if one of those is still being fetched,
   * the fetch is awaited and `run` asked again.
   */
  settle<T>(run: () => T, touched?: (result: T) => Iterable<string>): Promise<T>;
  /**
   * Whether reads for a file at `path` (and the files beside it) are answered at once, so a lint of
   * it can be cut into steps with pauses between them (the disk); the client's answers come later,
   * so a lint there runs through `settle` in one go.
   */
  answersAtOnce(path: string): boolean;
  /** A file event: the file or folder at `path` changed on its source; forget what is cached of it. */
  forget(path: string): void;
  /** The names in a folder, undefined when it is not one (the workspace scan). */
  readDir(dir: string): Promise<DirEntry[] | undefined>;
  /** What is at a path, undefined when nothing is: a link to a file is a file, a link to a folder is 'other' (never walked). */
  kind(path: string): Promise<FsKind | undefined>;
  /** A file to lint: regular, at most 5 MiB, not binary. */
  readTarget(path: string): Promise<ReadResult>;
}

/**
 * Local paths from one access, the rest from another (a desktop server with a virtual folder next to
 * local ones: the disk for `file:` paths, the client for the others). Settling goes through `other`,
 * which is the one that can be waiting for a file.
 */
export function routedAccess(isLocal: (path: string) => boolean, local: FileAccess, other: FileAccess): FileAccess {
  const pick = (path: string) => (isLocal(path) ? local : other);
  return {
    files: {
      read: (path) => pick(path).files.read(path),
      list: (dir) => pick(dir).files.list(dir),
    },
    readConfig: (path) => pick(path).readConfig(path),
    settle: (run, touched) => other.settle(run, touched),
    answersAtOnce: (path) => pick(path).answersAtOnce(path),
    forget: (path) => pick(path).forget(path),
    readDir: (dir) => pick(dir).readDir(dir),
    kind: (path) => pick(path).kind(path),
    readTarget: (path) => pick(path).readTarget(path),
  };
}
