/**
 * The corpus stage: every Dockerfile and Compose file of the shared corpus of real projects is
 * linted, and the findings must be exactly those test/corpus/expectations.tsv lists, each judged by
 * someone who read the file. Fails on a crash, an engine error or internal finding (BOSUN000), a
 * finding the file does not list, a listed finding that no longer occurs or changed level, an
 * `unjudged` line, any false error, and false warnings above 2% of the warnings.
 * `npm run corpus -- --update` rewrites the file (keeping judgements); see test/corpus/corpus.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type CorpusRun, type Expectation, findCorpus, lintCorpus, pair, readExpectations, summary } from './corpus.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const corpus = findCorpus();

describe('corpus of real Dockerfiles and Compose files', () => {
  if (!corpus) {
    it('is skipped: no shared/corpus next to this checkout (a clean clone); set BOSUN_CORPUS to run it', (t) => {
      t.skip('no shared/corpus next to this checkout; set BOSUN_CORPUS to its folder to run the corpus check');
    });
    return;
  }
  let run: CorpusRun;
  let expected: Expectation[];
  const result = () => {
    run ??= lintCorpus(corpus);
    expected ??= readExpectations();
    return { run, expected, ...pair(run.findings, expected) };
  };

  it('lints every file without a crash, an engine error or an internal finding', () => {
    const { run } = result();
    assert.ok(run.files.length >= 150, `${run.files.length} corpus files`);
    assert.deepEqual(run.problems, []);
  });

  it('finds exactly what the expectations list (npm run corpus -- --update, then judge)', (t) => {
    const { run, expected, unlisted, stale, matched } = result();
    for (const line of summary(run, expected).split('\n')) t.diagnostic(line);
    const levelChanged = matched.filter((m) => m.finding.level !== m.expectation.level);
    assert.deepEqual(
      {
        unlisted: unlisted.map((f) => `${f.file}:${f.line} ${f.code} [${f.level}] ${f.message}`),
        noLongerFound: stale.map((e) => `${e.file}:${e.line} ${e.code} [${e.level}] ${e.judgement}: ${e.reason}`),
        levelChanged: levelChanged.map((m) => `${m.finding.file}:${m.finding.line} ${m.finding.code} ${m.expectation.level} -> ${m.finding.level}`),
      },
      { unlisted: [], noLongerFound: [], levelChanged: [] },
    );
  });

  it('every finding is judged, with a reason', () => {
    const { expected } = result();
    const open = expected.filter((e) => e.judgement === 'unjudged' || !e.reason.trim());
    assert.deepEqual(
      open.map((e) => `${e.file}:${e.line} ${e.code} ${e.judgement}`),
      [],
    );
  });

  it('has no false error, and false warnings are at most 2% of the warnings', () => {
    const { run, matched } = result();
    const falseAt = (level: string) => matched.filter((m) => m.finding.level === level && m.expectation.judgement === 'false');
    assert.deepEqual(
      falseAt('error').map((m) => `${m.finding.file}:${m.finding.line} ${m.finding.code} ${m.expectation.reason}`),
      [],
    );
    const warnings = run.findings.filter((f) => f.level === 'warning').length;
    const falseWarnings = falseAt('warning').length;
    assert.ok(falseWarnings <= 0.02 * warnings, `${falseWarnings} false warnings of ${warnings}`);
  });
});
