/**
 * Regular expressions audited for catastrophic backtracking (they run on hostile text). Every regex literal in
 * rules/** is run on adversarial strings (runs of 10,000 of the characters and words it repeats,
 * ending in a character that makes it fail late) under a V8 interrupt. Most answer in microseconds
 * and pass at once; any that takes longer is timed again on a run eight times as long, and is slow
 * if the time grew by more than a linear cost allows (a quadratic regex grows 64×, an exponential one
 * never answers). No verdict depends on how fast the machine is, only on how the time grows. (A big
 * step, from 10,000 up: a linear regex's time per character can still double between 10,000 and
 * 40,000 characters — caches, V8's tiers — which a 4× step would mistake for a quadratic cost.)
 * Globs from the workspace (`.bosun.yaml`) go through the non-backtracking matcher, checked here
 * against the native RegExp on random patterns and on the patterns that hang a RegExp.
 */
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { lintText } from '../../rules/api.js';
import { globMatcher, globSource } from '../../rules/engine/glob.js';
import { safeRegExp } from '../../rules/engine/safe-regex.js';
import { packageSpec } from '../../rules/knowledge/package-managers.js';
import { classifySecretPath } from '../../rules/knowledge/secret-files.js';
import { FUZZ_SEED } from '../fuzz/seed.js';
import { assertLinear, measureGrowth } from '../support/scaling.js';
import { type FoundRegex, adversarialStrings, inventory } from './regex-inventory.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const RUN = 10_000;
/**
 * Below this, a regex on a run is not timed further (a linear one takes microseconds): not a budget,
 * only what saves the growth measure for the few that need it. A busy machine makes more regexes
 * take the measure, never one fail.
 */
const SCREEN_MS = 2;
/** A run interrupted here took at least this long: against the small run's time, a ratio bound. */
const INTERRUPT_MS = 3000;
/** 8× the run may cost at most this much more (linear: 8, up to 16 with the effects above; quadratic: 64). */
const GROWTH = 8;
const MAX_RATIO = 24;

const context = vm.createContext({ re: /x/, s: '' });
const script = new vm.Script('re.lastIndex = 0; re.test(s); s.replace(re, "")');

/** Milliseconds the regex takes on `s` (test + replace), or Infinity when it is interrupted. */
function timeOn(re: RegExp, s: string): number {
  context.re = re;
  context.s = s;
  const t0 = performance.now();
  try {
    script.runInContext(context, { timeout: INTERRUPT_MS });
  } catch {
    return Number.POSITIVE_INFINITY;
  }
  return performance.now() - t0;
}

/**
 * The growth ratio from a run of `length` to one GROWTH times longer (interrupted runs count as
 * INTERRUPT_MS, a lower bound); 1 when even the long run is below SCREEN_MS (the first runs were
 * slowed by the machine: timing microseconds further would only measure noise).
 */
function growth(re: RegExp, make: (length: number) => string, length: number): number {
  const g = measureGrowth(make, (s) => Math.min(timeOn(re, s), INTERRUPT_MS), length, { factor: GROWTH, minSampleMs: 1 });
  return g.bigMs < SCREEN_MS ? 1 : g.ratio;
}

function slowOn(r: FoundRegex, run = RUN): string | undefined {
  const re = new RegExp(r.source, r.flags.replace(/[gy]/g, ''));
  const strings = adversarialStrings(r.source, run);
  for (let i = 0; i < strings.length; i++) {
    // The fastest of three (the first one also compiles the regex).
    if (timeOn(re, strings[i]) <= SCREEN_MS || timeOn(re, strings[i]) <= SCREEN_MS || timeOn(re, strings[i]) <= SCREEN_MS) continue;
    // The same string at other lengths: adversarialStrings keeps the order of its strings.
    const make = (length: number) => adversarialStrings(r.source, length)[i];
    const ratio = Math.min(growth(re, make, run), growth(re, make, run));
    if (ratio > MAX_RATIO) return `${JSON.stringify(`${strings[i].slice(0, 8)}…`)} (×${ratio.toFixed(1)} for ${GROWTH}× the length)`;
  }
  return undefined;
}

describe('regex audit: every regex literal in rules/**', () => {
  const found = inventory();

  it('finds the regex literals (the tokenizer is not lost)', () => {
    assert.ok(found.length > 300, `only ${found.length} regex literals found`);
    for (const r of found) assert.doesNotThrow(() => new RegExp(r.source, r.flags), `${r.file}:${r.line} /${r.source}/${r.flags}`);
  });

  it('flags a quadratic regex and passes a linear one that looks alike (the sweep can fail)', () => {
    // `\s+$` retries from every blank of a run that does not end the text; `^\s+` starts once.
    const at = (source: string): FoundRegex => ({ file: 'example.ts', line: 1, source, flags: '' });
    assert.match(slowOn(at('\\s+$'), 1500) ?? 'not flagged', /×\d+\.\d for 8× the length/);
    assert.equal(slowOn(at('^\\s+'), 1500), undefined);
  });

  it(`stays linear on runs of ${RUN.toLocaleString('en')} of the characters and words it repeats`, () => {
    const slow: string[] = [];
    for (const r of found) {
      const on = slowOn(r);
      if (on) slow.push(`${r.file}:${r.line} /${r.source}/${r.flags} on ${on}`);
    }
    assert.deepEqual(slow, []);
  });
});

/**
 * What the sweep above cannot see: scans written by hand where a regex was quadratic, regexes that are
 * slow only after a prefix (`_auth=` + blanks + `${`), and rules that were quadratic in the number of
 * words of a command. Each case took from a third of a second to 24 s before its fix; each is checked
 * for its answer at the full size and for a linear growth from a quarter of it (the lint cases
 * include parsing the file).
 */
describe('quadratic cases fixed by hand stay linear', () => {
  const N = 20_000;
  const lintOnly = (code: string, text: string) => lintText('/project/Dockerfile', text, 'dockerfile', { only: [code] }).findings.map((f) => f.code);
  const cases: { name: string; n: number; run: (n: number) => unknown; expected: unknown }[] = [
    { name: 'apt package name cut at `/` (a run of / on a line that is not the last)', n: N, run: (n) => packageSpec('apt', `a${'/'.repeat(n)}\n!`).kind, expected: 'unpinned' },
    { name: 'pip package name cut at `[` (a run of [ on a line that is not the last)', n: N, run: (n) => packageSpec('pip', `a${'['.repeat(n)}\n!`).kind, expected: 'unpinned' },
    { name: '.npmrc: `_auth=`, a run of blanks, then `${`', n: N, run: (n) => classifySecretPath('.npmrc', () => `_auth=${' '.repeat(n)}\${TOKEN}`), expected: undefined },
    {
      name: '.pypirc: `password=`, a run of blanks, then `${`',
      n: N,
      run: (n) => classifySecretPath('.pypirc', () => `password=${' '.repeat(n)}\${PASSWORD}`),
      expected: undefined,
    },
    {
      name: '.pypirc: blanks before a password on its own line are still read',
      n: N,
      run: (n) => classifySecretPath('.pypirc', () => `${'\n'.repeat(n)} \tpassword = hunter2`)?.kind,
      expected: 'registry-credentials',
    },
    { name: 'DF015 on `permit permit …` (doas.conf without nopass)', n: 10_000, run: (n) => lintOnly('DF015', `FROM alpine\nRUN echo "${'permit '.repeat(n)}"\n`), expected: [] },
    {
      name: 'DF015 still ends `permit … nopass` at the last nopass',
      n: 10_000,
      run: (n) => lintOnly('DF015', `FROM alpine\nRUN echo "${'permit '.repeat(n)}nopass"\n`),
      expected: ['DF015'],
    },
    {
      name: 'DF025 on `RUN echo >>>>…` (the rc-file check runs once per command, not per word)',
      n: N,
      run: (n) => lintOnly('DF025', `FROM alpine\nRUN echo ${'>'.repeat(n)}\n`),
      expected: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(c.run(c.n), c.expected);
      assertLinear(c.name, (n) => n, c.run, c.n / 4);
    });
  }
});

describe('globs from the workspace cannot hang the matcher', () => {
  const hostile: [string, string][] = [
    ['*a*a*a*a*a*a*a*a*b', 'a'.repeat(255)],
    ['**a**a**a**a**a**b', 'a'.repeat(4000)],
    ['**/**/**/**/**/**/x', `${'a/'.repeat(2000)}y`],
    ['{*a,*a}{*a,*a}{*a,*a}*b', 'a'.repeat(4000)],
  ];
  for (const [pattern, path] of hostile) {
    it(`${pattern} on ${path.length} characters answers in time linear in the path (a RegExp takes minutes)`, () => {
      const matcher = globMatcher(pattern)!;
      assert.equal(matcher.test(path), false);
      // The same path shape a quarter as long, then full length (the last character is what fails it).
      const cut = (n: number) => path.slice(0, n - 1) + path.slice(-1);
      assertLinear(pattern, cut, (p) => matcher.test(p), path.length / 4);
    });
  }

  it('matches exactly like the native RegExp on random patterns and paths (1,000 cases)', () => {
    const piece = fc.constantFrom('a', 'b', '/', '*', '**', '**/', '?', '[ab]', '[!a]', '{', '}', ',', '.', '-', '+', '(', ')', '|', '^', '$', '\\', '[');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.constantFrom('a', 'b', '/', '.', '-', '+', '(', '\n'), { maxLength: 10 }), (parts, chars) => {
        const pattern = parts.join('');
        const path = chars.join('');
        let native: RegExp;
        try {
          native = new RegExp(globSource(pattern));
        } catch {
          return; // an invalid class: the safe matcher treats the pattern as matching nothing
        }
        assert.equal(safeRegExp(globSource(pattern)).test(path), native.test(path), `${pattern} on ${JSON.stringify(path)}`);
      }),
      { numRuns: 1000, seed: FUZZ_SEED },
    );
  });

  it('rejects regex syntax it cannot run safely, so a new use is caught by its tests', () => {
    for (const source of ['(?=a)', '(a)\\1', 'a{2,3}', '\\bword', '(?<n>a)']) assert.throws(() => safeRegExp(source), SyntaxError, source);
  });
});
