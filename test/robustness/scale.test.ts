/**
 * The scale sweep in small (`npm run scale` is the full one): for every structure a file can repeat
 * (test/support/structures.ts), the parse, each rule's check, the whole lint and each rule's fixes
 * must cost about 4× as much on 4n repetitions as on n. CPU time, the fastest of a few passes, and
 * a component over the bound is measured again before it fails (see test/support/scaling.ts); a
 * component that takes under FLOOR_MS at 4n is too small to be timed here.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { type Costs, judgingShift, measureCosts } from '../support/scale-sweep.js';
import { HANG_CEILING_MS } from '../support/scaling.js';
import { STRUCTURES, type Structure } from '../support/structures.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

/** n here: an eighth of the sweep's, so 4n is half of the sweep's smallest size. */
const CI_SHARE = 8;
const FACTOR = 4;
/** Linear: 4; quadratic: 16. */
const MAX_RATIO = 8;
const FLOOR_MS = 2;

function overBound(small: Costs, big: Costs): string[] {
  const over: string[] = [];
  for (const [component, ms] of big) {
    const before = small.get(component);
    if (before === undefined || ms < FLOOR_MS) continue;
    const ratio = ms / Math.max(before, 0.05);
    if (ratio > MAX_RATIO) over.push(`${component}: ${before.toFixed(2)} → ${ms.toFixed(2)} ms (×${ratio.toFixed(1)})`);
  }
  return over;
}

function growth(s: Structure): string[] {
  const n = Math.max(1, Math.round(s.n / CI_SHARE));
  const measure = () => overBound(measureCosts(s, n, 3), measureCosts(s, n * FACTOR, 3));
  const first = measure();
  if (!first.length) return [];
  // Measured again: only what is over the bound both times counts.
  const again = new Set(measure().map((o) => o.split(':')[0]));
  return first.filter((o) => again.has(o.split(':')[0]));
}

before(() => loadShellGrammar());

describe('every rule, model and fix costs time linear in the size of what it reads', () => {
  for (const s of STRUCTURES) {
    it(`${s.language}: ${s.name}`, { timeout: HANG_CEILING_MS }, () => {
      assert.deepEqual(growth(s), [], `×${FACTOR} the ${s.name} costs more than ×${MAX_RATIO}`);
    });
  }
});

describe("the sweep's second look at a component over the target (npm run scale)", () => {
  const options = { judgeMs: 40, maxShift: 5, setupLimitMs: 4000 };
  it('grows a small component until it takes judgeMs at 4m', () => {
    assert.equal(judgingShift(2, 10, options), 5); // 2 ms at 4n: 32n would take 64 ms; capped at 2^5
    assert.equal(judgingShift(6, 10, options), 3); // 6 → 48 ms at 8·4n
    assert.equal(judgingShift(30, 10, options), 1); // 60 ms at 2·4n
  });
  it('is measured again at a bigger size even when it is already slow (looks risky, is fine: a second look, not a kinder one)', () => {
    assert.equal(judgingShift(500, 500, options), 1);
  });
  it('stops growing where the lint of the file (a fix’s set-up) would take over setupLimitMs', () => {
    assert.equal(judgingShift(1, 600, options), 2); // lint 600 ms at 4n: 2400 at 4·4n, 4800 at 8·4n
  });
});
