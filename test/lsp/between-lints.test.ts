/**
 * The young generation collected between keystrokes (server/src/lsp/between-lints.ts): after an
 * edit's diagnostics are written, once the event loop has read what arrived meanwhile, and only when
 * no other lint is due and the young generation is filling up. The turns of the event loop are
 * simulated with mock timers.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { BetweenLints } from '../../server/src/lsp/between-lints.js';

const nextTurn = () => mock.timers.tick(1);

function setup(fill: number) {
  const state = { fill, collected: 0 };
  const between = new BetweenLints({ collect: () => state.collected++, youngFill: () => state.fill });
  return { state, between };
}

describe('collecting the young generation between lints', () => {
  // Scoped to this suite: the unit stage runs every test file in one process (test/support/in-process.ts).
  beforeEach(() => mock.timers.enable({ apis: ['setImmediate'] }));
  afterEach(() => mock.timers.reset());

  test('after diagnostics go out, a filling young generation is collected on the next turn, once', () => {
    const { state, between } = setup(0.6);
    between.published(() => false);
    between.published(() => false); // two documents published in the same turn: one collection
    assert.equal(state.collected, 0, 'not in the turn that writes the diagnostics');
    nextTurn();
    assert.equal(state.collected, 1);
    nextTurn();
    assert.equal(state.collected, 1, 'nothing more until the next publication');
  });

  test('a keystroke that arrived meanwhile goes first: no collection while a lint is due', () => {
    const { state, between } = setup(0.9);
    let due = false;
    between.published(() => due);
    due = true; // read in the same turn: its lint is scheduled
    nextTurn();
    assert.equal(state.collected, 0);
  });

  test('a young generation that is nearly empty is left to V8', () => {
    const { state, between } = setup(0.1);
    between.published(() => false);
    nextTurn();
    assert.equal(state.collected, 0);
    state.fill = 0.3;
    between.published(() => false);
    nextTurn();
    assert.equal(state.collected, 1);
  });

  test("the runtime's own scavenge (gc({ type: 'minor' })) runs when asked", () => {
    const between = new BetweenLints({ youngFill: () => 1 });
    mock.timers.reset(); // a real turn of the event loop
    return new Promise<void>((resolve) => {
      between.published(() => false);
      setImmediate(() => {
        assert.equal(between.runs, 1);
        resolve();
      });
    });
  });
});
