/**
 * The RuleTester's own checks fail on bad cases: a fix offered but not stated, an output that differs,
 * `output: null` with a fix, several fixes without `fixes`, a later fix's output wrong (every fix is
 * tried), other files not stated, `meta.fix` not matching the fixes made, and a safe fix the engine
 * does not offer as the rule made it. Each bad case is next to the good one it spoils, which passes.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import noPrivileged from '../../rules/compose/no-privileged.js';
import noLatestTag from '../../rules/dockerfile/no-latest-tag.js';
import noSudo from '../../rules/dockerfile/no-sudo.js';
import unignoredSecrets from '../../rules/dockerfile/unignored-secrets-in-context.js';
import type { Fix, Rule, RuleMeta } from '../../rules/engine/types.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { type InvalidCase, checkFixKinds, checkInvalid } from '../support/rule-tester.js';

before(() => loadShellGrammar());

const asRule = (r: unknown) => r as Rule;
const withMeta = (r: unknown, meta: Partial<RuleMeta>): Rule => ({ ...asRule(r), meta: { ...asRule(r).meta, ...meta } });

const SUDO_AS_ROOT: InvalidCase = {
  code: 'FROM debian:12\nRUN sudo apt-get update\n',
  errors: [{ messageId: 'asRoot', line: 2, column: 5 }],
  safe: true,
  output: 'FROM debian:12\nRUN apt-get update\n',
};

const TWO_PRIVILEGED: InvalidCase = {
  code: 'services:\n  a:\n    privileged: true\n  b:\n    privileged: true\n',
  errors: [
    { messageId: 'privileged', line: 3, column: 5 },
    { messageId: 'privileged', line: 5, column: 5 },
  ],
  fixes: [
    { title: 'Remove privileged: true', safe: false, output: 'services:\n  a:\n  b:\n    privileged: true\n' },
    { title: 'Remove privileged: true', safe: false, output: 'services:\n  a:\n    privileged: true\n  b:\n' },
  ],
};

const COPY_ALL = 'FROM node:20\nCOPY . .\n';
const DOCKERIGNORE: InvalidCase = {
  code: COPY_ALL,
  files: { '.env': 'A=1\n' },
  errors: [{ messageId: 'noDockerignore', line: 2, column: 1 }],
  safe: true,
  output: COPY_ALL,
  outputFiles: { '.dockerignore': '.env\n' },
};

describe('RuleTester: fixes are stated exactly', () => {
  it('accepts complete cases (the good ones the bad ones below spoil)', () => {
    checkInvalid(asRule(noSudo), SUDO_AS_ROOT);
    checkInvalid(asRule(noPrivileged), TWO_PRIVILEGED);
    checkInvalid(asRule(unignoredSecrets), DOCKERIGNORE);
    checkInvalid(asRule(noLatestTag), { code: 'FROM node:latest\n', errors: [{ messageId: 'latestTag', line: 1, column: 6 }], output: null });
  });

  it('fails when a fix is offered and the case states no output', () => {
    const { output: _, ...c } = SUDO_AS_ROOT;
    assert.throws(() => checkInvalid(asRule(noSudo), c), /a fix is offered: state its output/);
  });

  it('fails when the output differs', () => {
    assert.throws(() => checkInvalid(asRule(noSudo), { ...SUDO_AS_ROOT, output: 'FROM debian:12\nRUN  apt-get update\n' }), /fixed output differs/);
  });

  it('fails on output: null when a fix is offered', () => {
    assert.throws(() => checkInvalid(asRule(noSudo), { ...SUDO_AS_ROOT, output: null }), /expected no fix/);
  });

  it('fails on an output when no fix is offered', () => {
    const c: InvalidCase = { code: 'FROM node:latest\n', errors: [{ messageId: 'latestTag', line: 1, column: 6 }], output: 'FROM node:22\n' };
    assert.throws(() => checkInvalid(asRule(noLatestTag), c), /no fix is offered/);
  });

  it('fails when several fixes are offered and the case gives one output', () => {
    const { fixes: _, ...c } = TWO_PRIVILEGED;
    assert.throws(() => checkInvalid(asRule(noPrivileged), { ...c, output: TWO_PRIVILEGED.fixes![0].output }), /offer 2 fixes: state each in `fixes`/);
  });

  it('tries every fix: a wrong output of the second one fails', () => {
    const fixes = [TWO_PRIVILEGED.fixes![0], { ...TWO_PRIVILEGED.fixes![1], output: TWO_PRIVILEGED.fixes![0].output }];
    assert.throws(() => checkInvalid(asRule(noPrivileged), { ...TWO_PRIVILEGED, fixes }), /fixes\[1\] 'Remove privileged: true': fixed output differs/);
  });

  it('fails when a fix is left out of `fixes`, or its title or safety is wrong', () => {
    assert.throws(() => checkInvalid(asRule(noPrivileged), { ...TWO_PRIVILEGED, fixes: TWO_PRIVILEGED.fixes!.slice(0, 1) }), /the fixes offered differ/);
    const wrongSafety = TWO_PRIVILEGED.fixes!.map((f) => ({ ...f, safe: true }));
    assert.throws(() => checkInvalid(asRule(noPrivileged), { ...TWO_PRIVILEGED, fixes: wrongSafety }), /the fixes offered differ/);
  });

  it('fails when a fix changes another file the case does not state', () => {
    const { outputFiles: _, ...c } = DOCKERIGNORE;
    assert.throws(() => checkInvalid(asRule(unignoredSecrets), c), /the other files it changes \(outputFiles\)/);
    assert.throws(() => checkInvalid(asRule(unignoredSecrets), { ...DOCKERIGNORE, outputFiles: { '.dockerignore': '.env\n.git\n' } }), /fixed \.dockerignore differs/);
  });
});

describe('RuleTester: meta.fix matches the fixes a rule makes', () => {
  it('fails when a case gets a kind of fix meta.fix does not declare', () => {
    const unknownUser: InvalidCase = {
      code: 'FROM myorg/base:1\nRUN sudo make\n',
      errors: [{ messageId: 'unknown', line: 2, column: 5 }],
      safe: false,
      output: 'FROM myorg/base:1\nRUN make\n',
    };
    checkInvalid(asRule(noSudo), unknownUser);
    assert.throws(() => checkInvalid(withMeta(noSudo, { fix: 'safe' }), unknownUser), /meta\.fix is safe but the finding at 2:5 gets the unsafe fix/);
    assert.throws(() => checkInvalid(withMeta(noSudo, { fix: undefined }), SUDO_AS_ROOT), /meta\.fix is not set but the finding at 2:5 gets the safe fix/);
  });

  it('requires `safe` on the one-fix shorthand of a rule with both kinds', () => {
    const { safe: _, ...c } = SUDO_AS_ROOT;
    assert.throws(() => checkInvalid(asRule(noSudo), c), /meta\.fix is both: state whether 'Remove sudo \(already root\)' is safe/);
  });

  it('fails when the invalid cases together do not show every declared kind', () => {
    checkFixKinds(asRule(noSudo), [SUDO_AS_ROOT, { code: 'FROM myorg/base:1\nRUN sudo make\n', errors: [] }]);
    assert.throws(() => checkFixKinds(asRule(noSudo), [SUDO_AS_ROOT]), /meta\.fix is both \(safe and unsafe\), the invalid cases get safe/);
    assert.throws(
      () => checkFixKinds(withMeta(noLatestTag, { fix: 'unsafe' }), [{ code: 'FROM node:latest\n', errors: [] }]),
      /meta\.fix is unsafe \(unsafe\), the invalid cases get no fix/,
    );
  });

  it('fails when the engine does not offer a safe fix as the rule made it', () => {
    // A safe fix the rule makes that the engine does not offer (as when it drops one that fails its check).
    const extra: Fix = { title: 'Remove sudo and more', safe: true, edits: [{ start: 0, end: 4, text: '' }] };
    const lying: Rule = { ...asRule(noSudo), fix: (report, ctx) => [...asRule(noSudo).fix!(report, ctx), extra] };
    assert.throws(() => checkInvalid(lying, SUDO_AS_ROOT), /the engine does not offer the fixes of 2:5 as the rule made them/);
  });
});
