/**
 * `--fix` for safe fixes that change *other* files (append to `.dockerignore`, add to `.gitignore`):
 * applied one fix at a time, re-linting in between, because two findings may want to edit the same
 * file. A fix whose files are not all inside the folders being fixed (containment.ts) is not
 * applied, and stderr says why. Edits go to the bytes read (bytes-edit.ts) and through
 * writeContained. With `dryRun` nothing is written; a unified diff per changed file is printed.
 */
import { applyEdits, fixesFor, type LintResult } from '../../../rules/api.js';
import { decodeWithOffsets, editBytes } from '../fs/bytes-edit.js';
import { readBounded } from '../fs/read.js';
import { writeContained } from '../fs/write.js';
import { unifiedDiff } from './diff.js';
import { visible } from './escape.js';
import type { FixRun } from './fix-file.js';

const MAX_ROUNDS = 10;

interface Pending {
  /** The bytes on disk now (null: no such file) and their text. */
  bytes: Buffer | null;
  text: string;
  /** The text before the first change (for the dry run's diff). */
  original: string;
}

export function fixOtherFiles(lint: () => LintResult, where: string, run: FixRun): void {
  const pending = new Map<string, Pending>();
  const current = (path: string): Pending | { error: string } => {
    const known = pending.get(path);
    if (known) return known;
    const r = readBounded(path);
    if (!r.ok && !r.missing) return { error: r.reason };
    const bytes = r.ok ? r.bytes : null;
    const text = bytes ? decodeWithOffsets(bytes).text : '';
    return { bytes, text, original: text };
  };
  const tried = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = lint();
    const next = result.findings.flatMap((f) => fixesFor(result, f)).find((fx) => fx.safe && fx.otherFiles?.length && !tried.has(fx.title));
    if (!next) break;
    tried.add(next.title);
    const refused = (next.otherFiles ?? []).map((c) => ({ c, check: run.containment.checkWrite(c.path) })).find((x) => !x.check.ok);
    if (refused && !refused.check.ok) {
      run.err(`bosun: ${where}: fix "${visible(next.title)}" not applied: ${visible(run.show(refused.c.path))}: ${refused.check.reason}\n`);
      continue;
    }
    for (const change of next.otherFiles ?? []) {
      const shown = visible(run.show(change.path));
      const now = current(change.path);
      if ('error' in now) {
        run.err(`bosun: ${where}: fix "${visible(next.title)}" not applied: ${shown}: ${now.error}\n`);
        break;
      }
      if (!change.create !== !!now.bytes) {
        run.err(`bosun: ${where}: fix "${visible(next.title)}" not applied: ${shown} ${now.bytes ? 'appeared' : 'went away'} since it was read\n`);
        break;
      }
      let after: string;
      try {
        after = applyEdits(now.text, change.edits);
      } catch {
        run.err(`bosun: ${where}: fix "${visible(next.title)}" not applied: ${shown} changed since it was read\n`);
        break;
      }
      const from = now.bytes ?? Buffer.alloc(0);
      const edited = editBytes(from, decodeWithOffsets(from), change.edits, after);
      if (!edited.ok) {
        run.err(`bosun: ${where}: fix "${visible(next.title)}" not applied: ${shown}: ${edited.reason}\n`);
        break;
      }
      if (!run.dryRun) {
        const written = writeContained(run.containment, change.path, edited.bytes, now.bytes);
        if (!written.ok) {
          run.err(`bosun: ${where}: fix "${visible(next.title)}" not applied: ${shown}: ${written.reason}\n`);
          if (written.changed) run.failed = true;
          break;
        }
      }
      pending.set(change.path, { bytes: edited.bytes, text: after, original: now.original });
    }
    if (run.dryRun) break; // re-linting would not see unwritten changes
  }
  if (run.dryRun) for (const [path, p] of pending) run.out(unifiedDiff(visible(run.show(path)), p.original, p.text));
}
