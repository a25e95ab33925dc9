/**
 * RuleTester: the shape of every rule's tests. `valid` cases must produce no finding of the rule;
 * `invalid` cases give each finding's messageId, line and column (1-based) and, where the rule
 * fixes, the exact output. Every invalid case is also checked to be silenced by the ignore comment,
 * and every fix offered for every finding of the case must keep the invariants of fix-invariants.ts
 * (no new parse error, no glued words, instructions and comment lines kept) and lose its finding.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, ignoreEdit, type LintResult, lintText, type Rule } from '../../rules/api.js';
import type { FilesView, Finding, ImageFacts, ImageFactsView, Level } from '../../rules/engine/types.js';
import { DEFAULT_PLATFORM, imageFactsKey } from '../../rules/languages/image-facts.js';
import { dirname, joinPath } from '../../rules/languages/paths.js';
import { fixInvariantProblems } from './fix-invariants.js';
import { TEST_ROOT, memoryFiles } from './files-view.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

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

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** Exact text after applying the fix of the first finding (`fix` picks one by title). `null`: no fix offered. */
  output?: string | null;
  /** Substring of the title of the fix to apply (default: the first one offered). */
  fix?: string;
  /** Expected fix title (substring), checked when given. */
  fixTitle?: string;
  /** Whether the applied fix is safe, checked when given. */
  safe?: boolean;
  /** Exact text of other files after the fix (keys as in `files`), for fixes that change other files. */
  outputFiles?: Record<string, string>;
}

function defaultFilename(rule: Rule): string {
  return rule.meta.language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml';
}

/** `to` relative to folder `from`, with `../` when it is outside (the keys of `files`). */
function relativeTo(from: string, to: string): string {
  const a = from.split('/').filter(Boolean);
  const b = to.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
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

function ofRule(rule: Rule, result: LintResult) {
  return result.findings.filter((f) => f.code === rule.meta.code);
}

function yamlErrors(text: string): string[] {
  return parseDocument(text).errors.map((e) => e.message);
}

function title(c: ValidCase, i: number, kind: string): string {
  const first = c.code.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? '';
  return `${kind} #${i + 1}: ${c.name ?? first.slice(0, 60)}`;
}

/** Every fix of every finding of a case: keeps the invariants, and its finding goes. */
function checkEveryFix(rule: Rule, c: InvalidCase, result: LintResult, found: Finding[], filename: string, files: FilesView | undefined): void {
  for (const finding of found) {
    for (const fix of fixesFor(result, finding)) {
      const what = `${fix.safe ? 'safe' : 'unsafe'} fix '${fix.title}' of ${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const output = applyEdits(c.code, fix.edits);
      const problems = fixInvariantProblems(rule.meta.language, c.code, fix.edits, output);
      assert.deepEqual(problems, [], `${what} breaks the file:\n${output}`);
      const changed = { ...c.files };
      for (const o of fix.otherFiles ?? []) {
        const key = Object.keys(changed).find((k) => joinPath(dirname(filename), k) === o.path) ?? relativeTo(dirname(filename), o.path);
        changed[key] = applyEdits(o.create ? '' : (files?.read(o.path) ?? ''), o.edits);
      }
      const after = ofRule(rule, run(rule, output, filename, c.files ? memoryFiles(changed, dirname(filename)) : undefined, c));
      const same = (f: Finding) => f.report?.messageId === finding.report?.messageId && f.message === finding.message;
      assert.ok(after.filter(same).length < found.filter(same).length, `${what} does not remove its finding:\n${output}`);
    }
  }
}

export function ruleTester(rule: Rule, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  describe(`${rule.meta.code} ${rule.meta.name}`, () => {
    before(() => loadShellGrammar());
    cases.valid.forEach((v, i) => {
      const c = typeof v === 'string' ? { code: v } : v;
      it(title(c, i, 'valid'), () => {
        const { path, files } = where(rule, c);
        const found = ofRule(rule, run(rule, c.code, path, files, c));
        assert.deepEqual(
          found.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`),
          [],
          'expected no finding',
        );
      });
    });

    cases.invalid.forEach((c, i) => {
      it(title(c, i, 'invalid'), () => {
        const { path: filename, files } = where(rule, c);
        const result = run(rule, c.code, filename, files, c);
        const found = ofRule(rule, result);
        const got = found.map((f, j) => {
          const e = c.errors[j] ?? ({} as ExpectedFinding);
          const msgId = f.report?.messageId;
          return {
            messageId: msgId,
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

        checkEveryFix(rule, c, result, found, filename, files);

        if (c.output === undefined) return;
        const fixes = fixesFor(result, found[0]);
        if (c.output === null) {
          assert.deepEqual(fixes.map((f) => f.title), [], 'expected no fix');
          return;
        }
        const fix = c.fix ? fixes.find((f) => f.title.includes(c.fix!)) : fixes[0];
        assert.ok(fix, `no fix${c.fix ? ` titled '${c.fix}'` : ''}; offered: ${fixes.map((f) => f.title).join(' | ')}`);
        if (c.fixTitle) assert.ok(fix.title.includes(c.fixTitle), `fix title '${fix.title}'`);
        if (c.safe !== undefined) assert.equal(fix.safe, c.safe, 'fix safety');
        const output = applyEdits(c.code, fix.edits);
        assert.equal(output, c.output, 'fixed output differs');
        const changed = { ...c.files };
        for (const o of fix.otherFiles ?? []) {
          const key = Object.keys(changed).find((k) => joinPath(dirname(filename), k) === o.path) ?? relativeTo(dirname(filename), o.path);
          changed[key] = applyEdits(o.create ? '' : (files?.read(o.path) ?? ''), o.edits);
        }
        if (c.outputFiles) {
          for (const [k, v] of Object.entries(c.outputFiles)) assert.equal(changed[k], v, `fixed ${k} differs`);
        }
        const after = run(rule, output, filename, c.files ? memoryFiles(changed, dirname(filename)) : undefined, c);
        if (rule.meta.language === 'compose' && yamlErrors(c.code).length === 0) {
          assert.deepEqual(yamlErrors(output), [], 'fix output is not valid YAML');
        }
        assert.ok(ofRule(rule, after).length < found.length, `fix did not remove the finding:\n${output}`);
      });
    });
  });
}
