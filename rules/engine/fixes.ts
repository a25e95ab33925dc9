/**
 * The fixes of a lint's findings, and the check that keeps "safe" a promise: fix-all, `--fix` and
 * format-on-save apply safe fixes unattended, so the engine does not take a rule's word for it on
 * every input. On a file the parser could not fully read (half-typed YAML) safe fixes are offered
 * as unsafe, and a safe fix whose output does not parse as well as the input, makes the rule fail,
 * or does not remove its finding is dropped.
 *
 * The check lints the fix's output, so checking each fix on its own costs one lint per finding: a
 * file with thousands of findings took minutes (`--format json`, 1,000 services). The safe fixes of
 * one rule are checked together instead: all applied at once (those that do not overlap), one lint;
 * if that output breaks nothing and has at least one finding fewer per fix, every fix passes. Only
 * when a group fails is it split in halves and each half checked, down to single fixes, so a few
 * bad fixes among many cost a few lints each. A rule whose group keeps failing stops being split
 * after MAX_CHECKS lints: its fixes not yet checked are offered as unsafe (picked one at a time).
 */
import { applyEdits, normaliseEdits } from './fixer.js';
import type { LanguageSupport } from './language.js';
import { errorText, lint, type LintResult, ruleContext } from './lint.js';
import { SourceText } from './source.js';
import type { Edit, FilesView, Finding, Fix, Report, Rule, RuleContext } from './types.js';
import { isCarriedOver } from './units.js';
import { firstNotBefore } from './sorted-search.js';

/** Lints of one rule's fix outputs, at most, per lint result (a linear cost: see above). */
const MAX_CHECKS = 32;

/** The fixes a rule offers for one of its findings; empty when it has none or its fix fails. */
export function fixesFor<Model>(result: LintResult<Model>, finding: Finding): Fix[] {
  const rule = ruleOf(result, finding);
  if (!rule) return [];
  const out: Fix[] = [];
  for (const fix of offered(result, rule, finding)) {
    if (!fix.safe) out.push(fix);
    else if (result.parseErrors) out.push({ ...fix, safe: false });
    else {
      const v = verdict(result, rule, finding, fix);
      if (v === SAFE) out.push(fix);
      else if (v === UNCHECKED) out.push({ ...fix, safe: false });
    }
  }
  return out;
}

/** The fixes computed for each finding (its rule's fix runs once, whether the check or a caller asks first). */
const offeredFor = new WeakMap<Finding, Fix[]>();

/** The rule's well-formed fixes for a finding, before any check. */
function offered<Model>(result: LintResult<Model>, rule: Rule<Model>, finding: Finding): Fix[] {
  let fixes = offeredFor.get(finding);
  if (!fixes) offeredFor.set(finding, (fixes = computeOffered(result, rule, finding)));
  return fixes;
}

function computeOffered<Model>(result: LintResult<Model>, rule: Rule<Model>, finding: Finding): Fix[] {
  if (!rule.fix || result.model === undefined) return [];
  try {
    const ctx = ruleContext(rule.meta, result.model, result.file, result.options);
    const report = isCarriedOver(finding.report!) ? currentReport(result, rule, ctx, finding.report!) : finding.report!;
    if (!report) return [];
    return rule
      .fix(report, ctx)
      .filter((f) => f.edits.length > 0 || (f.otherFiles?.some((o) => o.edits.length > 0) ?? false))
      .filter((f) => wellFormed(f, result.file.text.length));
  } catch {
    return [];
  }
}

/**
 * Reports of a whole-file run, by result and rule, indexed by place and message: computed only when
 * a carried-over finding needs its fix (fix-all asks for every finding of a big file).
 */
const wholeRuns = new WeakMap<LintResult<unknown>, Map<string, Map<string, Report[]>>>();

const placeKey = (r: Report) => `${r.span.start}:${r.span.end}:${r.messageId}`;

/**
 * A finding carried over from an earlier version has that version's fixData: its fix comes from
 * the same report of a run of the rule on this version.
 */
function currentReport<Model>(result: LintResult<Model>, rule: Rule<Model>, ctx: RuleContext<Model>, carried: Report): Report | undefined {
  let runs = wholeRuns.get(result as LintResult<unknown>);
  if (!runs) wholeRuns.set(result as LintResult<unknown>, (runs = new Map()));
  let byPlace = runs.get(rule.meta.code);
  if (!byPlace) {
    byPlace = new Map();
    for (const r of rule.check(ctx)) {
      const same = byPlace.get(placeKey(r));
      if (same) same.push(r);
      else byPlace.set(placeKey(r), [r]);
    }
    runs.set(rule.meta.code, byPlace);
  }
  const data = JSON.stringify(carried.data ?? null);
  return byPlace.get(placeKey(carried))?.find((r) => JSON.stringify(r.data ?? null) === data);
}

/** Edits a client can apply: whole offsets, in order, inside the text (other files: checked when read), none overlapping. */
function wellFormed(fix: Fix, length: number): boolean {
  const ok = (e: Edit, max: number) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= max && typeof e.text === 'string';
  if (!fix.edits.every((e) => ok(e, length)) || normaliseEdits(fix.edits).length !== fix.edits.length) return false;
  return (fix.otherFiles ?? []).every((o) => o.edits.every((e) => ok(e, Number.MAX_SAFE_INTEGER)) && normaliseEdits(o.edits).length === o.edits.length);
}

function ruleOf<Model>(result: LintResult<Model>, finding: Finding): Rule<Model> | undefined {
  if (!finding.report) return undefined;
  let byCode = rulesByCode.get(result as LintResult<unknown>) as Map<string, Rule<Model>> | undefined;
  if (!byCode) {
    byCode = new Map();
    for (const r of result.rules) if (!byCode.has(r.meta.code)) byCode.set(r.meta.code, r);
    rulesByCode.set(result as LintResult<unknown>, byCode as Map<string, Rule<unknown>>);
  }
  return byCode.get(finding.code);
}
const rulesByCode = new WeakMap<LintResult<unknown>, Map<string, Rule<unknown>>>();

const keyOf = (code: string, fix: Fix) => `${code}\0${JSON.stringify(fix.edits)}\0${JSON.stringify(fix.otherFiles ?? [])}`;

/** A safe fix's verdict: SAFE, UNCHECKED (the rule's check budget ran out) or why its output cannot be trusted. */
const SAFE = 'safe';
const UNCHECKED = 'unchecked';
type Verdict = typeof SAFE | typeof UNCHECKED | { failed: string };

/** Verdicts per lint result, by fix; the rules whose fixes were checked as a group. */
const verdicts = new WeakMap<LintResult<unknown>, { byFix: Map<string, Verdict>; grouped: Set<string> }>();

/** The first fix asked for of a rule checks all the rule's safe fixes of this result together (see the top of this file). */
function verdict<Model>(result: LintResult<Model>, rule: Rule<Model>, finding: Finding, fix: Fix): Verdict {
  let cache = verdicts.get(result as LintResult<unknown>);
  if (!cache) verdicts.set(result as LintResult<unknown>, (cache = { byFix: new Map(), grouped: new Set() }));
  const key = keyOf(finding.code, fix);
  if (!cache.byFix.has(key) && !cache.grouped.has(rule.meta.code)) {
    cache.grouped.add(rule.meta.code);
    checkRule(result, rule, cache.byFix);
  }
  if (!cache.byFix.has(key)) cache.byFix.set(key, asVerdict(check(result, rule, [fix])));
  return cache.byFix.get(key)!;
}

const asVerdict = (why: string | undefined): Verdict => (why === undefined ? SAFE : { failed: why });

/**
 * Why a safe fix cannot be applied unattended, or undefined when it can (checked on its own, or as
 * part of its rule's group).
 */
export function verifySafeFix<Model>(result: LintResult<Model>, finding: Finding, fix: Fix): string | undefined {
  const rule = ruleOf(result, finding);
  if (!rule) return 'the lint result cannot be re-checked';
  const v = verdict(result, rule, finding, fix);
  return v === SAFE ? undefined : v === UNCHECKED ? "not checked: too many of this rule's fixes failed their check on this file" : v.failed;
}

/** Checks every safe fix the rule offers on this result, in groups, recording a verdict for each. */
function checkRule<Model>(result: LintResult<Model>, rule: Rule<Model>, byFix: Map<string, Verdict>): void {
  const distinct = new Map<string, Fix>();
  for (const f of result.findings) {
    if (f.code !== rule.meta.code) continue;
    for (const fix of offered(result, rule, f)) if (fix.safe) distinct.set(keyOf(f.code, fix), fix);
  }
  // Fixes that also edit other files are checked one by one (they need a view of those files).
  const alone = [...distinct].filter(([, fix]) => fix.otherFiles?.length);
  const together = [...distinct].filter(([, fix]) => !fix.otherFiles?.length);
  let budget = MAX_CHECKS;
  const run = (group: [string, Fix][]): void => {
    if (budget <= 0) {
      for (const [key] of group) byFix.set(key, UNCHECKED);
      return;
    }
    budget--;
    const why = check(
      result,
      rule,
      group.map(([, fix]) => fix),
    );
    if (why === undefined || group.length === 1) {
      for (const [key] of group) byFix.set(key, asVerdict(why));
      return;
    }
    const half = Math.ceil(group.length / 2);
    run(group.slice(0, half));
    run(group.slice(half));
  };
  for (const layer of layers(together)) run(layer);
  for (const entry of alone) run([entry]);
}

/** The fixes in groups whose edits do not overlap (almost always one group), each in text order. */
function layers(fixes: [string, Fix][]): [string, Fix][][] {
  const out: [string, Fix][][] = [];
  let rest = [...fixes].sort((a, b) => firstStart(a[1]) - firstStart(b[1]));
  while (rest.length) {
    const taken: Edit[] = [];
    const layer: [string, Fix][] = [];
    const next: [string, Fix][] = [];
    for (const entry of rest) {
      if (entry[1].edits.some((e) => overlapsAny(taken, e))) next.push(entry);
      else {
        layer.push(entry);
        for (const e of entry[1].edits) taken.splice(insertionPoint(taken, e.start), 0, e);
      }
    }
    out.push(layer);
    rest = next;
  }
  return out;
}

const firstStart = (fix: Fix) => Math.min(...fix.edits.map((e) => e.start));

/** Index of the first edit in `sorted` (by start) that starts at or after `start`. */
function insertionPoint(sorted: readonly Edit[], start: number): number {
  return firstNotBefore(sorted.length, (i) => sorted[i].start < start);
}

/** Whether `e` touches an edit of `sorted` (two edits at one point count as touching: the order of their texts would be a guess). */
function overlapsAny(sorted: readonly Edit[], e: Edit): boolean {
  const i = insertionPoint(sorted, e.start);
  const before = sorted[i - 1];
  const after = sorted[i];
  return (before !== undefined && (before.end > e.start || before.start === e.start)) || (after !== undefined && (after.start < e.end || after.start === e.start));
}

/**
 * Why the output of these fixes (applied together; they do not overlap) cannot be trusted, or
 * undefined: the output is linted with the rule (other files as the fixes leave them) and must
 * parse with no more problems than the input, make no rule fail, and have at least one finding of
 * the rule fewer per fix.
 */
function check<Model>(result: LintResult<Model>, rule: Rule<Model>, fixes: Fix[]): string | undefined {
  const language = result.language;
  if (!language) return 'the lint result cannot be re-checked';
  const { file, options } = result;
  const changed = new Map<string, string>();
  try {
    changed.set(
      file.path,
      applyEdits(
        file.text,
        fixes.flatMap((f) => f.edits),
      ),
    );
    for (const other of fixes.flatMap((f) => f.otherFiles ?? [])) {
      const before = changed.get(other.path) ?? (other.create ? '' : options.files?.read(other.path));
      if (before === undefined) return `${other.path} cannot be read`;
      changed.set(other.path, applyEdits(before, other.edits));
    }
  } catch (e) {
    return `its edits do not apply: ${errorText(e)}`;
  }
  const output = changed.get(file.path)!;
  const files = options.files || changed.size > 1 ? overlay(options.files, changed) : undefined;
  const after = lint(new SourceText(file.path, output), language as LanguageSupport<Model>, [rule], { ...options, only: undefined, isCancelled: undefined, files });
  if (after.errors.length) return `its output breaks the check: ${after.errors.join('; ')}`;
  if ((after.parseErrors ?? 0) > (result.parseErrors ?? 0)) return 'its output does not parse';
  const count = (r: LintResult<Model>) => r.findings.filter((f) => f.code === rule.meta.code).length;
  if (count(after) > count(result) - fixes.length) return `its output still has ${count(after)} ${rule.meta.code} findings`;
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
