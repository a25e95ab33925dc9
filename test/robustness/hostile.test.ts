/**
 * Hostile inputs, each answered within a fixed budget (issue 9): a YAML alias "billion laughs"
 * bomb, 10,000-deep nesting (YAML flow and block, shell command substitution, variable defaults),
 * a 10 MB Dockerfile (over the size cap: one info finding, nothing else), 1 MB single lines,
 * thousands of services, long and unterminated heredocs. The budgets are wall-clock on a busy
 * 2-core machine: generous against noise, far below what a hang or a quadratic path would take.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { INTERNAL_CODE, type LanguageId, type LintResult, lintText } from '../../rules/api.js';
import { DEFAULT_MAX_LENGTH } from '../../rules/engine/lint.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

function within(budgetMs: number, path: string, language: LanguageId, text: string): LintResult {
  const t0 = performance.now();
  const result = lintText(path, text, language);
  const ms = performance.now() - t0;
  assert.ok(ms < budgetMs, `${Math.round(ms)} ms, budget ${budgetMs} ms`);
  assert.deepEqual(result.errors, [], 'no rule and no parser failed');
  // Every finding is placed inside the text.
  for (const f of result.findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end);
  return result;
}

const DEPTH = 10_000;

describe('hostile inputs stay within their budgets', () => {
  it('a YAML "billion laughs" bomb (9 levels of 9 aliases: 387 million nodes if expanded) — 3 s', () => {
    let yaml = 'x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
    for (let i = 1; i <= 9; i++) yaml += `x-l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
    yaml += 'x-m0: &m0\n  privileged: true\n';
    for (let i = 1; i <= 9; i++) yaml += `x-m${i}: &m${i}\n${Array.from({ length: 9 }, (_, j) => `  k${j}: *m${i - 1}`).join('\n')}\n  <<: *m${i - 1}\n`;
    yaml += 'services:\n  web:\n    <<: *m9\n    image: alpine:3.20\n    command: *l9\n    environment: *l9\n  copy: *m9\n';
    const result = within(3000, '/project/compose.yaml', 'compose', yaml);
    assert.ok(result.findings.length < 200, `${result.findings.length} findings: aliases are not expanded`);
    assert.ok(result.findings.some((f) => f.code === 'DC001'), 'privileged: true through nine merges is still found');
  });

  it(`${DEPTH.toLocaleString('en')}-deep YAML flow sequences and mappings — 5 s each`, () => {
    within(5000, '/project/compose.yaml', 'compose', `services:\n  web:\n    image: alpine\n    command: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`);
    within(5000, '/project/compose.yaml', 'compose', `services:\n  web:\n    image: alpine\n    labels: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`);
  });

  it(`${DEPTH.toLocaleString('en')}-deep block sequences and 1,000-deep indented mappings — 5 s each`, () => {
    within(5000, '/project/compose.yaml', 'compose', `services:\n  web:\n    image: alpine\n    command: ${'- '.repeat(DEPTH)}x\n`);
    let nested = 'services:\n  web:\n    image: alpine\n    labels:\n';
    for (let i = 0; i < 1000; i++) nested += `${' '.repeat(6 + i)}k${i}:\n`;
    within(5000, '/project/compose.yaml', 'compose', nested);
  });

  it(`${DEPTH.toLocaleString('en')}-deep shell nesting and variable defaults in a Dockerfile — 5 s each`, () => {
    within(5000, '/project/Dockerfile', 'dockerfile', `FROM alpine\nRUN ${'$('.repeat(DEPTH)}${')'.repeat(DEPTH)}\n`);
    within(5000, '/project/Dockerfile', 'dockerfile', `ARG A=${'${A:-'.repeat(DEPTH)}x${'}'.repeat(DEPTH)}\nFROM alpine:$A\n`);
  });

  it('a 10 MB Dockerfile is not checked: one info finding says why — 2 s', () => {
    const text = `FROM alpine\n${'RUN echo hello && apt-get install -y curl\n'.repeat(260_000)}`;
    assert.ok(text.length > 10 * 1024 * 1024 && text.length > DEFAULT_MAX_LENGTH);
    const result = within(2000, '/project/Dockerfile', 'dockerfile', text);
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(f.code, INTERNAL_CODE);
    assert.equal(f.level, 'info');
    assert.match(f.message, /did not check this file: it is 10\.\d MB, over the 5\.0 MB limit/);
    assert.deepEqual(f.range.start, { line: 0, character: 0 });
  });

  it('a 10 MB Compose file is not checked either — 2 s', () => {
    const text = `services:\n${'  # padding padding padding padding padding padding padding\n'.repeat(180_000)}`;
    const result = within(2000, '/project/compose.yaml', 'compose', text);
    assert.deepEqual(result.findings.map((f) => [f.code, f.level]), [[INTERNAL_CODE, 'info']]);
  });

  it('a 1 MB single RUN line — 15 s', () => {
    within(15_000, '/project/Dockerfile', 'dockerfile', `FROM alpine:3.20\nUSER app\nRUN echo "${'ab'.repeat(512 * 1024)}"\n`);
  });

  it('a 1 MB single YAML line — 10 s', () => {
    within(10_000, '/project/compose.yaml', 'compose', `services:\n  web:\n    image: "${'a'.repeat(1024 * 1024)}"\n    user: "1000"\n`);
  });

  it('2,000 services — 15 s', () => {
    let text = 'services:\n';
    for (let i = 0; i < 2000; i++) text += `  s${i}:\n    image: registry.example.com/team/app:1.${i}\n    user: "1000"\n    read_only: true\n`;
    const result = within(15_000, '/project/compose.yaml', 'compose', text);
    assert.ok(result.findings.length >= 2000, 'every service is checked');
  });

  it('a 2,000-line heredoc and a 4,000-line unterminated one — 10 s each', () => {
    within(10_000, '/project/Dockerfile', 'dockerfile', `FROM alpine\nRUN <<EOF\n${'echo line $i && make build\n'.repeat(2000)}EOF\nUSER app\n`);
    within(10_000, '/project/Dockerfile', 'dockerfile', `FROM alpine\nRUN <<EOF\n${'echo line\n'.repeat(4000)}`);
  });
});
