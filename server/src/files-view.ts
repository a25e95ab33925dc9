/**
 * Views over a FilesView that never touch the disk themselves: what a lint read (so a change to one
 * of those files re-lints it) and open documents laid over another view. Pure, so the browser build
 * of the server shares them with the desktop one.
 */
import type { FilesView } from '../../rules/api.js';

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
