/**
 * The desktop server's side of the seam (file-access.ts): the disk, through the same read functions
 * as the CLI (server/src/files.ts for other files, fs/read-target.ts for files to lint, fs/config-file.ts for
 * `.bosun.yaml`). The disk answers at once, so a lint is never run twice.
 */
import { lstatSync, statSync } from 'node:fs';
import { readConfigFile } from '../fs/config-file.js';
import { readTargetFile } from '../fs/read-target.js';
import { diskFiles } from '../files.js';
import type { FolderContainment } from '../fs/folders.js';
import { readDirEntries } from '../walk/disk-source.js';
import type { FileAccess } from './file-access.js';
import { RecentFiles } from './recent-files.js';

/** `containment`: the workspace folders; a symbolic link out of them is not followed by cross-file reads (files.ts). */
export function diskAccess(containment?: () => FolderContainment | undefined): FileAccess {
  // Read on every keystroke's lint: answers are kept a moment, and forgotten on a file event.
  const files = new RecentFiles(diskFiles({ containment }));
  return {
    files,
    readConfig: readConfigFile,
    settle: async (run) => run(),
    answersAtOnce: () => true,
    forget: (path) => files.forget(path),
    async readDir(dir) {
      const listing = await readDirEntries(dir);
      return Array.isArray(listing) ? listing : undefined;
    },
    async kind(path) {
      try {
        const link = lstatSync(path);
        if (!link.isSymbolicLink()) return link.isFile() ? 'file' : link.isDirectory() ? 'dir' : 'other';
        // A link to a file counts as the file; a link to a folder is never walked (it could lead out).
        return statSync(path).isFile() ? 'file' : 'other';
      } catch {
        return undefined;
      }
    },
    async readTarget(path) {
      const read = readTargetFile(path);
      return read.ok ? { ok: true, text: read.text } : read;
    },
  };
}
