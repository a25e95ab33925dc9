/**
 * Costs that grow with the number of findings stay linear. Each guard compares a run with a run
 * four times as big, in CPU time (test/support/scaling.ts): a linear cost gives a ratio near 4
 * (less, with fixed costs), a quadratic one near 16. Before the
 * change: `--fix` checked each safe fix by re-linting the whole file (ratio 16.9 at 150 → 600
 * `RUN sudo` lines), and so did JSON/SARIF output for every finding's "fixable" (16.0 at 150 → 600
 * services). Text output with more than ~120,000 findings in one file crashed (a spread into
 * Math.max overflowed the call stack).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type Finding, fixAllSafe, lintText } from '../../rules/api.js';
import { formatJson } from '../../server/src/cli/format-json.js';
import { formatSarif } from '../../server/src/cli/format-sarif.js';
import { formatText, styleFor } from '../../server/src/cli/format-text.js';
import type { FileReport, RunReport } from '../../server/src/cli/report.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertLinear } from '../support/scaling.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

/**
 * Asserts that `cost` grows linearly from n to 4n: CPU time, several interleaved samples (see
 * test/support/scaling.ts), not the wall clock of one run. Each run starts from the text (a lint
 * result caches its fix verdicts, so a second format of the same result would measure the cache).
 */
function ratio(label: string, cost: (n: number) => unknown, n: number): void {
  assertLinear(label, (size) => size, cost, n);
}

const dockerfile = (n: number) => `FROM alpine:3.20\n${'RUN sudo apk add curl\n'.repeat(n)}`;
const compose = (n: number) => `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    image: alpine:3.20\n`).join('')}`;

function composeReport(n: number): RunReport {
  const result = lintText('/p/compose.yaml', compose(n), 'compose', { only: ['DC003'] });
  const file: FileReport = { target: { abs: '/p/compose.yaml', display: 'compose.yaml', language: 'compose', explicit: true }, result, findings: result.findings };
  return { files: [file], skipped: [], failLevel: 'error', failed: false };
}

describe('costs that grow with findings are linear', () => {
  it('--fix (fixAllSafe): n vs 4n safe findings', () => {
    ratio(
      '--fix',
      (n) => {
        const fixed = fixAllSafe(dockerfile(n), (t) => lintText('/p/Dockerfile', t, 'dockerfile', { only: ['DF011'] }));
        assert.equal(fixed.applied, n, 'every sudo removed');
      },
      150,
    );
  });

  it('--format json: n vs 4n findings with a safe fix', () => {
    ratio(
      'json',
      (n) => {
        const out = JSON.parse(formatJson(composeReport(n), '0'));
        assert.equal(out.files[0].findings.filter((f: { fixable: string }) => f.fixable === 'safe').length, n);
      },
      150,
    );
  });

  it('--format sarif: n vs 4n findings with a safe fix', () => {
    ratio(
      'sarif',
      (n) => {
        const out = JSON.parse(formatSarif(composeReport(n), '0', '/p'));
        assert.equal(out.runs[0].results.filter((r: { fixes?: unknown[] }) => r.fixes?.length).length, n);
      },
      150,
    );
  });

  it('text output of 130,000 findings in one file', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    const findings: Finding[] = Array.from({ length: 130_000 }, (_, i) => ({
      code: 'DF011',
      rule: 'no-sudo',
      level: 'warning',
      message: 'sudo',
      span: { start: 0, end: 1 },
      range: { ...range, start: { line: i, character: 0 } },
      related: [],
    }));
    const result = lintText('/p/Dockerfile', 'FROM alpine\n', 'dockerfile', { only: ['DF011'] });
    const report: RunReport = {
      files: [{ target: { abs: '/p/Dockerfile', display: 'Dockerfile', language: 'dockerfile', explicit: true }, result, findings }],
      skipped: [],
      failLevel: 'error',
      failed: false,
    };
    const out = formatText(report, styleFor(false, {}));
    assert.equal(out.split('\n').length, 130_000 + 3);
  });
});
