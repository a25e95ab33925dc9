/**
 * The desktop server's side of the seam (file-access.ts): the disk, through the same read functions
 * as the CLI (server/src/files.ts for other files, cli/read.ts for files to lint, cli/config.ts for
 * `.bosun.yaml`). The disk answers at once, so a lint is never run twice.
 */
import { promises as fsp, lstatSync, statSync } from 'node:fs';
import { readConfigFile } from '../cli/config.js';
import { readTarget } from '../cli/read.js';
import { diskFiles } from '../files.js';
import type { FolderContainment } from '../fs/folders.js';
import type { DirEntry, FileAccess } from './file-access.js';
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
      try {
        const entries = await fsp.readdir(dir, { withFileTypes: true });
        return entries.map((e): DirEntry => {
          if (e.isSymbolicLink()) {
            let kind: DirEntry['kind'] = 'other';
            try {
              const st = statSync(`${dir}/${e.name}`);
              kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
            } catch {
              /* dangling link */
            }
            return { name: e.name, kind, symlink: true };
          }
          return { name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other' };
        });
      } catch {
        return undefined;
      }
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
    readTarget: async (path) => readTarget({ abs: path, display: path, language: 'dockerfile', explicit: false }),
  };
}
