/**
 * `--fix` / `--fix-dry-run` of one linted file: its safe fixes in passes (fixAllSafe), replayed on
 * the bytes that were read (bytes-edit.ts: BOM, line endings and bytes that are not UTF-8 survive
 * outside the edited ranges), written through writeContained (inside the folders being fixed, and
 * only if the file still holds what was read). Then fixes that change other files.
 */
import { fixAllSafe, type LintResult } from '../../../rules/api.js';
import { editBytesInSteps } from '../fs/bytes-edit.js';
import type { Containment } from '../fs/containment.js';
import { writeContained } from '../fs/write.js';
import { unifiedDiff } from './diff.js';
import { visible } from './escape.js';
import { fixOtherFiles } from './fix-other-files.js';

export interface FixRun {
  containment: Containment;
  dryRun: boolean;
  /** A path as the user reads it (relative to the working directory). */
  show(path: string): string;
  out(text: string): void;
  err(text: string): void;
  /** Set when a file changed on disk while Bosun worked on it (exit 2: the run did not do what it said). */
  failed?: boolean;
}

/** Fixes one file; returns the text the file holds afterwards (as far as Bosun knows). */
export function fixFile(target: { abs: string; display: string }, read: { text: string; bytes: Buffer }, lintAt: (text: string) => LintResult, run: FixRun): string {
  const where = visible(target.display);
  let text = read.text;
  const fixed = fixAllSafe(text, lintAt);
  if (fixed.steps.length) {
    // The containment is checked at once (say why nothing is written) and again by the write itself.
    const allowed = run.containment.checkWrite(target.abs);
    const edited = allowed.ok ? editBytesInSteps(read.bytes, fixed.steps) : allowed;
    if (!edited.ok) run.err(`bosun: ${where}: fixes not applied: ${edited.reason}\n`);
    else if (run.dryRun) {
      run.out(unifiedDiff(where, text, fixed.text));
      text = fixed.text;
    } else {
      const written = writeContained(run.containment, target.abs, edited.bytes, read.bytes);
      if (written.ok) text = fixed.text;
      else {
        run.err(`bosun: ${where}: fixes not applied: ${written.reason}\n`);
        if (written.changed) run.failed = true;
      }
    }
  }
  const current = text;
  fixOtherFiles(() => lintAt(current), where, run);
  return text;
}
