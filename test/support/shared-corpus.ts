/**
 * The shared corpus of real Dockerfiles and Compose files (test data only, never shipped) lives
 * outside the repository, at `../shared/corpus` from the repository root. In a git worktree the
 * repository root is the main checkout's. `BOSUN_CORPUS` points elsewhere. A clean clone (CI) has
 * none: tests that need it skip with `SHARED_CORPUS_MISSING`.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { FilesView } from '../../rules/engine/types.js';

const REPO_ROOT = resolve(__dirname, '..', '..');

/** The main checkout of a git worktree (whose `.git` is a file naming its git dir), or undefined. */
function mainCheckout(root: string): string | undefined {
  try {
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(join(root, '.git'), 'utf8'));
    if (!m) return undefined;
    const gitDir = resolve(root, m[1].trim());
    const common = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
    return dirname(common);
  } catch {
    return undefined;
  }
}

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();

/** Absolute path of the shared corpus, or undefined when this checkout has none next to it. */
export function sharedCorpusDir(): string | undefined {
  const fromEnv = process.env.BOSUN_CORPUS;
  if (fromEnv) return isDir(fromEnv) ? resolve(fromEnv) : undefined;
  const roots = [REPO_ROOT, mainCheckout(REPO_ROOT)].filter((r): r is string => r !== undefined);
  return roots.map((r) => join(r, '..', 'shared', 'corpus')).find(isDir);
}

export const SHARED_CORPUS_MISSING = 'the shared corpus is not here (../shared/corpus next to the repository, or BOSUN_CORPUS): a clean clone has none, so this check is skipped';

/** Every regular file under `dir` (absolute paths, sorted), not following symlinks. */
export function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name);
      if (name.isDirectory()) walk(p);
      else if (name.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export const corpusName = (dir: string, path: string) => relative(dir, path).split('\\').join('/');

/** A read-only view of the corpus for cross-file rules, with `changed` texts over it (a fix's other files). */
export function corpusView(dir: string, changed: ReadonlyMap<string, string> = new Map()): FilesView {
  const inside = (p: string) => p === dir || p.startsWith(`${dir}/`);
  return {
    read(path) {
      if (changed.has(path)) return changed.get(path);
      if (!inside(path)) return undefined;
      try {
        return statSync(path).isFile() ? readFileSync(path, 'utf8').replace(/^\uFEFF/, '') : undefined;
      } catch {
        return undefined;
      }
    },
    list(d) {
      if (!inside(d)) return undefined;
      try {
        const names = new Set(readdirSync(d));
        for (const p of changed.keys()) if (dirname(p) === d) names.add(p.slice(d.length + 1));
        return [...names].sort();
      } catch {
        return undefined;
      }
    },
  };
}
