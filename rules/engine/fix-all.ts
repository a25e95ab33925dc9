import { applyEdits, EditSet } from './fixer.js';
import { fixesFor } from './fixes.js';
import type { LintResult } from './lint.js';

/**
 * Applies every safe fix, in passes until nothing changes (a fix can reveal or unblock another),
 * re-linting between passes so edits always refer to the current text. Overlapping edits wait for
 * the next pass. Returns the final text and how many fixes were applied.
 */
export function fixAllSafe(text: string, relint: (text: string) => LintResult, maxPasses = 10): { text: string; applied: number; passes: number } {
  let current = text;
  let applied = 0;
  let passes = 0;
  for (; passes < maxPasses; passes++) {
    const result = relint(current);
    const edits = new EditSet();
    let count = 0;
    for (const finding of result.findings) {
      const fix = fixesFor(result, finding).find((f) => f.safe);
      if (fix && edits.tryAdd(fix.edits)) count++; // one that overlaps waits for the next pass
    }
    if (!edits.edits.length) break;
    const next = applyEdits(current, edits.edits);
    if (next === current) break;
    current = next;
    applied += count;
  }
  return { text: current, applied, passes };
}
