/**
 * Hostile inputs (a workspace is written by an attacker): a YAML alias "billion laughs" bomb, 10,000-deep nesting (YAML flow and
 * block, shell command substitution, variable defaults), a 10 MB Dockerfile (over the size cap: one
 * info finding, nothing else), 1 MB single lines, thousands of services, long and unterminated
 * heredocs. Each is checked for what it must find, and for its cost: the same input grown 4× must
 * cost about 4× as much (a ratio measured in this process, see test/support/scaling.ts), never
 * against a wall-clock budget — a busy machine slows both sizes alike, a quadratic path does not.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { INTERNAL_CODE, type LanguageId, type LintResult, lintText } from '../../rules/api.js';
import { DEFAULT_MAX_LENGTH } from '../../rules/engine/lint.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertLinear, withinHangCeiling } from '../support/scaling.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

function lintChecked(path: string, language: LanguageId, text: string): LintResult {
  const result = lintText(path, text, language);
  assert.deepEqual(result.errors, [], 'no rule and no parser failed');
  // Every finding is placed inside the text.
  for (const f of result.findings) assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start <= f.span.end);
  return result;
}

/** Lints the input of size n once (checked), then asserts the cost grows linearly from n to 4n. */
function linear(what: string, path: string, language: LanguageId, make: (n: number) => string, n: number): LintResult {
  const result = lintChecked(path, language, make(n * 4));
  assertLinear(what, make, (text) => lintText(path, text, language), n, { samples: 2 });
  return result;
}

const DF = '/project/Dockerfile';
const DC = '/project/compose.yaml';

describe('hostile inputs cost time linear in their size', () => {
  it('a YAML "billion laughs" bomb (9 levels of 9 aliases: 387 million nodes if expanded)', () => {
    const bomb = (levels: number) => {
      let yaml = 'x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
      for (let i = 1; i <= levels; i++)
        yaml += `x-l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]\n`;
      yaml += 'x-m0: &m0\n  privileged: true\n';
      for (let i = 1; i <= levels; i++) yaml += `x-m${i}: &m${i}\n${Array.from({ length: 9 }, (_, j) => `  k${j}: *m${i - 1}`).join('\n')}\n  <<: *m${i - 1}\n`;
      return `${yaml}services:\n  web:\n    <<: *m${levels}\n    image: alpine:3.20\n    command: *l${levels}\n    environment: *l${levels}\n  copy: *m${levels}\n`;
    };
    // A model that expanded the aliases would never answer: only the hang ceiling applies.
    const result = withinHangCeiling('alias bomb', () => lintChecked(DC, 'compose', bomb(9)));
    assert.ok(result.findings.length < 200, `${result.findings.length} findings: aliases are not expanded`);
    assert.ok(
      result.findings.some((f) => f.code === 'DC001'),
      'privileged: true through nine merges is still found',
    );
  });

  it('10,000-deep YAML flow sequences and mappings', () => {
    linear('[[[…]]]', DC, 'compose', (n) => `services:\n  web:\n    image: alpine\n    command: ${'['.repeat(n)}${']'.repeat(n)}\n`, 2500);
    linear('{a: {a: …}}', DC, 'compose', (n) => `services:\n  web:\n    image: alpine\n    labels: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`, 2500);
  });

  it('10,000-deep block sequences and 1,000-deep indented mappings', () => {
    linear('- - - …', DC, 'compose', (n) => `services:\n  web:\n    image: alpine\n    command: ${'- '.repeat(n)}x\n`, 2500);
    // Indentation grows with depth, so the text is quadratic in the depth: grow the text, not the depth.
    const nested = (n: number) => {
      let text = 'services:\n';
      for (let s = 0; s < n / 50; s++) {
        text += `  s${s}:\n    image: alpine\n    labels:\n`;
        for (let i = 0; i < 50; i++) text += `${' '.repeat(6 + i)}k${i}:\n`;
      }
      return text;
    };
    linear('services with 50-deep mappings', DC, 'compose', nested, 250);
  });

  it('10,000-deep shell nesting and variable defaults in a Dockerfile', () => {
    linear('$($(…))', DF, 'dockerfile', (n) => `FROM alpine\nRUN ${'$('.repeat(n)}${')'.repeat(n)}\n`, 2500);
    linear('${A:-${A:-…}}', DF, 'dockerfile', (n) => `ARG A=${'${A:-'.repeat(n)}x${'}'.repeat(n)}\nFROM alpine:$A\n`, 2500);
  });

  it('commands, tags and words named like Object.prototype keys make no rule fail', () => {
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
    const runs = names.map((n) => `RUN ${n} install ${n} && ${n} http://example.com/${n} | ${n} -c ${n}\n`).join('');
    const tags = names.map((n, i) => `FROM node:${n} AS s${i}\nFROM debian:12-${n}\n`).join('');
    const result = lintChecked(DF, 'dockerfile', `${tags}${runs}USER 1000\n`);
    // And what is checked still is: the fetch over plain HTTP piped into a shell-named command is not hidden by the names.
    assert.ok(result.findings.length > 0);
  });

  it('a 10 MB Dockerfile is not checked: one info finding says why, and nothing is parsed', () => {
    const text = `FROM alpine\n${'RUN echo hello && apt-get install -y curl\n'.repeat(260_000)}`;
    assert.ok(text.length > 10 * 1024 * 1024 && text.length > DEFAULT_MAX_LENGTH);
    const result = lintChecked(DF, 'dockerfile', text);
    assert.equal(result.model, undefined, 'the file is not parsed');
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(f.code, INTERNAL_CODE);
    assert.equal(f.level, 'info');
    assert.match(f.message, /did not check this file: it is 10\.\d MB, over the 5\.0 MB limit/);
    assert.deepEqual(f.range.start, { line: 0, character: 0 });
  });

  it('a 10 MB Compose file is not checked either', () => {
    const text = `services:\n${'  # padding padding padding padding padding padding padding\n'.repeat(180_000)}`;
    const result = lintChecked(DC, 'compose', text);
    assert.equal(result.model, undefined, 'the file is not parsed');
    assert.deepEqual(
      result.findings.map((f) => [f.code, f.level]),
      [[INTERNAL_CODE, 'info']],
    );
  });

  it('a 1 MB single RUN line', () => {
    linear('RUN echo "abab…"', DF, 'dockerfile', (n) => `FROM alpine:3.20\nUSER app\nRUN echo "${'ab'.repeat(n)}"\n`, 128 * 1024);
  });

  it('a 1 MB single YAML line', () => {
    // From 1 MB on: the yaml library builds a double-quoted scalar one character at a time, and
    // below about 1 MB that string's garbage dies young (cheap), so 256 KB → 1 MB grows ×10 although
    // 1 → 2 → 4 MB grows linearly.
    linear('image: "aaa…"', DC, 'compose', (n) => `services:\n  web:\n    image: "${'a'.repeat(n)}"\n    user: "1000"\n`, 1024 * 1024);
  });

  it('2,000 services', () => {
    const services = (n: number) => {
      let text = 'services:\n';
      for (let i = 0; i < n; i++) text += `  s${i}:\n    image: registry.example.com/team/app:1.${i}\n    user: "1000"\n    read_only: true\n`;
      return text;
    };
    const result = linear('services', DC, 'compose', services, 500);
    assert.ok(result.findings.length >= 2000, 'every service is checked');
  });

  it('a 2,000-line heredoc and a 4,000-line unterminated one', () => {
    linear('RUN <<EOF', DF, 'dockerfile', (n) => `FROM alpine\nRUN <<EOF\n${'echo line $i && make build\n'.repeat(n)}EOF\nUSER app\n`, 500);
    linear('RUN <<EOF, no EOF', DF, 'dockerfile', (n) => `FROM alpine\nRUN <<EOF\n${'echo line\n'.repeat(n)}`, 1000);
  });
});
