/**
 * Files views for cross-file rules (rules never read the disk themselves): the disk for the CLI,
 * and — in the language server — open documents first, then the disk. Paths are absolute and
 * `/`-separated. Never throws: what cannot be read is undefined.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { FilesView } from '../../rules/engine/types.js';

/** Bigger files are not the .env, Dockerfile or ignore file a rule wants. */
const MAX_READ_BYTES = 5 * 1024 * 1024;

function readText(path: string): string | undefined {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_READ_BYTES) return undefined;
    const text = readFileSync(path, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}

function listDir(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}

/**
 * The file system. With `cache`, each path is read once (a CLI run: the disk does not change
 * under it); without, every call goes to the disk (the language server: files change).
 */
export function diskFiles(opts: { cache?: boolean } = {}): FilesView {
  if (!opts.cache) return { read: readText, list: listDir };
  const reads = new Map<string, string | undefined>();
  const lists = new Map<string, string[] | undefined>();
  return {
    read(path) {
      if (!reads.has(path)) reads.set(path, readText(path));
      return reads.get(path);
    },
    list(dir) {
      if (!lists.has(dir)) lists.set(dir, listDir(dir));
      return lists.get(dir);
    },
  };
}

/** A view that notes every path read and every folder listed (what a lint depends on). */
export function recordingFiles(inner: FilesView): { view: FilesView; touched: Set<string> } {
  const touched = new Set<string>();
  return {
    touched,
    view: {
      read(path) {
        touched.add(path);
        return inner.read(path);
      },
      list(dir) {
        touched.add(dir);
        return inner.list(dir);
      },
    },
  };
}

/** Open documents (by path) over another view: an unsaved buffer wins over the file on disk. */
export function overlayFiles(open: () => Iterable<{ path: string; text: () => string }>, under: FilesView): FilesView {
  const find = (path: string) => {
    for (const d of open()) if (d.path === path) return d;
    return undefined;
  };
  return {
    read(path) {
      const doc = find(path);
      return doc ? doc.text() : under.read(path);
    },
    list(dir) {
      const names = under.list(dir);
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const extra: string[] = [];
      for (const d of open()) {
        if (!d.path.startsWith(prefix)) continue;
        const name = d.path.slice(prefix.length);
        if (name && !name.includes('/') && !names?.includes(name)) extra.push(name);
      }
      if (!names && !extra.length) return undefined;
      return [...(names ?? []), ...extra];
    },
  };
}
