import { formatMessage } from './define-rule.js';
import { applyEdits, normaliseEdits } from './fixer.js';
import type { LanguageSupport } from './language.js';
import { SourceText } from './source.js';
import { MinHeap } from './min-heap.js';
import { Suppressions } from './suppress.js';
import type { Edit, FilesView, Finding, Fix, ImageFactsView, Level, LevelSetting, Report, Rule, RuleContext, RuleMeta, Span } from './types.js';
import { type UnitMemory, UnitReuse, isCarriedOver } from './units.js';

export const INTERNAL_CODE = 'BOSUN000';
export const INTERNAL_NAME = 'internal-error';

export interface LintOptions {
  /** Level overrides by rule code, name or alias; `off` disables the rule. */
  levels?: Record<string, LevelSetting>;
  /** Checked between rules: a cancelled lint returns what it has so far, marked cancelled. */
  isCancelled?: () => boolean;
  /** Only these rule codes or names run (CLI `--rule`). */
  only?: string[];
  /** Files longer than this many characters are not checked (one info finding says so). */
  maxLength?: number;
  /** Options per rule, by code, name or alias. */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** Other files, for cross-file rules. */
  files?: FilesView;
  /** Base images' facts (lock file or cache), for rules that use them. Part of what a lint depends on. */
  imageFacts?: ImageFactsView;
  /** Keep what the lint of the next version can re-use (an editor; not a one-off CLI run). */
  incremental?: boolean;
}

/** Real Dockerfiles and Compose files are far below this; a bigger file is generated or not ours. */
export const DEFAULT_MAX_LENGTH = 5 * 1024 * 1024;

export interface RuleTiming {
  code: string;
  ms: number;
  findings: number;
}

export interface LintResult<Model = unknown> {
  file: SourceText;
  languageId: string;
  model: Model | undefined;
  findings: Finding[];
  suppressed: number;
  timings: RuleTiming[];
  /** Internal problems (a rule or the parser threw), also reported as findings. */
  errors: string[];
  cancelled: boolean;
  rules: Rule<Model>[];
  /** The options the lint ran with (fixes are computed with the same ones). */
  options: LintOptions;
  /** The file kind the lint ran with (fixes are checked by linting their output). */
  language?: LanguageSupport<Model>;
  /** Syntax problems the parser met (see LanguageSupport.parseErrors); 0 when it read the whole file. */
  parseErrors?: number;
  /** Kept for the lint of the next version (see units.ts). */
  memory?: UnitMemory;
}

/** The level the user set for this rule, if any (by code, name or alias). */
export function levelOverride(meta: RuleMeta, levels: Record<string, LevelSetting> | undefined): LevelSetting | undefined {
  if (!levels) return undefined;
  for (const key of [meta.code, meta.name, ...(meta.aliases ?? [])]) {
    const v = levels[key] ?? levels[key.toUpperCase()];
    if (v) return v;
  }
  return undefined;
}

function internalFinding(file: SourceText, message: string, level: Level = 'warning'): Finding {
  const span = { start: 0, end: Math.min(file.lineEnd(0), file.text.length, 200) };
  return {
    code: INTERNAL_CODE,
    rule: INTERNAL_NAME,
    level,
    message,
    span,
    range: file.rangeOf(span),
    related: [],
  };
}

/** What went wrong, whatever was thrown (an object without a printable form must not escape lint()). */
function errorText(e: unknown): string {
  try {
    return e instanceof Error ? String(e.message) : String(e);
  } catch {
    return Object.prototype.toString.call(e);
  }
}

/**
 * A span as a rule reported it, made safe to show: whole offsets inside the text (NaN and negative
 * → 0, past the end → the end), never between the CR and LF of a line break, and start ≤ end.
 */
function placeSpan(file: SourceText, span: Span): Span {
  const place = (o: number) => {
    const n = Number.isNaN(o) ? 0 : Math.max(0, Math.min(Math.trunc(o), file.text.length));
    const { line, character } = file.positionAt(n);
    return character > file.lineText(line).length ? file.lineEnd(line) : n;
  };
  const start = place(span.start);
  return { start, end: Math.max(start, place(span.end)) };
}

/**
 * Runs every enabled rule on one file. Never throws: a failing rule or parser becomes one finding.
 * `previous`, the result for an earlier version of the same file with the same options and other
 * files, lets the parser and unit-scoped rules re-use what the edit did not touch.
 */
export function lint<Model>(
  file: SourceText,
  language: LanguageSupport<Model>,
  rules: readonly Rule<Model>[],
  options: LintOptions = {},
  previous?: LintResult<Model>,
): LintResult<Model> {
  const result: LintResult<Model> = {
    file,
    languageId: language.id,
    model: undefined,
    findings: [],
    suppressed: 0,
    timings: [],
    errors: [],
    cancelled: false,
    rules: [...rules],
    options,
    language,
    parseErrors: 0,
  };
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (file.text.length > maxLength) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    result.findings.push(
      internalFinding(file, `Bosun did not check this file: it is ${mb(file.text.length)}, over the ${mb(maxLength)} limit.`, 'info'),
    );
    return result;
  }
  try {
    result.model = language.parse(file, { files: options.files, previous: previous?.model });
  } catch (e) {
    const msg = `Bosun could not read this ${language.id}: ${errorText(e)}`;
    result.errors.push(msg);
    result.findings.push(internalFinding(file, msg));
    return result;
  }
  const model = result.model;
  try {
    result.parseErrors = language.parseErrors?.(model) ?? 0;
  } catch {
    result.parseErrors = 1;
  }
  const suppressions = new Suppressions(file);
  const only = options.only?.map((s) => s.toUpperCase());
  // Related locations in other files need those files' lines: read each once per lint.
  const others = new Map<string, SourceText | undefined>();
  const otherText = (path: string): SourceText | undefined => {
    if (!others.has(path)) {
      const text = options.files?.read(path);
      others.set(path, text === undefined ? undefined : new SourceText(path, text));
    }
    return others.get(path);
  };
  const failures = new Map<string, RuleMeta[]>();
  const byUnit = unitRunner(file, language, model, options, previous, result);
  for (const rule of rules) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      break;
    }
    const { meta } = rule;
    if (only && !only.includes(meta.code) && !only.includes(meta.name.toUpperCase())) continue;
    const override = levelOverride(meta, options.levels);
    if (override === 'off') continue;
    const ctx = ruleContext(meta, model, file, options);
    const t0 = performance.now();
    let count = 0;
    try {
      for (const report of meta.scope === 'unit' && byUnit ? byUnit(rule, ctx) : rule.check(ctx)) {
        const line = file.positionAt(report.span.start).line;
        if (suppressions.isSuppressed(meta, language.statementStart(model, line))) {
          result.suppressed++;
          continue;
        }
        result.findings.push(toFinding(file, meta, report, override, otherText));
        count++;
      }
    } catch (e) {
      const why = errorText(e);
      failures.set(why, [...(failures.get(why) ?? []), meta]);
    }
    result.timings.push({ code: meta.code, ms: performance.now() - t0, findings: count });
  }
  // One internal finding per cause: a model that breaks on a file fails every rule that reads it,
  // and twenty identical "internal error" diagnostics would bury the line.
  for (const [why, metas] of failures) {
    const which = metas.length === 1 ? `Rule ${metas[0].code} (${metas[0].name})` : `${metas.length} rules (${metas.map((m) => m.code).join(', ')})`;
    const msg = `${which} failed on this file: ${why}`;
    result.errors.push(msg);
    result.findings.push(internalFinding(file, msg));
  }
  // Ordinal, not localeCompare: codes are ASCII, and the first localeCompare loads ICU (15–50 ms of CLI startup).
  result.findings.sort(
    (a, b) => a.span.start - b.span.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || a.span.end - b.span.end || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  return result;
}

/**
 * How unit-scoped rules run on this lint, recording their reports for the next one: re-using the
 * previous version's reports of unchanged units when there is one. Undefined when the language
 * has no units.
 */
function unitRunner<Model>(
  file: SourceText,
  language: LanguageSupport<Model>,
  model: Model,
  options: LintOptions,
  previous: LintResult<Model> | undefined,
  result: LintResult<Model>,
): ((rule: Rule<Model>, ctx: RuleContext<Model>) => Iterable<Report>) | undefined {
  if (!language.units || !(options.incremental || previous)) return undefined;
  const units = language.units(model);
  const memory: UnitMemory = { text: file.text, units, reports: new Map(), unchangedUnits: 0 };
  result.memory = memory;
  const reuse = previous && !previous.cancelled && language.restrict ? UnitReuse.plan(previous.memory, file.text, units) : undefined;
  memory.unchangedUnits = reuse ? units.length - reuse.dirty.size : 0;
  const restricted = reuse && language.restrict ? language.restrict(model, reuse.dirty) : undefined;
  return (rule, ctx) => {
    const reports = (reuse && restricted !== undefined ? reuse.reports(rule.meta.code, () => rule.check({ ...ctx, model: restricted })) : undefined) ?? [...rule.check(ctx)];
    memory.reports.set(rule.meta.code, reports);
    return reports;
  };
}

function ruleOptions(meta: RuleMeta, all: LintOptions['ruleOptions']): Record<string, unknown> {
  if (!all) return {};
  for (const key of [meta.code, meta.name, ...(meta.aliases ?? [])]) {
    const v = all[key] ?? all[key.toUpperCase()];
    if (v) return v;
  }
  return {};
}

function ruleContext<Model>(meta: RuleMeta, model: Model, file: SourceText, options: LintOptions): RuleContext<Model> {
  return { model, options: ruleOptions(meta, options.ruleOptions), path: file.path, files: options.files, imageFacts: options.imageFacts };
}

/** Worded once per report: reports carried over from version to version keep their message (see units.ts). */
const messages = new WeakMap<Report, string>();

function messageOf(template: string, report: Report): string {
  let message = messages.get(report);
  if (message === undefined) messages.set(report, (message = formatMessage(template, report.data)));
  return message;
}

function toFinding(
  file: SourceText,
  meta: RuleMeta,
  report: Report,
  override: Level | undefined,
  otherText: (path: string) => SourceText | undefined = () => undefined,
): Finding {
  const template = meta.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown messageId '${report.messageId}'`);
  const span = placeSpan(file, report.span);
  return {
    code: meta.code,
    rule: meta.name,
    level: override ?? report.level ?? meta.level,
    message: messageOf(template, report),
    span,
    range: file.rangeOf(span),
    related: (report.related ?? []).map((r) => {
      if (r.path === undefined || r.path === file.path) return { range: file.rangeOf(placeSpan(file, r.span)), message: r.message };
      const other = otherText(r.path);
      const range = other ? other.rangeOf(placeSpan(other, r.span)) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { range, message: r.message, path: r.path };
    }),
    report,
  };
}

/**
 * The fixes a rule offers for one of its findings; empty when it has none or its fix fails.
 *
 * "Safe" is a promise (fix-all, `--fix` and format-on-save apply such fixes unattended), so the
 * engine keeps it rather than trusting every rule on every input: on a file the parser could not
 * fully read (half-typed YAML) safe fixes are offered as unsafe, and a safe fix whose output does
 * not parse as well as the input, makes a rule fail, or still has as many findings of its rule is
 * dropped (see verifySafeFix).
 */
export function fixesFor<Model>(result: LintResult<Model>, finding: Finding): Fix[] {
  const out: Fix[] = [];
  for (const fix of candidateFixes(result, finding)) {
    if (!fix.safe || verifySafeFix(result, finding, fix) === undefined) out.push(fix);
  }
  return out;
}

/** The rule's well-formed fixes for a finding, safe ones not verified yet (unsafe on a file that did not parse). */
function candidateFixes<Model>(result: LintResult<Model>, finding: Finding): Fix[] {
  const rule = ruleOf(result, finding);
  if (!rule?.fix || result.model === undefined) return [];
  let fixes: Fix[];
  try {
    const ctx = ruleContext(rule.meta, result.model, result.file, result.options);
    const report = isCarriedOver(finding.report!) ? currentReport(result, rule, ctx, finding.report!) : finding.report!;
    if (!report) return [];
    fixes = rule.fix(report, ctx).filter((f) => f.edits.length > 0 || (f.otherFiles?.some((o) => o.edits.length > 0) ?? false));
  } catch {
    return [];
  }
  const out: Fix[] = [];
  for (const fix of fixes) {
    if (!wellFormed(fix, result.file.text.length)) continue;
    out.push(fix.safe && result.parseErrors ? { ...fix, safe: false } : fix);
  }
  return out;
}

/** Reports of a whole-file run, by result and rule: computed only when a carried-over finding needs its fix. */
const wholeRuns = new WeakMap<LintResult<unknown>, Map<string, Report[]>>();

/**
 * A finding carried over from an earlier version has that version's fixData: its fix comes from
 * the same report of a run of the rule on this version.
 */
function currentReport<Model>(result: LintResult<Model>, rule: Rule<Model>, ctx: RuleContext<Model>, carried: Report): Report | undefined {
  let runs = wholeRuns.get(result as LintResult<unknown>);
  if (!runs) wholeRuns.set(result as LintResult<unknown>, (runs = new Map()));
  let reports = runs.get(rule.meta.code);
  if (!reports) runs.set(rule.meta.code, (reports = [...rule.check(ctx)]));
  const data = JSON.stringify(carried.data ?? null);
  return reports.find(
    (r) => r.span.start === carried.span.start && r.span.end === carried.span.end && r.messageId === carried.messageId && JSON.stringify(r.data ?? null) === data,
  );
}

/** Edits a client can apply: whole offsets, in order, inside the text (other files: checked when read), none overlapping. */
function wellFormed(fix: Fix, length: number): boolean {
  const ok = (e: Edit, max: number) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= max && typeof e.text === 'string';
  if (!fix.edits.every((e) => ok(e, length)) || normaliseEdits(fix.edits).length !== fix.edits.length) return false;
  return (fix.otherFiles ?? []).every((o) => o.edits.every((e) => ok(e, Number.MAX_SAFE_INTEGER)) && normaliseEdits(o.edits).length === o.edits.length);
}

function ruleOf<Model>(result: LintResult<Model>, finding: Finding): Rule<Model> | undefined {
  if (!finding.report) return undefined;
  return result.rules.find((r) => r.meta.code === finding.code);
}

/** Verdicts per lint result, by fix: code actions and fix-all ask for the same fixes again. */
const verdicts = new WeakMap<LintResult<unknown>, Map<string, string | undefined>>();
/** Results whose safe fixes were all verified together (verifyAllSafeFixes). */
const batched = new WeakSet<LintResult<unknown>>();

function verdictKey(finding: Finding, fix: Fix): string {
  return `${finding.code}\0${JSON.stringify(fix.edits)}\0${JSON.stringify(fix.otherFiles ?? [])}`;
}

function verdictsOf(result: LintResult<unknown>): Map<string, string | undefined> {
  let cache = verdicts.get(result);
  if (!cache) verdicts.set(result, (cache = new Map()));
  return cache;
}

/**
 * Why a safe fix cannot be applied unattended, or undefined when it can: its output is linted with
 * the fix's rule (other files as the fix leaves them) and must parse with no more problems than
 * the input, make no rule fail, and have fewer findings of that rule. The first fix of a result is
 * checked alone (a quick fix under the cursor); asking for a second checks all of the result's safe
 * fixes together (verifyAllSafeFixes), so checking every fix of a file costs a few lints, not one
 * per finding.
 */
export function verifySafeFix<Model>(result: LintResult<Model>, finding: Finding, fix: Fix): string | undefined {
  const rule = ruleOf(result, finding);
  const language = result.language;
  if (!rule || !language) return 'the lint result cannot be re-checked';
  const cache = verdictsOf(result as LintResult<unknown>);
  const key = verdictKey(finding, fix);
  if (cache.has(key)) return cache.get(key);
  if (cache.size > 0 && !batched.has(result as LintResult<unknown>)) {
    verifyAllSafeFixes(result);
    if (cache.has(key)) return cache.get(key);
  }
  const verdict = verify(result, [rule], language, [fix]);
  cache.set(key, verdict);
  return verdict;
}

/**
 * Checks every safe fix of a result in as few lints as possible, and remembers the verdicts (so
 * fixesFor answers from them): the fixes are put into groups whose edits do not touch, each group's
 * edits applied together and linted once with the rules involved. A group passes when its output
 * parses as well as the input, no rule fails, and each rule has at least as many fewer findings as
 * the group has fixes of it — what checking each fix alone would require of independent edits. A
 * group that fails is split in halves, down to single fixes checked as before.
 */
export function verifyAllSafeFixes<Model>(result: LintResult<Model>): void {
  const language = result.language;
  if (!language || batched.has(result as LintResult<unknown>)) return;
  batched.add(result as LintResult<unknown>);
  const cache = verdictsOf(result as LintResult<unknown>);
  type Candidate = { finding: Finding; fix: Fix; rule: Rule<Model>; key: string; start: number; end: number };
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const finding of result.findings) {
    const rule = ruleOf(result, finding);
    if (!rule) continue;
    for (const fix of candidateFixes(result, finding)) {
      const key = verdictKey(finding, fix);
      if (!fix.safe || seen.has(key) || cache.has(key)) continue;
      seen.add(key);
      // Fixes of other files are checked alone (the overlay of each file they change).
      if (fix.otherFiles?.length || !fix.edits.length) continue;
      let start = Infinity;
      let end = -Infinity;
      for (const e of fix.edits) {
        start = Math.min(start, e.start);
        end = Math.max(end, e.end);
      }
      candidates.push({ finding, fix, rule, key, start, end });
    }
  }
  // Interval colouring: in order of start, a fix joins the group that ended first, if it ended
  // before the fix starts (edits that touch go to different groups); a heap keeps that group on top.
  candidates.sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: { items: Candidate[]; end: number }[] = [];
  const heap = new MinHeap<{ items: Candidate[]; end: number }>((g) => g.end);
  for (const c of candidates) {
    const first = heap.peek();
    if (first && c.start > first.end) {
      heap.pop();
      first.items.push(c);
      first.end = c.end;
      heap.push(first);
    } else {
      const group = { items: [c], end: c.end };
      groups.push(group);
      heap.push(group);
    }
  }
  const settle = (items: Candidate[]): void => {
    const rules = [...new Set(items.map((c) => c.rule))];
    const verdict = verify(result, rules, language, items.map((c) => c.fix), items);
    if (verdict === undefined || items.length === 1) {
      for (const c of items) cache.set(c.key, verdict);
      return;
    }
    const half = items.length >> 1;
    settle(items.slice(0, half));
    settle(items.slice(half));
  };
  for (const g of groups) settle(g.items);
}

/**
 * Lints the output of `fixes` applied together (non-overlapping) with `rules`: undefined when it
 * parses as well as the input, no rule fails, and each rule lost at least as many findings as it
 * has fixes here.
 */
function verify<Model>(
  result: LintResult<Model>,
  rules: Rule<Model>[],
  language: LanguageSupport<Model>,
  fixes: Fix[],
  owners: { rule: Rule<Model> }[] = fixes.map(() => ({ rule: rules[0] })),
): string | undefined {
  const { file, options } = result;
  const changed = new Map<string, string>();
  try {
    const edits = fixes.flatMap((f) => f.edits);
    if (normaliseEdits(edits).length !== edits.length) return 'its edits overlap other fixes';
    changed.set(file.path, applyEdits(file.text, edits));
    for (const fix of fixes) {
      for (const other of fix.otherFiles ?? []) {
        const before = other.create ? '' : options.files?.read(other.path);
        if (before === undefined) return `${other.path} cannot be read`;
        changed.set(other.path, applyEdits(before, other.edits));
      }
    }
  } catch (e) {
    return `its edits do not apply: ${errorText(e)}`;
  }
  const output = changed.get(file.path)!;
  const files = options.files || changed.size > 1 ? overlay(options.files, changed) : undefined;
  const after = lint(new SourceText(file.path, output), language, rules, { ...options, only: undefined, isCancelled: undefined, files });
  if (after.errors.length) return `its output breaks the check: ${after.errors.join('; ')}`;
  if ((after.parseErrors ?? 0) > (result.parseErrors ?? 0)) return 'its output does not parse';
  for (const rule of rules) {
    const code = rule.meta.code;
    const count = (r: LintResult<Model>) => r.findings.filter((f) => f.code === code).length;
    const fixed = owners.filter((o) => o.rule === rule).length;
    if (count(after) > count(result) - fixed) return `its output still has ${count(after)} ${code} findings`;
  }
  return undefined;
}

/** Other files as a fix leaves them: changed texts over the real view; created files appear in listings. */
function overlay(base: FilesView | undefined, changed: Map<string, string>): FilesView {
  return {
    read: (path) => (changed.has(path) ? changed.get(path) : base?.read(path)),
    list(dir) {
      const listed = base?.list(dir);
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      const added = [...changed.keys()].filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length));
      if (!listed && !added.length) return listed;
      return [...new Set([...(listed ?? []), ...added])].sort();
    },
  };
}
