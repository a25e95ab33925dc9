import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { defineRule } from '../../rules/languages/define-rule.js';
import { applyEdits, normaliseEdits } from '../../rules/engine/fixer.js';
import { fixesFor } from '../../rules/engine/fixes.js';
import { INTERNAL_CODE, lint } from '../../rules/engine/lint.js';
import { SourceText } from '../../rules/engine/source.js';
import { ignoreCommentEdit } from '../../rules/engine/suppress.js';
import type { Rule } from '../../rules/engine/types.js';
import type { DockerfileModel } from '../../rules/languages/dockerfile.js';
import { dockerfileLanguage } from '../../rules/languages/dockerfile-language.js';
import noRootUser from '../../rules/dockerfile/no-root-user.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const meta = (code: string, name: string) => ({
  code,
  name,
  language: 'dockerfile' as const,
  title: 't',
  why: 'w',
  level: 'warning' as const,
  risk: 'low' as const,
  tags: ['security'],
  others: {},
  messages: { m: 'found {{what}}' } as const,
});

const everyFrom = defineRule({
  meta: meta('DF990', 'every-from'),
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'm', span: s.from.span, data: { what: 'FROM' } };
  },
});
const throwing = defineRule({
  meta: meta('DF991', 'throws'),
  *check() {
    yield* [];
    throw new Error('boom');
  },
});

const offByDefault = defineRule({
  meta: { ...meta('DF992', 'off-by-default'), level: 'hint' as const, defaultOn: false },
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'm', span: s.from.span, data: { what: 'FROM' } };
  },
});

function run(text: string, rules: Rule<DockerfileModel>[] = [everyFrom], levels?: Record<string, 'off' | 'error' | 'hint'>, only?: string[]) {
  return lint(new SourceText('Dockerfile', text), dockerfileLanguage, rules, { levels, only });
}

describe('lint()', () => {
  it('turns a throwing rule into one internal finding and still runs the others', () => {
    const r = run('FROM alpine\n', [throwing, everyFrom]);
    assert.deepEqual(r.findings.map((f) => f.code).sort(), [INTERNAL_CODE, 'DF990']);
    assert.match(r.errors[0], /DF991 \(throws\).*boom/);
    assert.equal(r.timings.length, 2);
  });

  it('formats messages and applies level overrides by code or name, and off', () => {
    assert.equal(run('FROM a\n').findings[0].message, 'found FROM');
    assert.equal(run('FROM a\n', [everyFrom], { DF990: 'error' }).findings[0].level, 'error');
    assert.equal(run('FROM a\n', [everyFrom], { 'every-from': 'error' }).findings[0].level, 'error');
    assert.deepEqual(run('FROM a\n', [everyFrom], { 'every-from': 'off' }).findings, []);
  });

  it('runs a rule that is off by default only when a level or --rule turns it on', () => {
    const codes = (r: ReturnType<typeof run>) => r.findings.map((f) => `${f.code} ${f.level}`);
    assert.deepEqual(codes(run('FROM a\n', [everyFrom, offByDefault])), ['DF990 warning']);
    assert.deepEqual(codes(run('FROM a\n', [offByDefault], { DF992: 'hint' })), ['DF992 hint']);
    assert.deepEqual(codes(run('FROM a\n', [offByDefault], { 'off-by-default': 'error' })), ['DF992 error']);
    assert.deepEqual(codes(run('FROM a\n', [offByDefault], undefined, ['df992'])), ['DF992 hint']);
    // Named by --rule but switched off by the config: off wins, as for any rule.
    assert.deepEqual(codes(run('FROM a\n', [offByDefault], { DF992: 'off' }, ['DF992'])), []);
    // Another rule's level does not turn it on.
    assert.deepEqual(codes(run('FROM a\n', [everyFrom, offByDefault], { DF990: 'error' })), ['DF990 error']);
  });

  it('empty level and option tables (the usual editor settings) are not searched once per rule', () => {
    let reads = 0;
    const counting = <T extends object>() => new Proxy({} as T, { get: (t, k) => (reads++, Reflect.get(t, k)) });
    const r = lint(new SourceText('Dockerfile', 'FROM a\n'), dockerfileLanguage, [everyFrom, everyFrom, offByDefault], {
      levels: counting(),
      ruleOptions: counting(),
    });
    assert.deepEqual(
      r.findings.map((f) => `${f.code} ${f.level}`),
      ['DF990 warning', 'DF990 warning'],
    );
    assert.equal(reads, 0);
  });

  it('keeps what fixes are computed from unless told the fixes are not needed (the CLI printing text)', () => {
    const text = 'FROM alpine\nUSER root\n';
    const kept = lint(new SourceText('Dockerfile', text), dockerfileLanguage, [noRootUser as Rule<DockerfileModel>]);
    const dropped = lint(new SourceText('Dockerfile', text), dockerfileLanguage, [noRootUser as Rule<DockerfileModel>], { keepReports: false });
    assert.ok(kept.findings.length > 0);
    assert.ok(kept.findings.every((f) => f.report !== undefined));
    assert.ok(fixesFor(kept, kept.findings[0]).length > 0, 'the rule offers a fix');
    // The same findings, worded and placed the same, without the rule's report.
    assert.deepEqual(
      dropped.findings,
      kept.findings.map((f) => ({ ...f, report: undefined })),
    );
    assert.deepEqual(fixesFor(dropped, dropped.findings[0]), []);
  });

  it('stops between rules when cancelled', () => {
    const r = lint(new SourceText('Dockerfile', 'FROM a\n'), dockerfileLanguage, [everyFrom, everyFrom], { isCancelled: () => true });
    assert.equal(r.cancelled, true);
    assert.deepEqual(r.findings, []);
  });
});

describe('suppression comments', () => {
  const cases: [string, string, number][] = [
    ['bosun-ignore by code, with reason', '# bosun-ignore DF990 -- base is checked elsewhere\nFROM a\n', 0],
    ['bosun-ignore by name, in a list', '# bosun-ignore DF001,every-from\nFROM a\n', 0],
    ['bosun-ignore for another code', '# bosun-ignore DF001 -- x\nFROM a\n', 1],
    ['not directly above (blank line between)', '# bosun-ignore DF990\n\nFROM a\n', 1],
    ['in a comment block with other comments', '# bosun-ignore DF990 -- ok\n# another comment\nFROM a\n', 0],
    ['file-level', 'FROM a\n# bosun-ignore-file DF990\nFROM b\n', 0],
    ['only the next statement', '# bosun-ignore DF990\nFROM a\nFROM b\n', 1],
  ];
  for (const [name, text, count] of cases) {
    it(name, () => assert.equal(run(text).findings.length, count));
  }

  it("honours other tools' pragmas through the rule's ids", () => {
    const df = (pre: string) => lint(new SourceText('Dockerfile', `${pre}FROM alpine:3.20\nCMD ["sh"]\n`), dockerfileLanguage, [noRootUser]).findings.length;
    assert.equal(df(''), 1);
    assert.equal(df('# hadolint ignore=DL3002\n'), 0);
    assert.equal(df('# hadolint ignore=DL3006,DL3002\n'), 0);
    assert.equal(df('# hadolint ignore=DL3006\n'), 1);
    assert.equal(df('# trivy:ignore:DS-0002\n'), 0);
    assert.equal(df('# trivy:ignore:AVD-DS-0002\n'), 0);
    assert.equal(df('# checkov:skip=CKV_DOCKER_3: sidecar image\n'), 0);
    assert.equal(df('# kics-scan ignore-line\n'), 0);
    assert.equal(df('# hadolint global ignore=DL3002\n'), 0);
  });

  it('a multi-line instruction is silenced by the comment above its first line', () => {
    const rule = defineRule({
      meta: meta('DF992', 'run-tail'),
      *check({ model }) {
        for (const i of model.instructions) if (i.keyword === 'RUN') yield { messageId: 'm', span: { start: i.span.end - 2, end: i.span.end }, data: { what: 'RUN' } };
      },
    });
    const text = 'FROM a\n# bosun-ignore DF992\nRUN echo a \\\n  && echo b\n';
    assert.equal(run(text, [rule]).findings.length, 0);
  });
});

describe('ignore comment edit', () => {
  const edit = (text: string, line: number, code: string) => applyEdits(text, [ignoreCommentEdit(new SourceText('f', text), line, code)]);
  it('inserts a comment with a reason placeholder above the statement', () => {
    assert.equal(edit('FROM a\nRUN x\n', 1, 'DF002'), 'FROM a\n# bosun-ignore DF002 -- TODO: say why this is acceptable\nRUN x\n');
  });
  it('keeps the indentation of YAML keys and CRLF', () => {
    assert.equal(
      edit('services:\r\n  web:\r\n    privileged: true\r\n', 2, 'DC001'),
      'services:\r\n  web:\r\n    # bosun-ignore DC001 -- TODO: say why this is acceptable\r\n    privileged: true\r\n',
    );
  });
  it('merges into an existing bosun-ignore comment, keeping its reason', () => {
    assert.equal(edit('# bosun-ignore DF001 -- legacy\nFROM a\n', 1, 'DF003'), '# bosun-ignore DF001,DF003 -- legacy\nFROM a\n');
    assert.equal(edit('# note\n# bosun-ignore DF001\nFROM a\n', 2, 'DF003'), '# note\n# bosun-ignore DF001,DF003\nFROM a\n');
  });
  it('does nothing when the code is already listed', () => {
    assert.equal(edit('# bosun-ignore DF001 -- x\nFROM a\n', 1, 'DF001'), '# bosun-ignore DF001 -- x\nFROM a\n');
  });
});

describe('fixer', () => {
  it('applies sorted edits and refuses overlaps', () => {
    assert.equal(
      applyEdits('abcdef', [
        { start: 4, end: 5, text: 'E' },
        { start: 0, end: 1, text: 'A' },
      ]),
      'AbcdEf',
    );
    assert.throws(() =>
      applyEdits('abcdef', [
        { start: 0, end: 3, text: '' },
        { start: 2, end: 4, text: '' },
      ]),
    );
  });
  it('normalises by dropping edits that overlap an earlier one', () => {
    const kept = normaliseEdits([
      { start: 2, end: 4, text: 'x' },
      { start: 0, end: 3, text: 'y' },
      { start: 5, end: 5, text: 'z' },
    ]);
    assert.deepEqual(
      kept.map((e) => e.text),
      ['y', 'z'],
    );
  });
});

describe('SourceText', () => {
  it('maps offsets and positions with LF, CRLF and lone CR', () => {
    const s = new SourceText('f', 'ab\r\ncd\nef\rg');
    assert.deepEqual(s.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(s.positionAt(8), { line: 2, character: 1 });
    assert.equal(s.offsetAt({ line: 3, character: 0 }), 10);
    assert.equal(s.lineText(0), 'ab');
    assert.equal(s.eol, '\r\n');
    assert.equal(s.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the line end');
  });
  it('counts UTF-16 code units like LSP', () => {
    const s = new SourceText('f', 'é😀x\n');
    assert.deepEqual(s.positionAt(3), { line: 0, character: 3 });
  });
});

describe('size cap', () => {
  it('answers an oversized file with one info finding instead of parsing it', () => {
    const text = `FROM alpine\n${'RUN echo x\n'.repeat(20)}`;
    const r = lint(new SourceText('Dockerfile', text), dockerfileLanguage, [everyFrom], { maxLength: 100 });
    assert.deepEqual(
      r.findings.map((f) => [f.code, f.level]),
      [[INTERNAL_CODE, 'info']],
    );
    assert.match(r.findings[0].message, /did not check this file/);
    assert.equal(r.model, undefined);
  });
});
