/**
 * Fixes are edits by offset in the text Bosun linted; a file is bytes. This maps one to the other
 * so `--fix` rewrites only the bytes of the edited ranges: a UTF-8 BOM stays, line endings stay,
 * and a file that is not valid UTF-8 (Latin-1 comments, a stray byte) keeps every byte outside
 * the edits — decoding it to text and writing the text back would turn each such byte into U+FFFD.
 *
 * The text is decoded as the WHATWG UTF-8 decoder does (what Node's `buffer.toString('utf8')`
 * gives: each maximal invalid subsequence is one U+FFFD), recording where each UTF-16 unit starts.
 */
import type { Edit } from '../../../rules/api.js';

export interface DecodedBytes {
  /** The text as linted (a leading BOM removed). */
  text: string;
  /** Byte offset of each UTF-16 unit of `text`, and of its end (`text.length + 1` entries). */
  byteAt: Uint32Array;
}

export function decodeWithOffsets(bytes: Uint8Array): DecodedBytes {
  const units = new Uint16Array(bytes.length + 1);
  const starts = new Uint32Array(bytes.length + 2);
  let n = 0;
  const emit = (cp: number, at: number) => {
    if (cp > 0xffff) {
      const v = cp - 0x10000;
      starts[n] = at;
      units[n++] = 0xd800 + (v >> 10);
      starts[n] = at;
      units[n++] = 0xdc00 + (v & 0x3ff);
    } else {
      starts[n] = at;
      units[n++] = cp;
    }
  };
  let cp = 0;
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let seqStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (needed === 0) {
      seqStart = i;
      if (b <= 0x7f) emit(b, i);
      else if (b >= 0xc2 && b <= 0xdf) {
        needed = 1;
        cp = b & 0x1f;
      } else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
        cp = b & 0xf;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
        cp = b & 0x7;
      } else emit(0xfffd, i);
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence so far is one U+FFFD; this byte starts afresh.
      cp = needed = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      emit(0xfffd, seqStart);
      i--;
      continue;
    }
    lower = 0x80;
    upper = 0xbf;
    cp = (cp << 6) | (b & 0x3f);
    if (++seen === needed) {
      emit(cp, seqStart);
      cp = needed = seen = 0;
    }
  }
  if (needed !== 0) emit(0xfffd, seqStart);
  let text = Buffer.from(units.buffer, 0, n * 2).toString('utf16le');
  let byteAt = starts.subarray(0, n + 1);
  byteAt[n] = bytes.length;
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    byteAt = byteAt.subarray(1);
  }
  return { text, byteAt };
}

export type BytesEdit = { ok: true; bytes: Buffer; decoded: DecodedBytes } | { ok: false; reason: string };

/**
 * Applies text edits (non-overlapping, offsets in `from.text`) to the bytes `from` was decoded
 * from; inserted text is UTF-8. The result must decode to `expected` (the text the fixes were
 * checked on): an edit that would join stray bytes into a different character is refused.
 */
export function editBytes(bytes: Uint8Array, from: DecodedBytes, edits: readonly Edit[], expected: string): BytesEdit {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const parts: Uint8Array[] = [];
  let pos = 0; // a BOM (before byteAt[0]) stays with the first part
  for (const e of sorted) {
    if (e.start < 0 || e.end < e.start || e.end > from.text.length) return { ok: false, reason: 'an edit lies outside the file' };
    const start = from.byteAt[e.start];
    if (start < pos) return { ok: false, reason: 'edits overlap' };
    parts.push(bytes.subarray(pos, start), Buffer.from(e.text, 'utf8'));
    pos = from.byteAt[e.end];
  }
  parts.push(bytes.subarray(pos));
  const out = Buffer.concat(parts);
  const decoded = decodeWithOffsets(out);
  if (decoded.text !== expected) return { ok: false, reason: 'the file is not valid UTF-8 around an edit, and the fixed bytes would read differently' };
  return { ok: true, bytes: out, decoded };
}

/**
 * The bytes after fix passes (`steps`: each pass's edits, in offsets of the text before that pass),
 * each pass checked against the text it must produce.
 */
export function editBytesInSteps(bytes: Uint8Array, steps: readonly { edits: readonly Edit[]; text: string }[]): BytesEdit {
  let current: Uint8Array = bytes;
  let decoded = decodeWithOffsets(bytes);
  for (const step of steps) {
    const r = editBytes(current, decoded, step.edits, step.text);
    if (!r.ok) return r;
    current = r.bytes;
    decoded = r.decoded;
  }
  return { ok: true, bytes: Buffer.from(current.buffer, current.byteOffset, current.byteLength), decoded };
}
