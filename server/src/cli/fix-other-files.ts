/**
 * `--fix` for safe fixes that change *other* files (append to `.dockerignore`, add to `.gitignore`):
 * applied one fix at a time, re-linting in between, because two findings may want to edit the same
 * file. With `dryRun` nothing is written; a unified diff per changed file is returned instead.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { applyEdits, fixesFor, type LintResult } from '../../../rules/api.js';
import { unifiedDiff } from './diff.js';

const MAX_ROUNDS = 10;

export function fixOtherFiles(lint: () => LintResult, cwd: string, dryRun: boolean): string {
  const pending = new Map<string, { before: string; after: string }>();
  const current = (path: string) => pending.get(path)?.after ?? (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const applied = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = lint();
    const next = result.findings
      .flatMap((f) => fixesFor(result, f))
      .find((fx) => fx.safe && fx.otherFiles?.length && !applied.has(fx.title));
    if (!next) break;
    applied.add(next.title);
    for (const change of next.otherFiles ?? []) {
      const before = current(change.path);
      const after = applyEdits(change.create ? '' : before, change.edits);
      pending.set(change.path, { before: pending.get(change.path)?.before ?? before, after });
      if (!dryRun) writeFileSync(change.path, after);
    }
    if (dryRun) break; // re-linting would not see unwritten changes
  }
  if (!dryRun) return '';
  return [...pending].map(([path, { before, after }]) => unifiedDiff(relative(cwd, path).split(sep).join('/'), before, after)).join('');
}
