import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, before, beforeEach, mock, test } from 'node:test';
import { IdleCompaction } from '../../server/src/lsp/idle-compaction';
import { SERVER_NODE_FLAGS } from '../../server/src/launch-options';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const MiB = 2 ** 20;

// The quiet periods are simulated: mock timers move time on exactly, however busy the machine is.
beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());
const sleep = (ms: number) => mock.timers.tick(ms);

test('compacts once after a quiet period; activity postpones it', () => {
  let collected = 0;
  let size = 40 * MiB;
  const idle = new IdleCompaction({ idleMs: 60, collect: () => ((size = 15 * MiB), collected++), heapSize: () => size });
  idle.touch();
  for (let i = 0; i < 5; i++) {
    sleep(25);
    idle.touch(); // typing: never quiet for 60 ms
  }
  assert.equal(collected, 0);
  sleep(120);
  assert.equal(collected, 1);
  sleep(120);
  assert.equal(collected, 1, 'nothing new happened: no second compaction');
  size = 30 * MiB; // typing again: the heap grows
  idle.touch();
  sleep(120);
  assert.equal(collected, 2);
  idle.dispose();
});

test('a heap that has barely grown since the last compaction is left alone, however full it looks', () => {
  let collected = 0;
  let size = 20 * MiB;
  const idle = new IdleCompaction({ idleMs: 10, collect: () => collected++, heapSize: () => size });
  idle.touch();
  sleep(60);
  assert.equal(collected, 1, 'the first quiet period compacts (start-up garbage)');
  size += 3 * MiB; // a hover: a little allocation
  idle.touch();
  sleep(60);
  assert.equal(collected, 1);
  size += 2 * MiB; // more typing: 5 MiB above the last compaction
  idle.touch();
  sleep(60);
  assert.equal(collected, 2);
  assert.equal(idle.runs, 2);
});

test('dispose cancels a pending compaction', () => {
  let collected = 0;
  const idle = new IdleCompaction({ idleMs: 10, collect: () => collected++, heapSize: () => 40 * MiB });
  idle.touch();
  idle.dispose();
  sleep(60);
  assert.equal(collected, 0);
});

/**
 * Runs in a child with the server's heap flags: leaves a fragmented heap (pages that each keep a
 * few survivors, as a lint's leftovers do), then reports the unused old space after a plain full
 * GC and after the idle compaction.
 */
const FRAGMENT_AND_COMPACT = `
const { getHeapSpaceStatistics, setFlagsFromString } = require('node:v8');
const { runInNewContext } = require('node:vm');
const { IdleCompaction } = require(${JSON.stringify(join(__dirname, '../../server/src/lsp/idle-compaction.ts'))});
const unused = () => {
  const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return (old.space_size - old.space_used_size) / 2 ** 20;
};
const survivors = [];
let batch = [];
for (let i = 0; i < 300; i++) {
  const objects = [];
  for (let j = 0; j < 20000; j++) {
    const o = { j, s: 's' + j };
    objects.push(o);
    if (j % 50 === 0) survivors.push(o);
  }
  batch.push(objects);
  if (batch.length > 8) batch.shift();
}
batch = [];
setFlagsFromString('--expose-gc');
runInNewContext('gc')();
const plain = unused();
const idle = new IdleCompaction({ idleMs: 10 });
idle.touch();
setTimeout(() => console.log(JSON.stringify({ plain, compacted: unused(), runs: idle.runs, survivors: survivors.length })), 300);
`;

test("this runtime's V8 really gives the pages back (the flags it relies on still work)", () => {
  const out = execFileSync(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', '-e', FRAGMENT_AND_COMPACT], { encoding: 'utf8', cwd: join(__dirname, '../..') });
  const r = JSON.parse(out) as { plain: number; compacted: number; runs: number };
  assert.equal(r.runs, 1, 'the compaction ran');
  // How much a plain full GC leaves depends on how far V8's concurrent sweeping got (a busy machine:
  // less): the case is a real one when it leaves a good deal, and the compaction gives most of it back.
  assert.ok(r.plain > 8, `a plain full GC leaves the pages (${r.plain.toFixed(1)} MiB unused): the case is a real one`);
  assert.ok(r.compacted < Math.min(4, r.plain / 3), `compacted: ${r.compacted.toFixed(1)} MiB of old space unused (${r.plain.toFixed(1)} after a plain GC)`);
});
