import { applyEdits, normaliseEdits } from './fixer.js';
import { fixesFor, type LintResult } from './lint.js';
import type { Edit } from './types.js';

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
    const edits: Edit[] = [];
    let count = 0;
    for (const finding of result.findings) {
      const fix = fixesFor(result, finding).find((f) => f.safe);
      if (!fix) continue;
      const before = edits.length;
      edits.push(...fix.edits);
      const kept = normaliseEdits(edits);
      if (kept.length < edits.length) edits.length = before; // overlaps: next pass
      else count++;
    }
    if (!edits.length) break;
    const next = applyEdits(current, normaliseEdits(edits));
    if (next === current) break;
    current = next;
    applied += count;
  }
  return { text: current, applied, passes };
}
