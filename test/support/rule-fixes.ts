/**
 * The fix checks of the RuleTester (rule-tester.ts explains the contract): every fix a case's
 * findings offer is applied, kept to the fix invariants, made to remove its finding, and compared
 * with what the case states; the rule's own fixes are held to its `meta.fix`.
 */
import assert from 'node:assert/strict';
import { applyEdits, fixesFor, type LintResult, type Rule } from '../../rules/api.js';
import { ruleContext } from '../../rules/engine/lint.js';
import type { FilesView, Finding, Fix } from '../../rules/engine/types.js';
import { dirname, joinPath } from '../../rules/languages/paths.js';
import { fixInvariantProblems } from './fix-invariants.js';
import { memoryFiles } from './files-view.js';

export type FixKind = 'safe' | 'unsafe';

/** One fix a case expects, in `fixes`. */
export interface ExpectedFix {
  /** The fix's exact title. */
  title: string;
  safe: boolean;
  /** Exact text of the linted file after this fix alone. */
  output: string;
  /** Exact text of each other file the fix changes or creates (keys as in the case's `files`); required when it changes any. */
  outputFiles?: Record<string, string>;
}

/** What a case states about its fixes (the fix fields of an InvalidCase). */
export interface FixExpectations {
  code: string;
  files?: Record<string, string>;
  output?: string | null;
  fixTitle?: string;
  safe?: boolean;
  outputFiles?: Record<string, string>;
  fixes?: ExpectedFix[];
}

/** A fix applied: the linted file's new text, and the other files it changed (by `files` key). */
interface Applied {
  fix: Fix;
  output: string;
  outputFiles: Record<string, string>;
}

/** `to` relative to folder `from`, with `../` when it is outside (the keys of `files`). */
function relativeTo(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

function apply(c: FixExpectations, fix: Fix, filename: string, files: FilesView | undefined): Applied {
  const outputFiles: Record<string, string> = {};
  for (const o of fix.otherFiles ?? []) {
    const key = Object.keys(c.files ?? {}).find((k) => joinPath(dirname(filename), k) === o.path) ?? relativeTo(dirname(filename), o.path);
    outputFiles[key] = applyEdits(o.create ? '' : (files?.read(o.path) ?? ''), o.edits);
  }
  return { fix, output: applyEdits(c.code, fix.edits), outputFiles };
}

export const kindOf = (fix: { safe: boolean }): FixKind => (fix.safe ? 'safe' : 'unsafe');

/** The kinds of fix `meta.fix` allows (see RuleMeta.fix). */
export function declaredKinds(rule: Rule): FixKind[] {
  const fix = rule.meta.fix;
  return fix === undefined ? [] : fix === 'both' ? ['safe', 'unsafe'] : [fix];
}

/**
 * The fixes the rule itself returns for a finding (before the engine's check of safe fixes), with
 * the empty ones the engine drops left out.
 */
export function ownFixes(rule: Rule, result: LintResult, finding: Finding): Fix[] {
  if (!rule.fix || !finding.report || result.model === undefined) return [];
  const ctx = ruleContext(rule.meta, result.model, result.file, result.options);
  return rule.fix(finding.report, ctx).filter((f) => f.edits.length > 0 || (f.otherFiles?.some((o) => o.edits.length > 0) ?? false));
}

const where = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1}`;

/**
 * The rule's own fixes keep its `meta.fix`, and the engine offers each of them as the rule made it:
 * a safe fix it drops or offers as unsafe failed the engine's check (its output breaks the file or
 * keeps the finding), which is a bug of the rule's fix, unless the input itself does not parse.
 */
function checkOwnFixes(rule: Rule, result: LintResult, finding: Finding, offered: Fix[]): void {
  const own = ownFixes(rule, result, finding);
  const allowed = declaredKinds(rule);
  for (const fix of own) {
    assert.ok(allowed.includes(kindOf(fix)), `meta.fix is ${rule.meta.fix ?? 'not set'} but the finding at ${where(finding)} gets the ${kindOf(fix)} fix '${fix.title}'`);
  }
  const shown = (fixes: Fix[]) => fixes.map((f) => `${kindOf(f)} '${f.title}'`);
  if (result.parseErrors) assert.equal(offered.length, own.length, `the engine dropped fixes of ${where(finding)}`);
  else assert.deepEqual(shown(offered), shown(own), `the engine does not offer the fixes of ${where(finding)} as the rule made them (a safe fix failed its check)`);
}

/** One fix keeps the invariants of fix-invariants.ts and, linted again, loses its finding. */
function checkApplied(
  rule: Rule,
  c: FixExpectations,
  a: Applied,
  finding: Finding,
  found: Finding[],
  filename: string,
  relint: (code: string, files: FilesView | undefined) => Finding[],
): void {
  const what = `${kindOf(a.fix)} fix '${a.fix.title}' of ${where(finding)}`;
  const problems = fixInvariantProblems(rule.meta.language, c.code, a.fix.edits, a.output);
  assert.deepEqual(problems, [], `${what} breaks the file:\n${a.output}`);
  const after = relint(a.output, c.files ? memoryFiles({ ...c.files, ...a.outputFiles }, dirname(filename)) : undefined);
  const same = (f: Finding) => f.report?.messageId === finding.report?.messageId && f.message === finding.message;
  assert.ok(after.filter(same).length < found.filter(same).length, `${what} does not remove its finding:\n${a.output}`);
}

/** A JS string literal of a text, for the "state it so" hints of failures. */
function literal(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"');
  if (!text.includes("'")) return `'${escaped}'`;
  if (!text.includes('"')) return `"${escaped.replace(/"/g, '\\"')}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

function hint(applied: Applied[]): string {
  const files = (a: Applied) =>
    Object.keys(a.outputFiles).length
      ? `, outputFiles: { ${Object.entries(a.outputFiles)
          .map(([k, v]) => `${literal(k)}: ${literal(v)}`)
          .join(', ')} }`
      : '';
  return applied.map((a) => `  { title: ${literal(a.fix.title)}, safe: ${a.fix.safe}, output: ${literal(a.output)}${files(a)} },`).join('\n');
}

function checkOutputFiles(a: Applied, expected: Record<string, string> | undefined, what: string): void {
  assert.deepEqual(Object.keys(expected ?? {}).sort(), Object.keys(a.outputFiles).sort(), `${what}: the other files it changes (outputFiles)`);
  for (const [k, v] of Object.entries(a.outputFiles)) assert.equal(v, expected![k], `${what}: fixed ${k} differs`);
}

/** The case states every fix offered: `output` for its only one, `output: null` for none, `fixes` for several. */
function checkStated(rule: Rule, c: FixExpectations, applied: Applied[]): void {
  if (c.fixes) {
    assert.equal(c.output, undefined, 'state the fixes either in `output` (one fix) or in `fixes`, not both');
    const got = applied.map((a) => ({ title: a.fix.title, safe: a.fix.safe }));
    assert.deepEqual(
      got,
      c.fixes.map((f) => ({ title: f.title, safe: f.safe })),
      `the fixes offered differ; they are:\n${hint(applied)}`,
    );
    applied.forEach((a, i) => {
      assert.equal(a.output, c.fixes![i].output, `fixes[${i}] '${a.fix.title}': fixed output differs`);
      checkOutputFiles(a, c.fixes![i].outputFiles, `fixes[${i}] '${a.fix.title}'`);
    });
    return;
  }
  if (applied.length === 0) {
    assert.ok(c.output === undefined || c.output === null, `no fix is offered, but the case states an output`);
    return;
  }
  assert.notEqual(c.output, null, `expected no fix, but the case's findings offer:\n${hint(applied)}`);
  assert.ok(applied.length === 1, `the case's findings offer ${applied.length} fixes: state each in \`fixes\`:\n${hint(applied)}`);
  assert.ok(c.output !== undefined, `a fix is offered: state its output (\`output\`, or \`fixes\`):\n${hint(applied)}`);
  const [a] = applied;
  if (c.fixTitle !== undefined) assert.ok(a.fix.title.includes(c.fixTitle), `fix title '${a.fix.title}' does not contain '${c.fixTitle}'`);
  // A rule with both kinds says which one this is; for the others meta.fix says it.
  if (rule.meta.fix === 'both') assert.notEqual(c.safe, undefined, `meta.fix is both: state whether '${a.fix.title}' is safe (\`safe\`)`);
  if (c.safe !== undefined) assert.equal(a.fix.safe, c.safe, `fix safety of '${a.fix.title}'`);
  assert.equal(a.output, c.output, 'fixed output differs');
  checkOutputFiles(a, c.outputFiles, `fix '${a.fix.title}'`);
}

/**
 * Every fix of every finding of an invalid case: the rule's own fixes keep `meta.fix` and survive the
 * engine's check, each offered fix keeps the invariants and removes its finding, and the case states
 * them all exactly. Returns the kinds of the rule's own fixes seen.
 */
export function checkCaseFixes(
  rule: Rule,
  c: FixExpectations,
  result: LintResult,
  found: Finding[],
  filename: string,
  files: FilesView | undefined,
  relint: (code: string, files: FilesView | undefined) => Finding[],
): Set<FixKind> {
  const kinds = new Set<FixKind>();
  const applied: Applied[] = [];
  for (const finding of found) {
    const offered = fixesFor(result, finding);
    checkOwnFixes(rule, result, finding, offered);
    for (const fix of ownFixes(rule, result, finding)) kinds.add(kindOf(fix));
    for (const fix of offered) {
      const a = apply(c, fix, filename, files);
      checkApplied(rule, c, a, finding, found, filename, relint);
      applied.push(a);
    }
  }
  checkStated(rule, c, applied);
  return kinds;
}
