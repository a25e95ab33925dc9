import type { Edit } from './types.js';
import { firstNotBefore } from './sorted-search.js';

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

/**
 * Edits gathered fix by fix, each fix kept only if normaliseEdits would keep all of them with it —
 * the same answer as calling normaliseEdits on everything after each fix, without sorting
 * everything again per fix (that was quadratic in the number of fixes: fix-all on a file with
 * thousands of findings).
 */
export class EditSet {
  /** Sorted by start then end; among equal ones, in the order they were added (as a stable sort leaves them). */
  private readonly sorted: Edit[] = [];

  get edits(): readonly Edit[] {
    return this.sorted;
  }

  /** Adds the fix's edits if none of them overlaps what is there (nor each other); true when added. */
  tryAdd(edits: readonly Edit[]): boolean {
    const added: number[] = [];
    for (const e of edits) {
      const i = this.upperBound(e);
      if (!this.fitsAt(i, e)) {
        for (const j of added.sort((a, b) => b - a)) this.sorted.splice(j, 1);
        return false;
      }
      this.sorted.splice(i, 0, e);
      for (let k = 0; k < added.length; k++) if (added[k] >= i) added[k]++;
      added.push(i);
    }
    return true;
  }

  /** Where `e` goes: after every edit that sorts before it or equal to it. */
  private upperBound(e: Edit): number {
    const { sorted } = this;
    return firstNotBefore(sorted.length, (i) => sorted[i].start < e.start || (sorted[i].start === e.start && sorted[i].end <= e.end));
  }

  /** normaliseEdits' two rules, between `e` and its neighbours at position i. */
  private fitsAt(i: number, e: Edit): boolean {
    const p = this.sorted[i - 1];
    const q = this.sorted[i];
    const follows = (a: Edit, b: Edit) => !(b.start < a.end) && !(b.start === a.end && a.start === a.end && b.end > b.start);
    return (p === undefined || follows(p, e)) && (q === undefined || follows(e, q));
  }
}
