import { applyEdits, EditSet } from './fixer.js';
import { fixesFor } from './fixes.js';
import type { LintResult } from './lint.js';
import type { Edit } from './types.js';

/** One pass of fixAllSafe: its edits (offsets in the text before the pass) and the text after it. */
export interface FixPass {
  edits: Edit[];
  text: string;
}

/**
 * Applies every safe fix, in passes until nothing changes (a fix can reveal or unblock another),
 * re-linting between passes so edits always refer to the current text. Overlapping edits wait for
 * the next pass. The safe fixes of each rule are checked together (fixes.ts): a pass costs a few
 * lints whatever the number of findings. Returns the final text, how many fixes were applied, and
 * the passes (a caller editing bytes, not text, replays them).
 */
export function fixAllSafe(text: string, relint: (text: string) => LintResult, maxPasses = 10): { text: string; applied: number; passes: number; steps: FixPass[] } {
  let current = text;
  let applied = 0;
  let passes = 0;
  const steps: FixPass[] = [];
  for (; passes < maxPasses; passes++) {
    const result = relint(current);
    const edits = new EditSet();
    let count = 0;
    for (const finding of result.findings) {
      const fix = fixesFor(result, finding).find((f) => f.safe);
      if (fix && edits.tryAdd(fix.edits)) count++; // one that overlaps waits for the next pass
    }
    if (!edits.edits.length) break;
    const kept = [...edits.edits];
    const next = applyEdits(current, kept);
    if (next === current) break;
    steps.push({ edits: kept, text: next });
    current = next;
    applied += count;
  }
  return { text: current, applied, passes, steps };
}
