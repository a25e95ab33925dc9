import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { unifiedDiff } from '../../server/src/cli/diff.js';

it('writes hunks with context that `patch` applies', () => {
  const a = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n';
  const b = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nK\nl\nm\n';
  const diff = unifiedDiff('f', a, b);
  assert.equal(diff.split('\n').slice(0, 6).join('\n'), '--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n a\n-b\n+B');
  const dir = mkdtempSync(join(tmpdir(), 'bosun-diff-'));
  writeFileSync(join(dir, 'f'), a);
  writeFileSync(join(dir, 'p.diff'), diff);
  try {
    execFileSync('patch', ['-s', join(dir, 'f'), join(dir, 'p.diff')]);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // no patch(1) here: the exact text above still checks the format
    throw e;
  }
  assert.equal(readFileSync(join(dir, 'f'), 'utf8'), b);
});

it('is empty for equal texts and handles pure insertions at the end', () => {
  assert.equal(unifiedDiff('f', 'x\n', 'x\n'), '');
  assert.equal(unifiedDiff('f', 'x\n', 'x\ny\n'), '--- a/f\n+++ b/f\n@@ -1,1 +1,2 @@\n x\n+y\n');
});
