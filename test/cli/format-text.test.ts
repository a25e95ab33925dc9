/** The text format written in pieces: what a big run prints is the same text, not held whole until the end. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Finding, lintText } from '../../rules/api.js';
import { digitCount, formatText, type Style, styleFor, writeText } from '../../server/src/cli/format-text.js';
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

/** writeText's pieces when it is handed a byte sink (it must not write strings then). */
function bytePieces(report: RunReport, style: Style): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  writeText(
    report,
    style,
    () => assert.fail('text written as a string'),
    (b) => pieces.push(b),
  );
  return pieces;
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
      const pieces = bytePieces(report, style);
      assert.ok(pieces.length > 1, 'written in more than one piece');
      assert.equal(new Set(pieces.map((p) => p.buffer)).size, pieces.length, 'no buffer is handed over twice (a stream may still hold the last one)');
      assert.equal(Buffer.concat(pieces).toString('utf8'), formatText(report, style));
    }
  });

  it('written as bytes: paths outside ASCII or with control characters, locations of every width, lined up as in the text', () => {
    const report = reportOf([
      { display: 'dïr/Dockerfile', count: 120 },
      { display: 'x\x1b[31m/\u202eDockerfile', count: 2 },
      { display: '🐳/Dockerfile', count: 11 },
    ]);
    const findings = report.files[0].findings;
    findings[3].range.start = { line: 99_999, character: 1_234 };
    findings[4].range.start = { line: 9, character: 9 };
    findings[5].message = 'a \x1b]0;title\x07 and \u2028 escaped';
    for (const style of [styleFor(false, {}), styleFor(false, { FORCE_COLOR: '1' })]) {
      const pieces = bytePieces(report, style);
      const text = Buffer.concat(pieces).toString('utf8');
      assert.equal(text, formatText(report, style));
      const lines = text.split('\n');
      assert.ok(lines[3].startsWith('dïr/Dockerfile:100000:1235  '), lines[3]);
      // Every location of the file is padded to the widest one: the levels start in one column.
      const levelAt = new Set(lines.slice(0, 120).map((l) => l.search(/(hint|warning)/)));
      assert.equal(levelAt.size, 1, [...levelAt].join());
      assert.ok(lines[121].startsWith('x\\x1b[31m/\\u{202e}Dockerfile:1:1 '), lines[121]);
      assert.match(lines[5], /a \\x1b\]0;title\\x07 and \\u\{2028\} escaped$/);
    }
  });

  it('counts the digits of a line or column number', () => {
    assert.deepEqual(
      [0, 1, 9, 10, 99, 100, 12_345, 999_999, 1_000_000, 2 ** 40].map(digitCount),
      [0, 1, 9, 10, 99, 100, 12_345, 999_999, 1_000_000, 2 ** 40].map((n) => String(n).length),
    );
  });

  it('a run without findings is one summary line', () => {
    const pieces: string[] = [];
    writeText(reportOf([{ display: 'a/Dockerfile', count: 0 }]), styleFor(false, {}), (t) => pieces.push(t));
    assert.deepEqual(pieces, ['No problems found in 1 file.\n']);
  });
});
