/**
 * The properties every lint must keep, whatever the input:
 *  - no throw escapes lint(), and no rule or parser fails (an internal finding is a bug);
 *  - every finding's range (and same-file related range) lies inside the document, on a real
 *    line and within that line's content, and matches its offsets;
 *  - every message placeholder is filled;
 *  - the result is deterministic (a second lint finds exactly the same);
 *  - a lint ends (a hang ceiling, not a budget: the cost of growing inputs is npm run scale's and
 *    the ratio tests' concern, which do not depend on how busy the machine is);
 *  - every fix's edits are in range and do not overlap, and its output keeps the fix invariants
 *    (test/support/fix-invariants.ts: no new parse error, no glued words, instructions, comment
 *    lines, BOM and line endings kept); every SAFE fix yields text that still parses (no new YAML
 *    errors, no internal error) and has fewer findings of that rule.
 * Failures throw an Error whose message says which property broke and how. Inputs that hit an open
 * bug in another team's code (KNOWN_OPEN) are counted in `stats.known` instead.
 */
import { parseDocument } from 'yaml';
import { type Finding, type LintResult, applyEdits, fixesFor, ignoreEdit, lintText, normaliseEdits } from '../../rules/api.js';
import { INTERNAL_CODE } from '../../rules/engine/lint.js';
import type { FilesView } from '../../rules/engine/types.js';
import { dirname, joinPath } from '../../rules/languages/paths.js';
import { fixInvariantProblems } from '../support/fix-invariants.js';
import { memoryFiles } from '../support/files-view.js';
import { HANG_CEILING_MS } from '../support/scaling.js';
import type { FuzzInput } from './arbitraries.js';

export interface CheckOptions {
  /** Lint a second time and compare (default true). */
  determinism?: boolean;
  /** Check the fixes of the findings (default true). */
  fixes?: boolean;
  /** At most this many findings have their fixes checked (each costs a re-lint). */
  maxFixedFindings?: number;
  /** Wall-clock ceiling of one lint, in ms, against a hang (checked twice before failing). */
  budgetMs?: number;
  /** A safe fix of a Compose file must not add YAML errors, even when the input had some (default true). */
  yamlValidity?: boolean;
}

export interface FuzzStats {
  cases: number;
  lints: number;
  findings: number;
  fixesChecked: number;
  safeFixesChecked: number;
  maxLintMs: number;
  /** Inputs that hit a known open bug (KNOWN_OPEN), by bug: count and the shortest input seen. */
  known: Record<string, { count: number; example: string }>;
}

export const newStats = (): FuzzStats => ({ cases: 0, lints: 0, findings: 0, fixesChecked: 0, safeFixesChecked: 0, maxLintMs: 0, known: {} });

/**
 * Known open bugs, each recognised by its input and error. An internal error that matches one is
 * counted in `stats.known` instead of failing the case; remove an entry once fixed.
 */
export const KNOWN_OPEN: { id: string; matches: (input: FuzzInput, errors: string) => boolean }[] = [];

export class PropertyError extends Error {
  constructor(property: string, detail: string, input: FuzzInput) {
    super(
      `${property}: ${detail}\n  input (${input.origin ?? input.language}, ${input.path}): ${JSON.stringify(input.text.length > 2000 ? `${input.text.slice(0, 2000)}…` : input.text)}${input.files ? `\n  files: ${JSON.stringify(input.files)}` : ''}`,
    );
    this.name = 'PropertyError';
  }
}

/** The files view of an input: its companion files and the linted file itself (as on a disk). */
export function filesOf(input: FuzzInput, text = input.text, overrides: Map<string, string> = new Map()): { view: FilesView | undefined; byPath: Map<string, string> } {
  if (!input.files) return { view: undefined, byPath: new Map() };
  const root = dirname(input.path);
  const byPath = new Map<string, string>();
  for (const [k, v] of Object.entries(input.files)) byPath.set(k.endsWith('/') ? `${joinPath(root, k)}/` : joinPath(root, k), v);
  byPath.set(input.path, text);
  for (const [k, v] of overrides) byPath.set(k, v);
  return { view: memoryFiles(Object.fromEntries(byPath)), byPath };
}

function lintOnce(input: FuzzInput, text: string, files: FilesView | undefined, only?: string[]): { result: LintResult; ms: number } {
  const t0 = performance.now();
  let result: LintResult;
  try {
    result = lintText(input.path, text, input.language, { files, only });
  } catch (e) {
    throw new PropertyError('lint threw', e instanceof Error ? (e.stack ?? e.message) : String(e), { ...input, text });
  }
  return { result, ms: performance.now() - t0 };
}

function signature(f: Finding): string {
  return JSON.stringify([f.code, f.level, f.message, f.span, f.range, f.related]);
}

function checkRange(text: string, result: LintResult, f: Finding, input: FuzzInput, where: string): void {
  const file = result.file;
  const { span, range } = f;
  const bad = (detail: string) => {
    throw new PropertyError('range outside the document', `${where} ${f.code} '${f.message}': ${detail}`, { ...input, text });
  };
  if (!(span.start >= 0 && span.start <= span.end && span.end <= text.length)) bad(`span ${span.start}-${span.end} of ${text.length}`);
  for (const [name, p] of [
    ['start', range.start],
    ['end', range.end],
  ] as const) {
    if (!(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0)) bad(`${name} ${JSON.stringify(p)}`);
    if (p.line >= file.lineCount) bad(`${name} line ${p.line} of ${file.lineCount}`);
    const len = file.lineText(p.line).length;
    if (p.character > len) bad(`${name} ${p.line}:${p.character} past the line's ${len} characters`);
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) bad(`range ${JSON.stringify(range)} is reversed`);
  if (file.offsetAt(range.start) !== span.start || file.offsetAt(range.end) !== span.end) bad(`range ${JSON.stringify(range)} does not match span ${span.start}-${span.end}`);
  for (const r of f.related) {
    if (r.path) continue;
    for (const p of [r.range.start, r.range.end]) {
      if (p.line < 0 || p.line >= file.lineCount || p.character < 0 || p.character > file.lineText(p.line).length) bad(`related ${JSON.stringify(r.range)} '${r.message}'`);
    }
  }
}

function checkMessage(f: Finding, result: LintResult, input: FuzzInput): void {
  const rule = result.rules.find((r) => r.meta.code === f.code);
  const template = rule && f.report ? rule.meta.messages[f.report.messageId] : undefined;
  if (!template) return;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    if (!(m[1] in (f.report?.data ?? {}))) throw new PropertyError('message placeholder left unfilled', `${f.code} '${f.message}' has no data for {{${m[1]}}}`, input);
  }
  if (!f.message.trim()) throw new PropertyError('empty message', f.code, input);
}

/** YAML problems as Compose sees them (duplicate keys are errors there too). */
function yamlErrorCount(text: string): number {
  return parseDocument(text, { prettyErrors: false }).errors.length;
}

function checkFixes(input: FuzzInput, result: LintResult, opts: Required<CheckOptions>, stats: FuzzStats): void {
  const text = input.text;
  const seen = new Set<string>();
  let checked = 0;
  for (const finding of result.findings) {
    if (finding.code === INTERNAL_CODE) continue;
    // Ignore comments: the edit is a plain insertion inside the document.
    const ig = ignoreEdit(result, finding);
    if (!(ig.start >= 0 && ig.start <= ig.end && ig.end <= text.length)) throw new PropertyError('ignore edit out of range', `${finding.code} ${JSON.stringify(ig)}`, input);
    if (checked >= opts.maxFixedFindings) continue;
    let fixes;
    try {
      fixes = fixesFor(result, finding);
    } catch (e) {
      throw new PropertyError('fixesFor threw', String(e), input);
    }
    if (!fixes.length) continue;
    checked++;
    for (const fix of fixes) {
      const key = `${finding.code}|${JSON.stringify(fix.edits)}|${JSON.stringify(fix.otherFiles ?? [])}`;
      if (seen.has(key)) continue;
      seen.add(key);
      stats.fixesChecked++;
      const what = `${finding.code} '${fix.title}' (${fix.safe ? 'safe' : 'unsafe'}) for '${finding.message}'`;
      for (const e of fix.edits) {
        if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) throw new PropertyError('fix edit out of range', `${what}: ${JSON.stringify(e)} of ${text.length}`, input);
      }
      if (normaliseEdits(fix.edits).length !== fix.edits.length) throw new PropertyError('fix edits overlap', `${what}: ${JSON.stringify(fix.edits)}`, input);
      const output = applyEdits(text, fix.edits);
      const { byPath } = filesOf(input);
      const changed = new Map<string, string>();
      for (const o of fix.otherFiles ?? []) {
        const before = o.create ? '' : (byPath.get(o.path) ?? '');
        for (const e of o.edits) {
          if (!(e.start >= 0 && e.start <= e.end && e.end <= before.length))
            throw new PropertyError('fix edit of another file out of range', `${what}: ${o.path} ${JSON.stringify(e)}`, input);
        }
        changed.set(o.path, applyEdits(before, normaliseEdits(o.edits)));
      }
      const view = filesOf(input, output, changed).view;
      const after = lintOnce(input, output, view, [finding.code]).result;
      stats.lints++;
      if (after.errors.length) throw new PropertyError('fix output breaks the engine', `${what}: ${after.errors.join('; ')}\n  output: ${JSON.stringify(output)}`, input);
      // On a file that does not parse, the fix's output may not parse either (safe fixes are offered as unsafe there).
      const parsesBefore = input.language !== 'compose' || yamlErrorCount(text) === 0;
      const broken = fixInvariantProblems(input.language, text, fix.edits, output).filter((p) => parsesBefore || !p.startsWith('new parse error'));
      if (broken.length) throw new PropertyError('fix breaks the file', `${what}: ${broken.join('; ')}\n  output: ${JSON.stringify(output)}`, input);
      if (!fix.safe) continue;
      stats.safeFixesChecked++;
      if (input.language === 'compose') {
        const errorsBefore = yamlErrorCount(text);
        const errorsAfter = yamlErrorCount(output);
        if (errorsAfter > errorsBefore && (opts.yamlValidity || errorsBefore === 0))
          throw new PropertyError('safe fix output does not parse', `${what}: ${errorsBefore} → ${errorsAfter} YAML errors\n  output: ${JSON.stringify(output)}`, input);
      }
      const before = result.findings.filter((f) => f.code === finding.code).length;
      const remaining = after.findings.filter((f) => f.code === finding.code).length;
      if (remaining >= before)
        throw new PropertyError('safe fix does not remove the finding', `${what}: ${before} → ${remaining} findings\n  output: ${JSON.stringify(output)}`, input);
    }
  }
}

/** Checks every property on one input; throws a PropertyError on the first that breaks. */
export function checkInput(input: FuzzInput, options: CheckOptions = {}, stats: FuzzStats = newStats()): LintResult {
  const opts: Required<CheckOptions> = { determinism: true, fixes: true, maxFixedFindings: 6, budgetMs: HANG_CEILING_MS, yamlValidity: true, ...options };
  stats.cases++;
  const { view } = filesOf(input);
  let { result, ms } = lintOnce(input, input.text, view);
  stats.lints++;
  if (ms > opts.budgetMs) {
    // A busy machine can stall one run; a slow path is slow every time.
    ({ result, ms } = lintOnce(input, input.text, filesOf(input).view));
    stats.lints++;
    if (ms > opts.budgetMs) throw new PropertyError('over the hang ceiling', `${Math.round(ms)} ms > ${opts.budgetMs} ms for ${input.text.length} characters`, input);
  }
  stats.maxLintMs = Math.max(stats.maxLintMs, ms);
  if (result.errors.length) {
    const errors = result.errors.join('; ');
    const known = KNOWN_OPEN.find((k) => k.matches(input, errors));
    if (!known) throw new PropertyError('internal error', errors, input);
    const seen = (stats.known[known.id] ??= { count: 0, example: input.text });
    seen.count++;
    if (input.text.length < seen.example.length) seen.example = input.text;
    return result;
  }
  stats.findings += result.findings.length;
  for (const f of result.findings) {
    checkRange(input.text, result, f, input, 'finding');
    checkMessage(f, result, input);
  }
  if (opts.determinism) {
    const again = lintOnce(input, input.text, filesOf(input).view).result;
    stats.lints++;
    const a = result.findings.map(signature);
    const b = again.findings.map(signature);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      const onlyA = a.filter((x) => !b.includes(x));
      const onlyB = b.filter((x) => !a.includes(x));
      throw new PropertyError('not deterministic', `first run only: ${onlyA.join(', ') || '(order differs)'}; second run only: ${onlyB.join(', ')}`, input);
    }
  }
  if (opts.fixes) checkFixes(input, result, opts, stats);
  return result;
}
