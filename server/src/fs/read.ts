/**
 * The one way Bosun reads a file of the workspace (targets, other files cross-file rules look at,
 * `.bosun.yaml`, ignore files, a baseline). The workspace is written by an attacker, so:
 * - the file is opened without blocking (a FIFO would wait for a writer forever) and checked on the
 *   opened descriptor, not by a stat of the path before (which a swap could outrun): only a regular
 *   file is read — never a FIFO, socket, device (`/dev/zero`) or directory;
 * - it is read with a byte cap that does not trust the size the file system reports (procfs says
 *   0 for `/proc/self/pagemap`, whose content has no end), so memory stays bounded.
 * Never throws: what cannot be read comes back with the reason, worded for a "skipped: …" line.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Bigger files are not the Dockerfile, Compose, .env, ignore or config file a user writes. */
export const MAX_READ_BYTES = 5 * 1024 * 1024;

export type BoundedRead = { ok: true; bytes: Buffer } | { ok: false; reason: string; missing?: boolean };

// O_NONBLOCK: opening a FIFO with no writer returns at once (and a read of it then finds nothing);
// O_NOCTTY: a terminal device never becomes our controlling terminal. (Both 0 where unsupported.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

function reasonOf(e: unknown): { reason: string; missing?: boolean } {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { reason: 'does not exist', missing: true };
  if (code === 'EISDIR') return { reason: 'not a regular file (a directory)' };
  if (code === 'EACCES' || code === 'EPERM') return { reason: `permission denied (${code})` };
  if (code === 'ELOOP') return { reason: 'too many symbolic links' };
  if (code === 'ENXIO') return { reason: 'not a regular file (a socket or device)' };
  return { reason: `cannot read (${code ?? (e instanceof Error ? e.message : String(e))})` };
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a file';
}

/** Reads at most `maxBytes` of a regular file (following symbolic links); more is "too large". */
export function readBounded(path: string, maxBytes = MAX_READ_BYTES): BoundedRead {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    return { ok: false, ...reasonOf(e) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: `not a regular file (${kindOf(st)})` };
    return readCapped(fd, maxBytes);
  } catch (e) {
    return { ok: false, ...reasonOf(e) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads an open descriptor to its end or until it passes the cap, whatever size it claims. Whole
 * chunks only (procfs files refuse odd-sized reads): at most one chunk more than the cap is held.
 */
export function readCapped(fd: number, maxBytes: number): BoundedRead {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const want = CHUNK;
    const buf = Buffer.allocUnsafe(want);
    const n = readSync(fd, buf, 0, want, null);
    if (n === 0) break;
    chunks.push(n === want ? buf : buf.subarray(0, n));
    total += n;
    if (total > maxBytes) return { ok: false, reason: `too large (over ${formatBytes(maxBytes)})` };
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
}

/** Standard input (the user's own pipe, not a workspace file), with the same cap. */
export function readStdinBounded(maxBytes = MAX_READ_BYTES): BoundedRead {
  try {
    return readCapped(0, maxBytes);
  } catch (e) {
    return { ok: false, ...reasonOf(e) };
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`;
}

/** Text of a file read by readBounded: UTF-8, a leading BOM dropped (editors hide it; columns must match). */
export function decodeText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** readBounded as text; `undefined` when missing, the reason otherwise. */
export function readTextBounded(path: string, maxBytes = MAX_READ_BYTES): { ok: true; text: string } | { ok: false; reason: string; missing?: boolean } {
  const r = readBounded(path, maxBytes);
  return r.ok ? { ok: true, text: decodeText(r.bytes) } : r;
}
