/** Finds the files to lint: explicit files as given, directories walked for Dockerfiles and Compose files (walk/walker.ts). */
import { readdirSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { detectLanguage, type LanguageId } from '../../../rules/api.js';
import { diskSource } from '../walk/disk-source.js';
import { walk } from '../walk/walker.js';
import { UsageError } from './args.js';

export interface Target {
  /** Absolute path, or '-' for stdin. */
  abs: string;
  /** What output shows: relative to the working directory, with '/' separators. */
  display: string;
  language: LanguageId;
  /** Named on the command line (not found by walking a directory): config ignore paths do not apply. */
  explicit: boolean;
}

export interface Skipped {
  path: string;
  reason: string;
  /**
   * Whether the user asked for it: a path named on the command line, or a file a directory walk
   * found by its name (a Dockerfile, a Compose file) or a folder it could not search. Something
   * asked for that could not be read fails the run (exit 2) unless --skip-unreadable. A broken
   * symbolic link holds nothing to check: not asked for.
   */
  askedFor: boolean;
}

export interface Discovery {
  targets: Target[];
  /** Paths that could not be searched or are not files; each is reported on stderr. */
  skipped: Skipped[];
}

export const STDIN = '-';

export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  const shown = rel === '' ? '.' : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

function errCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** `stdinName` (from --stdin-filename) names the stdin input: its kind and how output shows it. */
export async function discover(paths: readonly string[], cwd: string, language?: LanguageId, stdinName?: string): Promise<Discovery> {
  const targets: Target[] = [];
  const skipped: Skipped[] = [];
  const seen = new Set<string>();
  const add = (abs: string, lang: LanguageId, explicit = false): void => {
    if (seen.has(abs)) return;
    seen.add(abs);
    const display = abs !== STDIN ? displayPath(abs, cwd) : stdinName ? displayPath(resolve(cwd, stdinName), cwd) : '<stdin>';
    targets.push({ abs, display, language: lang, explicit });
  };

  // Check every explicit path before walking anything: a typo is a usage error, not a partial run.
  const roots: { abs: string; isDir: boolean; arg: string; language?: LanguageId }[] = [];
  for (const arg of paths.length ? paths : ['.']) {
    if (arg === STDIN) {
      const lang = language ?? (stdinName ? detectLanguage(stdinName) : undefined);
      if (!lang) throw new UsageError(`reading stdin ('-') needs --language dockerfile|compose or a --stdin-filename Bosun recognises`);
      roots.push({ abs: STDIN, isDir: false, arg, language: lang });
      continue;
    }
    const abs = resolve(cwd, arg);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch (e) {
      if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') throw new UsageError(`no such file or directory: ${arg}`);
      skipped.push({ path: arg, reason: `cannot read (${errCode(e)})`, askedFor: true });
      continue;
    }
    if (!isDir && !language && !detectLanguage(abs)) {
      throw new UsageError(`cannot tell whether '${arg}' is a Dockerfile or a Compose file; name it so, or pass --language dockerfile|compose`);
    }
    roots.push({ abs, isDir, arg });
  }

  for (const root of roots) {
    if (!root.isDir) {
      add(root.abs, root.language ?? language ?? (detectLanguage(root.abs) as LanguageId), true);
      continue;
    }
    const before = targets.length;
    const found = await walk(root.abs, diskSource, { language });
    for (const f of found.files) add(f.path, f.language);
    for (const s of found.skipped) skipped.push({ ...s, path: displayPath(s.path, cwd) });
    // `docker run -v ./compose.yaml:…` on a missing file leaves a *directory* named like the file.
    if (targets.length === before && detectLanguage(root.abs) && readdirOrEmpty(root.abs).length === 0) {
      skipped.push({ path: root.arg, reason: `is a directory, not a ${detectLanguage(root.abs) === 'compose' ? 'Compose file' : 'Dockerfile'}`, askedFor: true });
    }
  }
  return { targets, skipped };
}

function readdirOrEmpty(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
