/**
 * The check of safe fixes (rules/engine/fixes.ts) costs a bounded number of lints per rule, not one
 * per finding: a file with thousands of findings was quadratic (`--format json`, `--fix`). Lints are
 * counted by counting parses (no clock), on a language whose parse is the Dockerfile one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineRule } from '../../rules/languages/define-rule.js';
import { fixAllSafe } from '../../rules/engine/fix-all.js';
import { fixesFor, verifySafeFix } from '../../rules/engine/fixes.js';
import type { LanguageSupport } from '../../rules/engine/language.js';
import { lint } from '../../rules/engine/lint.js';
import { SourceText } from '../../rules/engine/source.js';
import type { Rule } from '../../rules/engine/types.js';
import type { DockerfileModel } from '../../rules/languages/dockerfile.js';
import { dockerfileLanguage } from '../../rules/languages/dockerfile-language.js';

let parses = 0;
const counted: LanguageSupport<DockerfileModel> = {
  ...dockerfileLanguage,
  parse: (file, context) => {
    parses++;
    return dockerfileLanguage.parse(file, context);
  },
};

const meta = {
  code: 'DF995',
  name: 'uppercase-echo',
  language: 'dockerfile' as const,
  title: 't',
  why: 'w',
  level: 'warning' as const,
  risk: 'low' as const,
  tags: ['security'],
  others: {},
  messages: { m: 'lower-case echo' } as const,
  fix: 'safe' as const,
};

/** Reports every `echo` in the text; its safe fix writes ECHO, except on lines holding `bad`, where it writes `echo` again. */
const upperEcho: Rule<DockerfileModel> = defineRule({
  meta,
  *check({ model }) {
    const text = model.file.text;
    for (let at = text.indexOf('echo'); at >= 0; at = text.indexOf('echo', at + 4)) yield { messageId: 'm', span: { start: at, end: at + 4 } };
  },
  fix(report, { model }) {
    const line = model.file.lineText(model.file.positionAt(report.span.start).line);
    return [{ title: 'ECHO', safe: true, edits: [{ ...report.span, text: line.includes('bad') ? 'echo' : 'ECHO' }] }];
  },
});

const file = (lines: string[]) => new SourceText('/project/Dockerfile', `FROM alpine:3.20\n${lines.map((l) => `RUN ${l}\n`).join('')}`);
const lintOf = (lines: string[]) => lint(file(lines), counted, [upperEcho]);

describe('checking safe fixes', () => {
  it("checks all of a rule's safe fixes with one lint, not one per finding", () => {
    const result = lintOf(Array.from({ length: 200 }, (_, i) => `echo ${i}`));
    parses = 0;
    const fixes = result.findings.map((f) => fixesFor(result, f));
    assert.ok(
      fixes.every((f) => f.length === 1 && f[0].safe),
      'every fix is safe',
    );
    assert.equal(parses, 1);
  });

  it('finds the bad fixes among many in a few lints each, and drops only them', () => {
    const lines = Array.from({ length: 200 }, (_, i) => (i === 17 || i === 150 ? `echo bad ${i}` : `echo ${i}`));
    const result = lintOf(lines);
    parses = 0;
    const safe = result.findings.map((f) => fixesFor(result, f).length === 1);
    assert.deepEqual(
      safe.flatMap((ok, i) => (ok ? [] : [i])),
      [17, 150],
    );
    assert.ok(parses <= 2 * 2 * Math.ceil(Math.log2(200)) + 1, `${parses} lints`);
    assert.match(
      verifySafeFix(result, result.findings[17], { title: 'ECHO', safe: true, edits: [{ ...result.findings[17].span, text: 'echo' }] }) ?? '',
      /still has 200 DF995 findings/,
    );
  });

  it('stops checking a rule whose fixes keep failing, and offers the rest as unsafe', () => {
    const result = lintOf(Array.from({ length: 300 }, (_, i) => `echo bad ${i}`));
    parses = 0;
    const fixes = result.findings.map((f) => fixesFor(result, f));
    assert.ok(parses <= 33, `${parses} lints`);
    assert.ok(
      fixes.every((f) => f.length === 0 || !f[0].safe),
      'none is offered as safe',
    );
    assert.ok(
      fixes.some((f) => f.length === 1),
      'the fixes not checked are still offered, one at a time',
    );
  });

  it('a fix that looks risky but is fine: two findings sharing one fix count it once', () => {
    const shared: Rule<DockerfileModel> = defineRule({
      meta: { ...meta, code: 'DF996', name: 'shared' },
      *check({ model }) {
        const at = model.file.text.indexOf('echo');
        if (at >= 0) for (let i = 0; i < 2; i++) yield { messageId: 'm', span: { start: at, end: at + 4 } };
      },
      fix: (report) => [{ title: 'ECHO', safe: true, edits: [{ ...report.span, text: 'ECHO' }] }],
    });
    const result = lint(file(['echo 1']), counted, [shared]);
    assert.deepEqual(
      result.findings.map((f) => fixesFor(result, f)[0]?.safe),
      [true, true],
    );
  });

  it('fix-all applies thousands of fixes in passes of one lint each', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `echo ${i}`);
    parses = 0;
    const fixed = fixAllSafe(file(lines).text, (text) => lint(new SourceText('/project/Dockerfile', text), counted, [upperEcho]));
    assert.equal(fixed.applied, 2000);
    assert.equal(fixed.text, file(lines.map((l) => l.replace('echo', 'ECHO'))).text);
    assert.ok(parses <= 4, `${parses} lints`);
  });
});
