/** What one CLI run found, independent of the output format. */
import { type Finding, type Fix, fixesFor, type Level, type LintResult } from '../../../rules/api.js';
import type { ContainedFix } from '../fs/contain-fixes.js';
import type { FailLevel } from './args.js';
import type { Skipped, Target } from './discover.js';

export interface FileReport {
  target: Target;
  result: LintResult<unknown>;
  findings: Finding[];
  /** Fixes by finding, computed where the file was linted (a worker thread sends no parse tree to compute them from). */
  fixes?: Map<Finding, Fix[]>;
  /** The fix as it may be offered: unsafe when it would write outside the folders being fixed (contain-fixes.ts). */
  contain?: (fix: Fix) => ContainedFix;
}

/** The fixes for one of the report's findings, as they may be offered. */
export function fixesOf(report: FileReport, finding: Finding): ContainedFix[] {
  const fixes = report.fixes?.get(finding) ?? fixesFor(report.result, finding);
  return report.contain ? fixes.map(report.contain) : fixes;
}

export interface RunReport {
  files: FileReport[];
  skipped: Skipped[];
  failLevel: FailLevel;
  /** True when a finding at or above the fail level exists (exit code 1). */
  failed: boolean;
}

export const LEVELS: readonly Level[] = ['error', 'warning', 'info', 'hint'];
const RANK: Record<Level, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function atOrAbove(level: Level, threshold: FailLevel): boolean {
  return threshold !== 'none' && RANK[level] >= RANK[threshold];
}

export interface Summary {
  /** Files linted. */
  files: number;
  filesWithFindings: number;
  findings: number;
  byLevel: Record<Level, number>;
  /** Findings silenced by ignore comments. */
  suppressed: number;
  /** Paths reported on stderr and not linted. */
  skipped: number;
  failLevel: FailLevel;
  failed: boolean;
}

export function summarize(report: RunReport): Summary {
  const byLevel: Record<Level, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let findings = 0;
  let filesWithFindings = 0;
  let suppressed = 0;
  for (const f of report.files) {
    if (f.findings.length) filesWithFindings++;
    findings += f.findings.length;
    suppressed += f.result.suppressed;
    for (const x of f.findings) byLevel[x.level]++;
  }
  return {
    files: report.files.length,
    filesWithFindings,
    findings,
    byLevel,
    suppressed,
    skipped: report.skipped.length,
    failLevel: report.failLevel,
    failed: report.failed,
  };
}
