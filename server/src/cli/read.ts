/** Reads one target as text, refusing what is not a reasonable text file. */
import { readFileSync, statSync } from 'node:fs';
import { STDIN, type Target } from './discover.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8192;

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'ENOENT') return 'no longer exists';
  return `cannot read (${code ?? (e instanceof Error ? e.message : String(e))})`;
}

function decode(buf: Buffer): ReadResult {
  if (buf.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary file (NUL bytes), not linted' };
  let text = buf.toString('utf8');
  // Editors hide a BOM; drop it so columns on line 1 match what the user sees.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

export function readTarget(target: Target): ReadResult {
  try {
    if (target.abs === STDIN) {
      const buf = readFileSync(0);
      if (buf.length > MAX_FILE_BYTES) return { ok: false, reason: 'larger than 5 MB, not linted' };
      return decode(buf);
    }
    // stat first: opening a FIFO or device named like a Dockerfile would block or never end.
    const st = statSync(target.abs);
    if (st.isDirectory()) return { ok: false, reason: 'is a directory, not a file' };
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    if (st.size > MAX_FILE_BYTES) return { ok: false, reason: 'larger than 5 MB, not linted' };
    const buf = readFileSync(target.abs);
    if (buf.length > MAX_FILE_BYTES) return { ok: false, reason: 'larger than 5 MB, not linted' };
    return decode(buf);
  } catch (e) {
    return { ok: false, reason: reasonOf(e) };
  }
}
