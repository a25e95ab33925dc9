import { applyEdits } from './fixer.js';
import { fixesFor, type LintResult, verifyAllSafeFixes } from './lint.js';
import type { Edit } from './types.js';

/** One pass of fixAllSafe: its edits (offsets in the text before the pass) and the text after it. */
export interface FixPass {
  edits: Edit[];
  text: string;
}

/**
 * Applies every safe fix, in passes until nothing changes (a fix can reveal or unblock another),
 * re-linting between passes so edits always refer to the current text. Overlapping edits wait for
 * the next pass. Each pass checks its safe fixes together (verifyAllSafeFixes): a pass costs a few
 * lints whatever the number of findings. Returns the final text, how many fixes were applied, and
 * the passes (a caller editing bytes, not text, replays them).
 */
export function fixAllSafe(
  text: string,
  relint: (text: string) => LintResult,
  maxPasses = 10,
): { text: string; applied: number; passes: number; steps: FixPass[] } {
  let current = text;
  let applied = 0;
  let passes = 0;
  const steps: FixPass[] = [];
  for (; passes < maxPasses; passes++) {
    const result = relint(current);
    verifyAllSafeFixes(result);
    const edits = new SortedEdits();
    let count = 0;
    for (const finding of result.findings) {
      const fix = fixesFor(result, finding).find((f) => f.safe);
      if (!fix) continue;
      if (edits.tryAdd(fix.edits)) count++; // else it overlaps an earlier fix: next pass
    }
    if (!edits.size) break;
    const kept = edits.all();
    const next = applyEdits(current, kept);
    if (next === current) break;
    steps.push({ edits: kept, text: next });
    current = next;
    applied += count;
  }
  return { text: current, applied, passes, steps };
}

/**
 * Edits in order, none overlapping (as normaliseEdits keeps them: two insertions at one point are
 * fine, an insertion where a replacement starts is not). Adding a fix checks only its neighbours,
 * so collecting the fixes of a file stays linear-ish in their number.
 */
class SortedEdits {
  private readonly edits: Edit[] = [];

  get size(): number {
    return this.edits.length;
  }

  all(): Edit[] {
    return [...this.edits];
  }

  /** Adds all of a fix's edits, or none when one of them overlaps an edit already here. */
  tryAdd(fixEdits: readonly Edit[]): boolean {
    const sorted = [...fixEdits].sort(byPosition);
    const at = sorted.map((e) => this.upperBound(e));
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i];
      const before = i > 0 && at[i - 1] === at[i] ? sorted[i - 1] : this.edits[at[i] - 1];
      const after = i + 1 < sorted.length && at[i + 1] === at[i] ? sorted[i + 1] : this.edits[at[i]];
      if ((before && clash(before, e)) || (after && clash(e, after))) return false;
    }
    for (let i = sorted.length - 1; i >= 0; i--) this.edits.splice(at[i], 0, sorted[i]);
    return true;
  }

  /** Where `e` goes: after every edit that sorts before it or equal to it. */
  private upperBound(e: Edit): number {
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byPosition(this.edits[mid], e) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function byPosition(a: Edit, b: Edit): number {
  return a.start - b.start || a.end - b.end;
}

/** Whether `b` (sorted after `a`) cannot be applied with `a`. */
function clash(a: Edit, b: Edit): boolean {
  return b.start < a.end || (b.start === a.end && a.start === a.end && b.end > b.start);
}
