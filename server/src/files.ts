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

// Pure views over a FilesView (no disk): shared with the browser build of the server.
export { overlayFiles, recordingFiles } from './files-view.js';
