/**
 * The containment rule, in one place: Bosun writes only regular files inside the folders it was
 * asked to fix (the CLI's path arguments, the editor's workspace folders) — judged by where the file
 * really is, not by how its path is spelled. So a file is refused when:
 * - its path is outside every folder (`build.context: ../x` → `../x/.dockerignore`);
 * - a symbolic link on the way leads outside (a symlinked `.dockerignore`, `Dockerfile` or parent
 *   folder whose real path is elsewhere), or it is a dangling link (writing would create a file
 *   wherever it points);
 * - it exists and is not a regular file (a FIFO, a device, a directory), or has other hard links (the
 *   same file may be reachable from outside);
 * - it does not exist and its folder does not exist either (Bosun creates files, never folders).
 *   One exception, on an explicit command only: `bosun --image-facts refresh` creates the folder
 *   `.bosun` directly in the root it refreshes for its lock file (not recursively; an existing
 *   `.bosun` that is a symbolic link or not a folder is refused: write.ts `makeBosunFolder`).
 * Reads are not refused here (a context in `..` may be read): `isInside` tells whether a path read
 * lies inside, so what is shown can say it does not.
 */
import { lstatSync, realpathSync, type Stats, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export type WriteCheck = { ok: true /** The real path to open (symbolic links resolved). */; real: string; exists: boolean; stat?: Stats } | { ok: false; reason: string };

function within(path: string, dir: string): boolean {
  if (path === dir) return true;
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

export class Containment {
  private readonly roots: { path: string; real: string | undefined }[];

  /** `roots`: absolute paths of the folders being fixed (directories; a file names its folder). */
  constructor(roots: readonly string[]) {
    const dirs = roots.map((r) => {
      const abs = resolve(r);
      let isDir = true;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        /* a root that does not exist contains nothing that exists */
      }
      return isDir ? abs : dirname(abs);
    });
    this.roots = [...new Set(dirs)].map((path) => ({ path, real: realpathOrUndefined(path) }));
  }

  get folders(): string[] {
    return this.roots.map((r) => r.path);
  }

  /**
   * Where a path lies: `inside` a folder (as far as it exists, by its real path too), `outside`
   * every folder (spelled so, e.g. `../x`), or inside by its spelling but `escapes` through a
   * symbolic link that leads out.
   */
  where(path: string): 'inside' | 'outside' | 'escapes' {
    const abs = resolve(path);
    const root = this.roots.find((r) => within(abs, r.path));
    // The deepest part of the path that exists decides where it really is.
    let real: string | undefined;
    for (let p = abs; ; p = dirname(p)) {
      real = realpathOrUndefined(p);
      if (real !== undefined) {
        if (p !== abs) real = resolve(real, relative(p, abs));
        break;
      }
      if (dirname(p) === p) break;
    }
    const really = real !== undefined && this.roots.some((r) => r.real !== undefined && within(real!, r.real));
    if (really) return 'inside';
    return root ? 'escapes' : 'outside';
  }

  isInside(path: string): boolean {
    return this.where(path) === 'inside';
  }

  /** Whether Bosun may write `path` (see the rule above), and the real path to open if so. */
  checkWrite(path: string): WriteCheck {
    const abs = resolve(path);
    const root = this.roots.find((r) => within(abs, r.path) && abs !== r.path);
    if (!root || root.real === undefined) return { ok: false, reason: 'it is outside the folders being fixed' };
    const parent = dirname(abs);
    const realParent = realpathOrUndefined(parent);
    if (realParent === undefined) return { ok: false, reason: 'its folder does not exist' };
    if (!within(realParent, root.real)) return { ok: false, reason: 'its folder is a symbolic link that leads outside the folders being fixed' };
    let link: Stats;
    try {
      link = lstatSync(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') return { ok: true, real: resolve(realParent, abs.slice(parent.length + 1)), exists: false };
      return { ok: false, reason: `it cannot be examined (${(e as NodeJS.ErrnoException)?.code ?? String(e)})` };
    }
    let real = resolve(realParent, abs.slice(parent.length + 1));
    let st = link;
    if (link.isSymbolicLink()) {
      const target = realpathOrUndefined(abs);
      if (target === undefined) return { ok: false, reason: 'it is a symbolic link to nothing (writing would create a file where it points)' };
      if (!within(target, root.real)) return { ok: false, reason: 'it is a symbolic link to a file outside the folders being fixed' };
      real = target;
      try {
        st = lstatSync(real);
      } catch {
        return { ok: false, reason: 'its symbolic link target cannot be examined' };
      }
    }
    if (!st.isFile()) return { ok: false, reason: 'it is not a regular file' };
    if (st.nlink > 1) return { ok: false, reason: 'it has other hard links (the same file may be reachable from outside)' };
    return { ok: true, real, exists: true, stat: st };
  }
}
