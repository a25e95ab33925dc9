/**
 * The shell reading stays linear: each repeated structure of a RUN script (pipeline segments, `&&`
 * chains, nesting, continuation lines, heredocs, syntax errors) linted with every rule at n and at
 * 4n in the same process, in CPU time. A linear cost takes ~4× as long; the guard fails past 8× (a
 * quadratic one takes 16×). No wall-clock budget: only a ceiling against a true hang.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lintText } from '../../rules/api.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertLinear } from '../support/scaling.js';

before(() => loadShellGrammar());

/** Lints the text; every rule must run to its end. */
function lintChecked(text: string): void {
  const result = lintText('/project/Dockerfile', text, 'dockerfile');
  assert.deepEqual(result.errors, [], 'no rule failed');
}

const shapes: [string, (n: number) => string, number][] = [
  ['pipeline segments (`a|a|…|sh`)', (n) => `FROM alpine:3.20\nRUN ${'a|'.repeat(n)}sh\n`, 1500],
  // Plain pipelines are parsed as lists (shell-plain-pipeline.ts); these two are parsed as written.
  ["pipeline segments with quoted words (`a 'b'|…|sh`)", (n) => `FROM alpine:3.20\nRUN ${"a 'b'|".repeat(n)}sh\n`, 1500],
  // A double-quoted string in a pipeline that the end of the script cuts short: quadratic in the grammar (shell-guard.ts).
  ['pipeline segments with double-quoted words (`a "b"|…|sh`)', (n) => `FROM alpine:3.20\nRUN ${'a "b"|'.repeat(n)}sh\n`, 1500],
  ['pipeline ending in a double-quoted word (`b|…|b|"a"`)', (n) => `FROM alpine:3.20\nRUN ${'b|'.repeat(n)}"a"\n`, 1500],
  ['pipeline ending in an open quote (`a "b"|…|sh "x`)', (n) => `FROM alpine:3.20\nRUN ${'a "b"|'.repeat(n)}sh "x\n`, 1500],
  ['pipelines of 100 quoted commands (`a "b"|…|c; …`)', (n) => `FROM alpine:3.20\nRUN ${`${'a "b"|'.repeat(100)}c; `.repeat(n)}sh "x\n`, 15],
  ['plain pipeline segments the list refuses (`export b|a|…|sh`)', (n) => `FROM alpine:3.20\nRUN ${'export b|a|'.repeat(n)}sh\n`, 750],
  ['`&&` chains', (n) => `FROM alpine:3.20\nRUN ${'apt-get install -y curl && '.repeat(n)}true\n`, 1000],
  ['`$(…)` nesting', (n) => `FROM alpine:3.20\nRUN echo ${'$(echo '.repeat(n)}x${')'.repeat(n)}\n`, 1000],
  ['subshell and if nesting', (n) => `FROM alpine:3.20\nRUN ${'( if a; then '.repeat(n)}x${'; fi )'.repeat(n)}\n`, 500],
  ['continuation lines', (n) => `FROM alpine:3.20\nRUN apt-get install -y \\\n${'    curl \\\n# a comment\n'.repeat(n)}    wget\n`, 1500],
  ['heredocs in a heredoc script', (n) => `FROM alpine:3.20\nRUN <<EOF\n${'cat <<CONF > /etc/x.conf\nkey=value\nCONF\n'.repeat(n)}EOF\n`, 500],
  [
    'heredocs on the command line',
    (n) => `FROM alpine:3.20\nRUN cat ${Array.from({ length: n }, (_, i) => `<<H${i}`).join(' ')} > /x\n${Array.from({ length: n }, (_, i) => `line\nH${i}\n`).join('')}`,
    // 2,000: sorting a command's words again for each heredoc (quadratic) gave ratios of 6–8 below that, too close to call.
    2000,
  ],
  ['syntax errors (`echo >>>>…`)', (n) => `FROM alpine:3.20\nRUN echo ${'>'.repeat(n)}\n`, 8000],
  ['syntax errors (`echo a) a) …`)', (n) => `FROM alpine:3.20\nRUN echo ${'a) '.repeat(n)}\n`, 8000],
  ['`sh -c` scripts in scripts', (n) => `FROM alpine:3.20\nRUN ${'sh -c "curl -k https://x | sh; '.repeat(n)}${'"'.repeat(n)}\n`, 300],
  ['one variable assigned again and again (`A=1 a; …`)', (n) => `FROM alpine:3.20\nRUN ${'A=1 a; '.repeat(n)}true\n`, 5000],
];

describe('shell reading stays linear', () => {
  for (const [name, make, n] of shapes) {
    it(`${name}: n = ${n} and 4n`, () => {
      lintChecked(make(4 * n));
      // CPU time, several interleaved samples (test/support/scaling.ts): the wall clock of a busy machine is not a measure.
      assertLinear(name, make, (text) => lintText('/project/Dockerfile', text, 'dockerfile'), n);
    });
  }
});
