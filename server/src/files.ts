/**
 * Files views for cross-file rules (rules never read the disk themselves): the disk for the CLI,
 * and — in the language server — open documents first, then the disk. Paths are absolute and
 * `/`-separated. Never throws: what cannot be read is undefined.
 *
 * The disk is read through readBounded (regular files only, a byte cap). With a containment (the
 * folders being checked), a symbolic link inside them that leads outside is not followed: neither
 * read nor listed — a symlinked folder must not let a rule walk out of the workspace and name what
 * it finds there. A path the repository itself spells outside (`build.context: ../x`) is read, and
 * noted (`outside`), so what is shown can say so.
 */
import { readdirSync } from 'node:fs';
import type { FilesView } from '../../rules/api.js';
import type { FolderContainment } from './fs/folders.js';
import { readTextBounded } from './fs/read.js';

function readText(path: string): string | undefined {
  const r = readTextBounded(path);
  return r.ok ? r.text : undefined;
}

function listDir(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}

export interface DiskFilesOptions {
  /** Read each path once (a CLI run: the disk does not change under it); without, every call goes to the disk. */
  cache?: boolean;
  /** The folders being checked (or how to get the current ones): links out of them are not followed, reads outside them are noted. */
  containment?: Pick<FolderContainment, 'where'> | (() => Pick<FolderContainment, 'where'> | undefined);
  /** Told of every file read outside the containment's folders. */
  outside?: (path: string) => void;
}

/** The file system, as cross-file rules see it. */
export function diskFiles(opts: DiskFilesOptions = {}): FilesView {
  const { containment, outside } = opts;
  const current = typeof containment === 'function' ? containment : () => containment;
  const where = (path: string) => current()?.where(path) ?? 'inside';
  const read = (path: string) => {
    const at = where(path);
    if (at === 'escapes') return undefined;
    const text = readText(path);
    // A file whose content a finding may rest on; listings (a look for compose files one folder up) are not worth a note.
    if (text !== undefined && at === 'outside') outside?.(path);
    return text;
  };
  const list = (dir: string) => (where(dir) === 'escapes' ? undefined : listDir(dir));
  if (!opts.cache) return { read, list };
  const reads = new Map<string, string | undefined>();
  const lists = new Map<string, string[] | undefined>();
  return {
    read(path) {
      if (!reads.has(path)) reads.set(path, read(path));
      return reads.get(path);
    },
    list(dir) {
      if (!lists.has(dir)) lists.set(dir, list(dir));
      return lists.get(dir);
    },
  };
}

// Pure views over a FilesView (no disk): shared with the browser build of the server.
export { overlayFiles, recordingFiles } from './files-view.js';
