/** The disk as a walk source (walker.ts): for the CLI and the desktop language server. */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { readTextBounded } from '../fs/read.js';
import type { DirEntry, DirListing, EntryKind, WalkSource } from './walker.js';

function errCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code ?? (e instanceof Error ? e.message : String(e));
}

/** A folder's entries; a symbolic link's kind is what it leads to (`broken`: it leads nowhere). */
export async function readDirEntries(dir: string): Promise<DirListing> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (e) {
    return { error: errCode(e) };
  }
  return Promise.all(
    entries.map(async (e): Promise<DirEntry> => {
      if (!e.isSymbolicLink()) return { name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other' };
      try {
        const st = await fsp.stat(join(dir, e.name));
        const kind: EntryKind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
        return { name: e.name, kind, symlink: true };
      } catch (err) {
        return { name: e.name, kind: 'other', symlink: true, broken: errCode(err) };
      }
    }),
  );
}

export const diskSource: WalkSource = {
  readDir: readDirEntries,
  async readText(path) {
    const r = readTextBounded(path);
    return r.ok ? r.text : undefined;
  },
  join,
};
