import { formatMessage } from './define-rule.js';
import type { LanguageSupport } from './language.js';
import { SourceText } from './source.js';
import { Suppressions } from './suppress.js';
import type { FilesView, Finding, ImageFactsView, Level, LevelSetting, Position, Range, Report, Rule, RuleContext, RuleMeta, Span } from './types.js';
import { type UnitMemory, UnitReuse } from './units.js';

export const INTERNAL_CODE = 'BOSUN000';
export const INTERNAL_NAME = 'internal-error';

export interface LintOptions {
  /** Level overrides by rule code, name or alias; `off` disables the rule, a level turns on one that is off by default. */
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
  /**
   * Keep each finding's report, which fixes are computed from (default: true). A front-end that shows
   * no fixes (the CLI printing text) says false: a big file's tens of thousands of reports then die
   * young instead of being kept, and copied by the GC, until the lint ends.
   */
  keepReports?: boolean;
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

/** Whether a settings table names anything (most have no entry; asked for every rule of every lint). */
function isEmpty(table: object): boolean {
  for (const _ in table) return false;
  return true;
}

/** The level the user set for this rule, if any (by code, name or alias). */
export function levelOverride(meta: RuleMeta, levels: Record<string, LevelSetting> | undefined): LevelSetting | undefined {
  if (!levels || isEmpty(levels)) return undefined;
  for (const key of [meta.code, meta.name, ...(meta.aliases ?? [])]) {
    const v = levels[key] ?? levels[key.toUpperCase()];
    if (v) return v;
  }
  return undefined;
}

/**
 * Whether a rule runs: `off` turns it off and any other level turns it on; without a setting it runs
 * unless it is off by default (`meta.defaultOn: false`). `only` (CLI `--rule`) runs just the rules it
 * names, and a rule named there runs even when it is off by default: the user asked for it.
 */
export function ruleIsOn(meta: RuleMeta, levels: Record<string, LevelSetting> | undefined, only?: readonly string[]): boolean {
  const named = only?.some((o) => o.toUpperCase() === meta.code || o.toUpperCase() === meta.name.toUpperCase());
  if (only && !named) return false;
  const override = levelOverride(meta, levels);
  if (override !== undefined) return override !== 'off';
  return named === true || meta.defaultOn !== false;
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
export function errorText(e: unknown): string {
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
  return placed(file, span).span;
}

/** One end of a span made safe (see placeSpan): its position; `offsets[which]` gets its offset. */
function placeOffset(file: SourceText, o: number, offsets: number[], which: 0 | 1): Position {
  const n = Number.isNaN(o) ? 0 : Math.max(0, Math.min(Math.trunc(o), file.text.length));
  const position = file.positionAt(n);
  const end = file.lineEnd(position.line);
  const length = end - file.lineStarts[position.line];
  if (position.character > length) {
    offsets[which] = end;
    return { line: position.line, character: length };
  }
  offsets[which] = n;
  return position;
}

/** Scratch for placed(): a file with 50,000 findings places each one, and the ends' offsets need no objects of their own. */
const ends = [0, 0];

/** placeSpan's span and its range, each position found once (a file with 50,000 findings asked four times per finding). */
function placed(file: SourceText, span: Span): { span: Span; range: Range } {
  const start = placeOffset(file, span.start, ends, 0);
  let end = placeOffset(file, span.end, ends, 1);
  if (ends[1] < ends[0]) {
    ends[1] = ends[0];
    end = start;
  }
  return { span: { start: ends[0], end: ends[1] }, range: { start, end } };
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
  const steps = lintSteps(file, language, rules, options, previous);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Reports of one rule taken before its step ends (a rule that finds thousands is more than one step). */
const REPORTS_PER_STEP = 500;

/**
 * lint() in steps: the generator stops after the parse, after each rule and every REPORTS_PER_STEP
 * reports of a rule, and returns the result. A caller that must stay responsive (the language
 * server linting workspace files in the background) runs a few steps at a time and lets other work
 * through in between; lint() runs them all at once.
 */
export function* lintSteps<Model>(
  file: SourceText,
  language: LanguageSupport<Model>,
  rules: readonly Rule<Model>[],
  options: LintOptions = {},
  previous?: LintResult<Model>,
): Generator<void, LintResult<Model>, void> {
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
    result.findings.push(internalFinding(file, `Bosun did not check this file: it is ${mb(file.text.length)}, over the ${mb(maxLength)} limit.`, 'info'));
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
  const keepReports = options.keepReports !== false;
  const byUnit = unitRunner(file, language, model, options, previous, result);
  yield;
  for (const rule of rules) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      break;
    }
    const { meta } = rule;
    if (!ruleIsOn(meta, options.levels, options.only)) continue;
    const setting = levelOverride(meta, options.levels);
    const override = setting === 'off' ? undefined : setting;
    const ctx = ruleContext(meta, model, file, options);
    let t0 = performance.now();
    let ms = 0;
    let count = 0;
    let reports = 0;
    try {
      for (const report of meta.scope === 'unit' && byUnit ? byUnit(rule, ctx) : rule.check(ctx)) {
        if (++reports % REPORTS_PER_STEP === 0) {
          ms += performance.now() - t0;
          yield;
          t0 = performance.now();
        }
        const at = placed(file, report.span);
        if (suppressions.isSuppressed(meta, language.statementStart(model, at.range.start.line))) {
          result.suppressed++;
          continue;
        }
        const finding = toFinding(file, meta, report, override, otherText, at, !!(options.incremental || previous));
        if (!keepReports) finding.report = undefined;
        result.findings.push(finding);
        count++;
      }
    } catch (e) {
      const why = errorText(e);
      failures.set(why, [...(failures.get(why) ?? []), meta]);
    }
    result.timings.push({ code: meta.code, ms: ms + performance.now() - t0, findings: count });
    yield;
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
    (a, b) =>
      a.span.start - b.span.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || a.span.end - b.span.end || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
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
  if (!all || isEmpty(all)) return {};
  for (const key of [meta.code, meta.name, ...(meta.aliases ?? [])]) {
    const v = all[key] ?? all[key.toUpperCase()];
    if (v) return v;
  }
  return {};
}

/** What a rule's check and fix see of a lint. */
export function ruleContext<Model>(meta: RuleMeta, model: Model, file: SourceText, options: LintOptions): RuleContext<Model> {
  return { model, options: ruleOptions(meta, options.ruleOptions), path: file.path, files: options.files, imageFacts: options.imageFacts };
}

/** Worded once per report: reports carried over from version to version keep their message (see units.ts). */
const messages = new WeakMap<Report, string>();

function messageOf(template: string, report: Report, remember: boolean): string {
  if (!remember) return formatMessage(template, report.data);
  let message = messages.get(report);
  if (message === undefined) messages.set(report, (message = formatMessage(template, report.data)));
  return message;
}

/** A report without related locations maps this (one array fewer per finding: a big file has tens of thousands). */
const NO_RELATED: NonNullable<Report['related']> = [];

function toFinding(
  file: SourceText,
  meta: RuleMeta,
  report: Report,
  override: Level | undefined,
  otherText: (path: string) => SourceText | undefined = () => undefined,
  at = placed(file, report.span),
  /** An editor's lint: the report may be carried over to the next version, worded once. */
  remember = true,
): Finding {
  const template = meta.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown messageId '${report.messageId}'`);
  return {
    code: meta.code,
    rule: meta.name,
    level: override ?? report.level ?? meta.level,
    message: messageOf(template, report, remember),
    span: at.span,
    range: at.range,
    related: (report.related ?? NO_RELATED).map((r) => {
      if (r.path === undefined || r.path === file.path) return { range: file.rangeOf(placeSpan(file, r.span)), message: r.message };
      const other = otherText(r.path);
      const range = other ? other.rangeOf(placeSpan(other, r.span)) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { range, message: r.message, path: r.path };
    }),
    report,
  };
}
