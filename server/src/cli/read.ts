/** Reads one target as text (through readBounded: regular files only, a byte cap), refusing what is not a reasonable text file. */
import { MAX_READ_BYTES, readBounded, readStdinBounded } from '../fs/read.js';
import { STDIN, type Target } from './discover.js';

export const MAX_FILE_BYTES = MAX_READ_BYTES;
const BINARY_SNIFF_BYTES = 8192;

/** `bytes`: what was read (`--fix` edits them, not the decoded text). */
export type ReadResult = { ok: true; text: string; bytes: Buffer } | { ok: false; reason: string };

function decode(bytes: Buffer): ReadResult {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary file (NUL bytes), not linted' };
  let text = bytes.toString('utf8');
  // Editors hide a BOM; drop it so columns on line 1 match what the user sees.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text, bytes };
}

export function readTarget(target: Target): ReadResult {
  const r = target.abs === STDIN ? readStdinBounded() : readBounded(target.abs);
  if (!r.ok) return { ok: false, reason: r.missing ? 'no longer exists' : r.reason };
  return decode(r.bytes);
}
