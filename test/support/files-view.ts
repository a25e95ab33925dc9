/**
 * An in-memory files view for tests of cross-file rules: `{ 'Dockerfile': 'FROM …', '.git/': '' }`.
 * Keys are relative to `root` (or absolute); a key ending in `/` is an (empty) folder. Folders are
 * implied by the files under them, as on a disk.
 */
import type { FilesView } from '../../rules/engine/types.js';
import { dirname, joinPath } from '../../rules/languages/paths.js';

export const TEST_ROOT = '/project';

export function memoryFiles(entries: Record<string, string>, root = TEST_ROOT): FilesView & { files: Map<string, string>; dirs: Set<string> } {
  const files = new Map<string, string>();
  const dirs = new Set<string>();
  const addDir = (d: string) => {
    for (let x = d; !dirs.has(x); x = dirname(x)) {
      dirs.add(x);
      if (x === dirname(x)) break;
    }
  };
  for (const [key, text] of Object.entries(entries)) {
    const path = joinPath(root, key);
    if (key.endsWith('/')) addDir(path);
    else {
      files.set(path, text);
      addDir(dirname(path));
    }
  }
  return {
    files,
    dirs,
    read: (path) => files.get(path),
    list(dir) {
      if (!dirs.has(dir)) return undefined;
      const prefix = dir === '/' ? '/' : `${dir}/`;
      const names = new Set<string>();
      for (const p of [...files.keys(), ...dirs]) {
        if (p.startsWith(prefix) && p.length > prefix.length) names.add(p.slice(prefix.length).split('/')[0]);
      }
      return [...names].sort();
    },
  };
}
