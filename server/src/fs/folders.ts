/**
 * What the language server's wiring needs of a containment (containment.ts), without `node:fs`: the
 * desktop server checks real paths on its disk; the web server, which has none, judges by spelling —
 * its client already refuses anything outside the workspace folders.
 */
import type { WriteCheck } from './containment.js';

export interface FolderContainment {
  readonly folders: string[];
  /** `inside` a folder, `outside` every folder, or inside by spelling but `escapes` through a link. */
  where(path: string): 'inside' | 'outside' | 'escapes';
  checkWrite(path: string): WriteCheck;
}

const clean = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

function within(path: string, dir: string): boolean {
  const d = clean(dir);
  return path === d || path.startsWith(d === '/' ? '/' : `${d}/`);
}

/** Containment by the spelling of `/`-separated absolute paths (no `..` steps are accepted as inside). */
export class PathContainment implements FolderContainment {
  readonly folders: string[];

  constructor(folders: readonly string[]) {
    this.folders = folders.map(clean);
  }

  where(path: string): 'inside' | 'outside' {
    if (path.split('/').includes('..')) return 'outside';
    return this.folders.some((f) => within(path, f)) ? 'inside' : 'outside';
  }

  checkWrite(path: string): WriteCheck {
    const inside = this.where(path) === 'inside' && !this.folders.includes(clean(path));
    return inside ? { ok: true, real: path, exists: true } : { ok: false, reason: 'it is outside the folders being fixed' };
  }
}
