/**
 * The V8 flags the CLI sets at start (server/src/cli/v8-flags.ts), checked in a child process: V8
 * flags are process-wide and the young generation's sizing cannot be undone in this one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { CLI_V8_FLAGS } from '../../server/src/cli/v8-flags.js';
import { HANG_CEILING_MS } from '../support/scaling.js';

/** Keeps allocating objects that survive and prints each size the young generation ("new_space") takes. */
const YOUNG_GENERATION_SIZES = `
const v8 = require('node:v8');
if (process.argv[1]) v8.setFlagsFromString(process.argv[1]);
const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
const sizes = [size()];
const kept = [];
while (kept.length < 2e6) {
  kept.push({ n: kept.length, children: [] });
  if (kept.length % 1000 === 0 && size() !== sizes[sizes.length - 1]) sizes.push(size());
}
console.log(JSON.stringify(sizes));
`;

/** Optimizes a function that calls a small one and prints what the optimizing compiler traced about inlining. */
const INLINING_TRACE = `
const v8 = require('node:v8');
if (process.argv[1]) v8.setFlagsFromString(process.argv[1]);
function add(a, b) { return a + b; }
function sum(n) { let s = 0; for (let i = 0; i < n; i++) s = add(s, i); return s; }
%PrepareFunctionForOptimization(sum);
sum(10);
sum(10);
%OptimizeFunctionOnNextCall(sum);
sum(10);
`;

function inlinedInto(flags: string): string[] {
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--trace-turbo-inlining', '-e', INLINING_TRACE, '--', flags], {
    encoding: 'utf8',
    timeout: HANG_CEILING_MS,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => /^Inlining .*SharedFunctionInfo add/.test(l));
}

function youngGenerationSizes(flags: string): number[] {
  const r = spawnSync(process.execPath, ['-e', YOUNG_GENERATION_SIZES, '--', flags], { encoding: 'utf8', timeout: HANG_CEILING_MS });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as number[];
}

describe('the CLI V8 flags', () => {
  it('keep the shell grammar on the baseline compiler', () => {
    assert.match(CLI_V8_FLAGS, /(^| )--liftoff-only( |$)/);
  });

  it('keep the optimizing compiler from inlining, also when set after start as the CLI does', () => {
    // Node's own default inlines the small function, so that the test stays able to fail.
    assert.equal(inlinedInto('').length, 1);
    assert.deepEqual(inlinedInto(CLI_V8_FLAGS), []);
  });

  it('grow the young generation to its full size at once, where node doubles it step by step', () => {
    const usual = youngGenerationSizes('');
    const cli = youngGenerationSizes(CLI_V8_FLAGS);
    const full = Math.max(...usual);
    assert.equal(Math.max(...cli), full, `${cli}`);
    // Node's own steps, so that the test stays able to fail: 1, 2, 4, 8, 16, 32 MB.
    assert.ok(usual.length >= 5, `${usual}`);
    // The first growth may be node's usual doubling; the next reaches the full size (a shrink later,
    // which V8 may do on a busy machine, does not matter here).
    assert.ok(cli.indexOf(full) <= 2, `${cli}`);
  });
});
