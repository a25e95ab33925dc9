/**
 * The one file walker: the CLI's directory arguments (cli/discover.ts) and the editor's workspace
 * scan (lsp/workspace.ts: the disk on the desktop, the client's `workspace.fs` on the web) find files
 * with it, over a `WalkSource`, so one set of rules decides what is found everywhere:
 * - hidden folders and dependency and build folders (SKIPPED_DIRS) are not entered;
 * - a symbolic link to a file is a file (linted); a link to a folder is never walked (it could lead
 *   out of the tree, or round in a loop); a link to nothing is noted, not asked for;
 * - FIFOs, sockets and devices named like a Dockerfile are noted and never opened;
 * - an entry name that is not one plain name (`..`, a `/`) is never joined into a path;
 * - `.gitignore` files on the way down and `files.exclude` globs, when the front-end asks (the editor:
 *   generated files are noise there; the CLI lints what it is pointed at, committed or not);
 * - name order, depth first, a folder's files before its subfolders: output is stable.
 * Pure (no `node:`): the web server has it too.
 */
import { type LanguageId, GitIgnoreFile, detectLanguage, isConfigFile, matchesAny } from '../../../rules/api.js';

/** Directory names never searched: dependencies, build output and tool caches. Hidden ones are skipped too. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'bower_components', 'jspm_packages', 'vendor', 'dist', '__pycache__', 'venv', 'site-packages']);

export type EntryKind = 'file' | 'dir' | 'other';

export interface DirEntry {
  name: string;
  /** For a symbolic link, what it leads to. */
  kind: EntryKind;
  symlink?: boolean;
  /** A symbolic link that leads nowhere (kind `other`): why, e.g. `ENOENT`. */
  broken?: string;
}

/** A folder's entries, or why it cannot be listed. */
export type DirListing = DirEntry[] | { error: string };

export interface WalkSource {
  readDir(dir: string): Promise<DirListing>;
  /** A `.gitignore`'s text; undefined when there is none or it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** The path of `name` in `dir` (default: joined with `/`). */
  join?(dir: string, name: string): string;
}

/** The `.gitignore` files that apply below a folder, outermost first. */
export type GitIgnores = readonly GitIgnoreFile[];

export interface WalkOptions {
  /** Honour `.gitignore` files (the editor). */
  gitIgnore?: boolean;
  /** Globs relative to `base` (`files.exclude`); an entry that matches is left out, a folder not entered. */
  excludes?: readonly string[];
  /** The folder `excludes` are relative to (a workspace folder); default: the walk's root. */
  base?: string;
  /** `.gitignore` files above the root (walking a folder created inside a workspace folder). */
  ignores?: GitIgnores;
  /** Only files of this kind (`--language`). */
  language?: LanguageId;
  /** Called every few folders: the editor lets other work through. */
  pause?(): Promise<void>;
}

export interface Found {
  path: string;
  language: LanguageId;
}

export interface WalkSkip {
  path: string;
  reason: string;
  /**
   * Whether the user asked for it: a file found by its name, or a folder that could not be listed.
   * A broken symbolic link holds nothing to check: not asked for.
   */
  askedFor: boolean;
}

export interface WalkResult {
  files: Found[];
  /** `.bosun.yaml` files on the way (the editor watches them). */
  configs: string[];
  skipped: WalkSkip[];
}

const PAUSE_EVERY_DIRS = 20;

/** One name of a folder, safe to join: not empty, `.`, `..`, and without a separator or NUL. */
function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

function joinSlash(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

/** `path` relative to `base` with `/` separators; '' for the base itself. */
function relativeTo(base: string, path: string): string {
  if (path === base) return '';
  const rel = path.slice(base.length + (base.endsWith('/') || base.endsWith('\\') ? 0 : 1));
  return rel.replace(/\\/g, '/');
}

function isUnder(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

function gitIgnored(ignores: GitIgnores, path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const file of ignores) {
    if (!isUnder(path, file.base)) continue;
    const d = file.decide(relativeTo(file.base, path) + (isDir ? '/' : ''));
    if (d !== undefined) ignored = d;
  }
  return ignored;
}

const isHiddenOrSkipped = (name: string) => name.startsWith('.') || SKIPPED_DIRS.has(name);

async function readGitIgnore(source: WalkSource, dir: string): Promise<GitIgnoreFile | undefined> {
  const text = await source.readText((source.join ?? joinSlash)(dir, '.gitignore'));
  return text === undefined ? undefined : new GitIgnoreFile(text, dir);
}

/** Every Dockerfile and Compose file under `root` (the root itself is walked whatever its name). */
export async function walk(root: string, source: WalkSource, options: WalkOptions = {}): Promise<WalkResult> {
  const join = source.join ?? joinSlash;
  const base = options.base ?? root;
  const excludes = options.excludes ?? [];
  const result: WalkResult = { files: [], configs: [], skipped: [] };
  const stack: { dir: string; ignores: GitIgnores }[] = [{ dir: root, ignores: options.ignores ?? [] }];
  let dirsSincePause = 0;
  while (stack.length) {
    const { dir, ignores: above } = stack.pop()!;
    const listing = await source.readDir(dir);
    if (!Array.isArray(listing)) {
      result.skipped.push({ path: dir, reason: `cannot read directory (${listing.error})`, askedFor: true });
      continue;
    }
    const entries = listing.filter((e) => isPlainName(e.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let ignores = above;
    if (options.gitIgnore && entries.some((e) => e.name === '.gitignore' && e.kind === 'file')) {
      const file = await readGitIgnore(source, dir);
      if (file) ignores = [...above, file];
    }
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (excludes.length && matchesAny(relativeTo(base, path), excludes)) continue;
      if (entry.kind === 'dir' && !entry.symlink) {
        if (!isHiddenOrSkipped(entry.name) && !(options.gitIgnore && gitIgnored(ignores, path, true))) subdirs.push(path);
        continue;
      }
      if (isConfigFile(path)) {
        result.configs.push(path);
        continue;
      }
      const language = detectLanguage(entry.name);
      if (!language || (options.language && language !== options.language)) continue;
      if (options.gitIgnore && gitIgnored(ignores, path, false)) continue;
      if (entry.kind === 'file') result.files.push({ path, language });
      else if (entry.broken !== undefined) result.skipped.push({ path, reason: `broken symbolic link (${entry.broken})`, askedFor: false });
      // A link to a folder is not followed; anything else (FIFO, socket, device) is never opened.
      else if (entry.kind !== 'dir') result.skipped.push({ path, reason: 'not a regular file', askedFor: true });
    }
    // Depth-first in name order: pushed in reverse so the first name is walked first.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], ignores });
    if (options.pause && ++dirsSincePause >= PAUSE_EVERY_DIRS) {
      dirsSincePause = 0;
      await options.pause();
    }
  }
  return result;
}

/**
 * Whether a walk of `base` would reach `path` (a file or folder created inside it), and the
 * `.gitignore` files above it (to walk a created folder with `walk(path, …, { ignores })`).
 */
export async function reachedByWalk(
  base: string,
  path: string,
  isDir: boolean,
  source: WalkSource,
  options: Pick<WalkOptions, 'gitIgnore' | 'excludes'> = {},
): Promise<{ reached: boolean; ignores: GitIgnores }> {
  const join = source.join ?? joinSlash;
  const rel = relativeTo(base, path);
  const excludes = options.excludes ?? [];
  if (rel === '' || (excludes.length && matchesAny(rel, excludes))) return { reached: rel === '', ignores: [] };
  const names = rel.split('/');
  if (!names.every(isPlainName)) return { reached: false, ignores: [] };
  const ignores: GitIgnoreFile[] = [];
  let dir = base;
  for (let i = 0; i < names.length; i++) {
    if (options.gitIgnore) {
      const file = await readGitIgnore(source, dir);
      if (file) ignores.push(file);
    }
    if (i === names.length - 1) break;
    dir = join(dir, names[i]);
    if (isHiddenOrSkipped(names[i]) || (options.gitIgnore && gitIgnored(ignores, dir, true))) return { reached: false, ignores };
  }
  if (isDir && isHiddenOrSkipped(names[names.length - 1])) return { reached: false, ignores };
  return { reached: !(options.gitIgnore && gitIgnored(ignores, path, isDir)), ignores };
}
