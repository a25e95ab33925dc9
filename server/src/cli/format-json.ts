/**
 * `--format json`: a stable, versioned shape for CI and other tools. Additive changes keep
 * `version: 1`; renaming or removing a field bumps it. Positions are 1-based; columns count UTF-16
 * code units (as editors and LSP do); `endColumn` is exclusive.
 */
import { findRule, INTERNAL_CODE, type LanguageId, type Level, type RuleMeta } from '../../../rules/api.js';
import { type FileReport, fixesOf, type RunReport, type Summary, summarize } from './report.js';
import { localDocsUrl } from '../docs-dir.js';

export interface JsonOutput {
  version: 1;
  tool: { name: 'bosun'; version: string };
  /** Every file linted, in discovery order, including those without findings. */
  files: JsonFile[];
  /** Paths not linted (unreadable, binary, too large, a directory), also reported on stderr. */
  skipped: { path: string; reason: string }[];
  summary: JsonSummary;
}

export interface JsonFile {
  /** Relative to the working directory, '/' separated; `<stdin>` for '-'. */
  path: string;
  language: LanguageId;
  /** Findings silenced by ignore comments in this file. */
  suppressed: number;
  findings: JsonFinding[];
}

export interface JsonFinding {
  /** Rule code (`DF001`), or `BOSUN000` when Bosun itself could not check the file. */
  code: string;
  /** Rule name (`no-root-user`). */
  rule: string;
  level: Level;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The rule's documentation page; null for BOSUN000. */
  docs: string | null;
  /** `safe`: `--fix`/fix-all may apply it; `unsafe`: offered in the editor only; null: no fix. */
  fixable: 'safe' | 'unsafe' | null;
}

/** The summary object of the JSON output: the same shape the CLI computes for every format. */
export type JsonSummary = Summary;

function fileJson(f: FileReport): JsonFile {
  return {
    path: f.target.display,
    language: f.target.language,
    suppressed: f.result.suppressed,
    findings: f.findings.map((x) => {
      const meta = x.code === INTERNAL_CODE ? undefined : findRule(x.code)?.meta;
      const fixes = fixesOf(f, x);
      return {
        code: x.code,
        rule: x.rule,
        level: x.level,
        message: x.message,
        line: x.range.start.line + 1,
        column: x.range.start.character + 1,
        endLine: x.range.end.line + 1,
        endColumn: x.range.end.character + 1,
        docs: meta ? localDocsUrl(meta) : null,
        fixable: fixes.some((fx) => fx.safe) ? 'safe' : fixes.length ? 'unsafe' : null,
      };
    }),
  };
}

export function formatJson(report: RunReport, version: string): string {
  const s: Summary = summarize(report);
  const out: JsonOutput = {
    version: 1,
    tool: { name: 'bosun', version },
    files: report.files.map(fileJson),
    skipped: report.skipped.map((k) => ({ path: k.path, reason: k.reason })),
    summary: s,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** `--list-rules --format json`: every rule's full metadata plus its docs page (a local file), in registry order. */
export function rulesJson(metas: readonly RuleMeta[]): string {
  return `${JSON.stringify(
    metas.map((m) => ({ ...m, defaultOn: m.defaultOn !== false, docs: localDocsUrl(m) })),
    null,
    2,
  )}\n`;
}
