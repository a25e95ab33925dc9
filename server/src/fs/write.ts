/**
 * The one way Bosun writes a file (`--fix` of the linted file and of other files, a baseline, the
 * image facts lock file of `bosun --image-facts refresh`). It
 * applies the containment rule (containment.ts) and refuses to overwrite what changed since it was
 * read: the file is opened without following a last symbolic link, the descriptor is checked (the
 * same regular file that was examined, one link), its content compared with what Bosun read, and
 * only then rewritten in place (same inode: permissions and ownership stay).
 */
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Containment } from './containment.js';
import { MAX_READ_BYTES, readCapped } from './read.js';

export type WriteResult = { ok: true } | { ok: false; reason: string /** The file changed on disk since it was read. */; changed?: boolean };

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Writes `bytes` to `path` when the containment allows it. `expected`: the bytes the caller read
 * (the file must still hold exactly them), or `null` for a file that did not exist (it must still
 * not exist: it is created, never overwritten).
 */
export function writeContained(containment: Containment, path: string, bytes: Uint8Array, expected: Uint8Array | null): WriteResult {
  const check = containment.checkWrite(path);
  if (!check.ok) return check;
  if (!check.exists) {
    if (expected !== null) return { ok: false, reason: 'it was deleted since it was read', changed: true };
    let fd: number;
    try {
      fd = openSync(check.real, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o666);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException)?.code;
      if (code === 'EEXIST') return { ok: false, reason: 'it appeared since it was read', changed: true };
      return { ok: false, reason: `cannot create it (${code ?? String(e)})` };
    }
    try {
      writeAll(fd, bytes);
      return { ok: true };
    } catch (e) {
      return { ok: false, reason: `cannot write it (${(e as NodeJS.ErrnoException)?.code ?? String(e)})` };
    } finally {
      closeSync(fd);
    }
  }
  if (expected === null) return { ok: false, reason: 'it appeared since it was read', changed: true };
  let fd: number;
  try {
    fd = openSync(check.real, constants.O_RDWR | NOFOLLOW | NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'ELOOP') return { ok: false, reason: 'it became a symbolic link since it was examined', changed: true };
    return { ok: false, reason: `cannot open it for writing (${code ?? String(e)})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.nlink > 1 || (check.stat && (st.ino !== check.stat.ino || st.dev !== check.stat.dev))) {
      return { ok: false, reason: 'it was replaced since it was examined', changed: true };
    }
    const now = readCapped(fd, Math.max(MAX_READ_BYTES, expected.length));
    if (!now.ok || !Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength).equals(now.bytes)) {
      return { ok: false, reason: 'it changed on disk since it was read', changed: true };
    }
    ftruncateSync(fd, 0);
    writeAll(fd, bytes, 0);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: `cannot write it (${(e as NodeJS.ErrnoException)?.code ?? String(e)})` };
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number | null = null): void {
  let done = 0;
  while (done < bytes.length) {
    done += writeSync(fd, bytes, done, bytes.length - done, position === null ? null : position + done);
  }
}

/**
 * The one folder Bosun creates (the exception in containment.ts): `.bosun` directly in `root`, for the
 * lock file `bosun --image-facts refresh` was asked to write. Not recursive (`root` must exist); an
 * existing `.bosun` must be a real folder — a symbolic link (wherever it leads) or anything else is
 * refused, so the lock file never lands where a link points.
 */
export function makeBosunFolder(root: string): WriteResult {
  const dir = join(root, '.bosun');
  const existing = (): WriteResult => {
    try {
      const st = lstatSync(dir);
      if (st.isSymbolicLink()) return { ok: false, reason: '.bosun is a symbolic link (Bosun writes only into a real .bosun folder)' };
      return st.isDirectory() ? { ok: true } : { ok: false, reason: '.bosun exists and is not a folder' };
    } catch (e) {
      return { ok: false, reason: `.bosun cannot be examined (${(e as NodeJS.ErrnoException)?.code ?? String(e)})` };
    }
  };
  try {
    mkdirSync(dir);
    return { ok: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code === 'EEXIST') return existing();
    return { ok: false, reason: `cannot create .bosun (${code ?? String(e)})` };
  }
}
