/**
 * A file to lint, read as text (through readBounded: regular files only, a byte cap), refusing what
 * is not a reasonable text file. The CLI and the desktop language server read targets with it.
 */
import { type BoundedRead, readBounded } from './read.js';

const BINARY_SNIFF_BYTES = 8192;

/** `bytes`: what was read (`--fix` edits them, not the decoded text). */
export type TargetRead = { ok: true; text: string; bytes: Buffer } | { ok: false; reason: string };

/** The text of what readBounded (or a bounded stdin read) returned; binary files are refused. */
export function decodeTarget(read: BoundedRead): TargetRead {
  if (!read.ok) return { ok: false, reason: read.missing ? 'no longer exists' : read.reason };
  const bytes = read.bytes;
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary file (NUL bytes), not linted' };
  let text = bytes.toString('utf8');
  // Editors hide a BOM; drop it so columns on line 1 match what the user sees.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text, bytes };
}

export function readTargetFile(path: string): TargetRead {
  return decodeTarget(readBounded(path));
}
