/** The text format written in pieces: what a big run prints is the same text, not held whole until the end. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Finding, lintText } from '../../rules/api.js';
import { formatText, styleFor, writeText } from '../../server/src/cli/format-text.js';
import type { RunReport } from '../../server/src/cli/report.js';

function reportOf(files: { display: string; count: number }[]): RunReport {
  const result = lintText('/p/Dockerfile', 'FROM alpine\n', 'dockerfile', { only: ['DF011'] });
  return {
    files: files.map(({ display, count }) => {
      const findings: Finding[] = Array.from({ length: count }, (_, i) => ({
        code: i % 2 ? 'DF011' : 'DC0040',
        rule: 'r',
        level: i % 3 ? 'warning' : 'hint',
        message: `message ${i}\twith a tab`,
        span: { start: 0, end: 1 },
        range: { start: { line: i, character: i % 7 }, end: { line: i, character: 9 } },
        related: [],
      }));
      return { target: { abs: `/p/${display}`, display, language: 'dockerfile' as const, explicit: true }, result, findings };
    }),
    skipped: [],
    failLevel: 'error',
    failed: true,
  };
}

describe('text format written in pieces', () => {
  it('a big run is handed over in several pieces that add up to the whole text', () => {
    const report = reportOf([
      { display: 'a/Dockerfile', count: 2500 },
      { display: 'empty/Dockerfile', count: 0 },
      { display: 'b/Dockerfile', count: 3 },
    ]);
    for (const style of [styleFor(false, {}), styleFor(false, { FORCE_COLOR: '1' })]) {
      const pieces: string[] = [];
      writeText(report, style, (t) => pieces.push(t));
      assert.ok(pieces.length > 1, 'written in more than one piece');
      assert.ok(
        pieces.every((p) => p.endsWith('\n')),
        'pieces end at line ends',
      );
      const text = pieces.join('');
      assert.equal(text, formatText(report, style));
      const lines = text.split('\n');
      // 2,500 + 3 findings, a blank line between the files and before the summary, the summary, the final newline.
      assert.equal(lines.length, 2503 + 2 + 1 + 1);
      assert.equal(lines[2500], '');
      assert.match(lines[0], /^a\/Dockerfile:1:1 {5}.*hint.*DC0040.*message 0\\twith a tab$/);
      assert.match(lines[2501], /^b\/Dockerfile:1:1 /);
    }
  });

  it('written as bytes (the CLI on stdout): the same text in UTF-8, each piece a buffer of its own, a long line whole', () => {
    const report = reportOf([
      { display: 'a/Dockerfile', count: 6000 },
      { display: 'b/Dockerfile', count: 3 },
    ]);
    // Non-ASCII messages (a rule's ellipsis, a service named in Greek) and one line longer than a piece.
    const findings = report.files[0].findings;
    findings[7].message = 'Pin it as image:tag@sha256:… (ελληνικά, 🐳)';
    findings[8].message = `long ${'x€'.repeat(400_000)}`;
    for (const style of [styleFor(false, {}), styleFor(false, { FORCE_COLOR: '1' })]) {
      const pieces: Uint8Array[] = [];
      writeText(
        report,
        style,
        () => assert.fail('text written as a string'),
        (b) => pieces.push(b),
      );
      assert.ok(pieces.length > 1, 'written in more than one piece');
      assert.equal(new Set(pieces.map((p) => p.buffer)).size, pieces.length, 'no buffer is handed over twice (a stream may still hold the last one)');
      assert.equal(Buffer.concat(pieces).toString('utf8'), formatText(report, style));
    }
  });

  it('a run without findings is one summary line', () => {
    const pieces: string[] = [];
    writeText(reportOf([{ display: 'a/Dockerfile', count: 0 }]), styleFor(false, {}), (t) => pieces.push(t));
    assert.deepEqual(pieces, ['No problems found in 1 file.\n']);
  });
});
