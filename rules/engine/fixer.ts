import type { Edit } from './types.js';

/** Sorts edits and drops any that overlap an earlier one; returns the kept edits in order. */
export function normaliseEdits(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Edit[] = [];
  let lastEnd = -1;
  for (const e of sorted) {
    if (e.start < lastEnd) continue;
    // Two insertions at one point are fine; an insertion inside a replacement is not.
    if (e.start === lastEnd && kept.length && kept[kept.length - 1].start === lastEnd && e.end > e.start) continue;
    kept.push(e);
    lastEnd = e.end;
  }
  return kept;
}

/** Applies non-overlapping edits to text. Throws on overlap: callers normalise first. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos || e.end < e.start || e.end > text.length) {
      throw new Error(`overlapping or out-of-range edit at ${e.start}-${e.end}`);
    }
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}
