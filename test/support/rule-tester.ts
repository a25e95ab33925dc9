/**
 * RuleTester: the shape of every rule's tests, as strict as ESLint's. `valid` cases must produce no
 * finding of the rule; `invalid` cases give each finding's messageId, line and column (1-based).
 * Every invalid case is also checked to be silenced by the ignore comment.
 *
 * Fixes (rule-fixes.ts). Every fix every finding of a case offers is applied, not only the first:
 *  - it must keep the invariants of fix-invariants.ts (no new parse error, no glued words,
 *    instructions and comment lines kept) and, linted again, lose its finding — safe or not;
 *  - the case must state it exactly: `output` when the case offers exactly one fix (with
 *    `outputFiles` for every other file it changes; `fixTitle` and `safe` are optional checks, and
 *    `safe` is required for a rule whose `meta.fix` is `both`); `fixes: [{ title, safe, output }]`,
 *    in the order of `errors` and then the order offered, when it offers more than one (each one
 *    stated, so two fixes of one finding are both read by a human); `output: null` or nothing when
 *    it offers none (`null` fails if one is offered);
 *  - `meta.fix` is a promise about the rule's own fixes (before the engine's check): absent, the
 *    rule never fixes; `safe`, every fix it makes is safe; `unsafe`, every one is unsafe; `both`,
 *    it makes either kind (by case, or side by side). Every case's fixes must be of a declared
 *    kind, the rule's invalid cases together must show every declared kind, and the engine must
 *    offer each fix as the rule made it (a safe fix it drops or demotes failed the engine's check:
 *    a bug of the fix), unless the input itself does not parse.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits, ignoreEdit, type LintResult, lintText, type Rule } from '../../rules/api.js';
import type { FilesView, Finding, ImageFacts, ImageFactsView, Level } from '../../rules/engine/types.js';
import { DEFAULT_PLATFORM, imageFactsKey } from '../../rules/languages/image-facts.js';
import { dirname, joinPath } from '../../rules/languages/paths.js';
import { TEST_ROOT, memoryFiles } from './files-view.js';
import { type ExpectedFix, type FixExpectations, type FixKind, checkCaseFixes, declaredKinds, kindOf, ownFixes } from './rule-fixes.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

export type { ExpectedFix };

export interface ExpectedFinding {
  messageId: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  level?: Level;
  /** Substring the formatted message must contain. */
  message?: string;
}

export interface ValidCase {
  name?: string;
  code: string;
  filename?: string;
  /** Other files of the project, for cross-file rules: keys relative to the linted file's folder (`.git/` = a folder). */
  files?: Record<string, string>;
  /** Absolute path of the linted file (default: `/project/<filename>` when `files` is given, else `filename`). */
  path?: string;
  /** Base-image facts the front-end would have, by reference as written (`node:20`, or `node:20|linux/arm64`). */
  imageFacts?: Record<string, Partial<ImageFacts>>;
  /** The rule's options. */
  options?: Record<string, unknown>;
}

export interface InvalidCase extends ValidCase, FixExpectations {
  errors: ExpectedFinding[];
  /** Exact text after the case's only fix. `null`: no finding offers a fix. Several fixes: use `fixes`. */
  output?: string | null;
  /** Substring of the title of the case's only fix, checked when given. */
  fixTitle?: string;
  /** Whether the case's only fix is safe: checked when given, required when `meta.fix` is `both`. */
  safe?: boolean;
  /** Exact text of the other files the case's only fix changes (keys as in `files`). */
  outputFiles?: Record<string, string>;
  /** Every fix the case's findings offer, in the order of `errors` and then as offered. */
  fixes?: ExpectedFix[];
}

export interface RuleTests {
  valid: (string | ValidCase)[];
  invalid: InvalidCase[];
}

function defaultFilename(rule: Rule): string {
  return rule.meta.language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml';
}

/** The linted file's path and the files view of a case. */
function where(rule: Rule, c: ValidCase): { path: string; files: FilesView | undefined } {
  const filename = c.filename ?? defaultFilename(rule);
  const path = c.path ?? (c.files ? joinPath(TEST_ROOT, filename) : filename);
  return { path, files: c.files ? memoryFiles(c.files, dirname(path)) : undefined };
}

/** Complete facts from a case's partial ones (a config with nothing set: root user, no healthcheck). */
export function factsView(given: Record<string, Partial<ImageFacts>> | undefined): ImageFactsView | undefined {
  if (!given) return undefined;
  const byKey = new Map<string, ImageFacts>();
  for (const [ref, partial] of Object.entries(given)) {
    const [reference, platform = DEFAULT_PLATFORM] = ref.split('|');
    const key = imageFactsKey(reference, platform);
    assert.ok(key, `not an image reference: ${ref}`);
    byKey.set(key, {
      reference,
      platform,
      digest: `sha256:${'ab'.repeat(32)}`,
      user: '',
      env: [],
      exposedPorts: [],
      labels: {},
      fetchedAt: '2026-11-01T00:00:00Z',
      source: 'lock',
      ...partial,
    });
  }
  return { get: (key) => byKey.get(key) };
}

function run(rule: Rule, code: string, filename: string, files?: FilesView, c?: ValidCase): LintResult {
  const ruleOptions = c?.options ? { [rule.meta.code]: c.options } : undefined;
  const result = lintText(filename, code, rule.meta.language, { only: [rule.meta.code], files, imageFacts: factsView(c?.imageFacts), ruleOptions });
  assert.deepEqual(result.errors, [], `engine errors: ${result.errors.join('; ')}`);
  return result;
}

function ofRule(rule: Rule, result: LintResult): Finding[] {
  return result.findings.filter((f) => f.code === rule.meta.code);
}

function title(c: ValidCase, i: number, kind: string): string {
  const first = c.code.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? '';
  return `${kind} #${i + 1}: ${c.name ?? first.slice(0, 60)}`;
}

const asCase = (v: string | ValidCase): ValidCase => (typeof v === 'string' ? { code: v } : v);

/** A valid case: no finding of the rule. Throws (an AssertionError) when it fails. */
export function checkValid(rule: Rule, c: ValidCase): void {
  const { path, files } = where(rule, c);
  const found = ofRule(rule, run(rule, c.code, path, files, c));
  assert.deepEqual(
    found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`),
    [],
    'expected no finding',
  );
}

/** An invalid case: its findings, the ignore comment, and every fix (rule-fixes.ts). Throws when it fails. */
export function checkInvalid(rule: Rule, c: InvalidCase): void {
  const { path: filename, files } = where(rule, c);
  const result = run(rule, c.code, filename, files, c);
  const found = ofRule(rule, result);
  const got = found.map((f, j) => {
    const e = c.errors[j] ?? ({} as ExpectedFinding);
    return {
      messageId: f.report?.messageId,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      ...(e.endLine !== undefined ? { endLine: f.range.end.line + 1 } : {}),
      ...(e.endColumn !== undefined ? { endColumn: f.range.end.character + 1 } : {}),
      ...(e.level !== undefined ? { level: f.level } : {}),
      ...(e.message !== undefined ? { message: f.message.includes(e.message) ? e.message : f.message } : {}),
    };
  });
  assert.deepEqual(got, c.errors, 'findings differ');

  // Every finding can be silenced with the ignore comment.
  let text = c.code;
  for (let guard = 0; guard < 20; guard++) {
    const r = run(rule, text, filename, files, c);
    const f = ofRule(rule, r)[0];
    if (!f) break;
    text = applyEdits(text, [ignoreEdit(r, f)]);
  }
  assert.equal(ofRule(rule, run(rule, text, filename, files, c)).length, 0, `ignore comment did not silence:\n${text}`);

  checkCaseFixes(rule, c, result, found, filename, files, (code, changed) => ofRule(rule, run(rule, code, filename, changed, c)));
}

/** The kinds of fix the rule's invalid cases get from it: together they must be the kinds `meta.fix` declares. */
export function checkFixKinds(rule: Rule, invalid: InvalidCase[]): void {
  const seen = new Set<FixKind>();
  for (const c of invalid) {
    const { path, files } = where(rule, c);
    const result = run(rule, c.code, path, files, c);
    for (const f of ofRule(rule, result)) for (const fix of ownFixes(rule, result, f)) seen.add(kindOf(fix));
  }
  const declared = declaredKinds(rule);
  assert.deepEqual(
    [...seen].sort(),
    declared,
    `meta.fix is ${rule.meta.fix ?? 'not set'} (${declared.join(' and ') || 'no fix'}), the invalid cases get ${[...seen].sort().join(' and ') || 'no fix'}`,
  );
}

export function ruleTester(rule: Rule, cases: RuleTests): void {
  describe(`${rule.meta.code} ${rule.meta.name}`, () => {
    before(() => loadShellGrammar());
    cases.valid.forEach((v, i) => {
      const c = asCase(v);
      it(title(c, i, 'valid'), () => checkValid(rule, c));
    });
    cases.invalid.forEach((c, i) => {
      it(title(c, i, 'invalid'), () => checkInvalid(rule, c));
    });
    it('meta.fix names the kinds of fix the invalid cases get', () => checkFixKinds(rule, cases.invalid));
  });
}
