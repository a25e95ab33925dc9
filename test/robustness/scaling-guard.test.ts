/** The complexity guard itself (test/support/scaling.ts): it must pass a linear cost and fail a quadratic one, retries included. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLinear } from '../support/scaling.js';

/** Work proportional to `steps`, which the optimizer cannot drop (its result is used). */
let sink = 0;
function spin(steps: number): void {
  let s = 0;
  for (let i = 0; i < steps; i++) s = (s + i * 31) | 0;
  sink ^= s;
}

describe('the complexity guard', () => {
  it('passes a cost linear in n', () => {
    const g = assertLinear(
      'linear',
      (n) => n,
      (n) => spin(n * 2000),
      500,
    );
    assert.ok(g.ratio > 2, `the big run took longer: ${g.ratio}`);
  });

  it('fails a cost quadratic in n (every measure of it is over the bound)', () => {
    assert.throws(
      () =>
        assertLinear(
          'quadratic',
          (n) => n,
          (n) => spin(n * n),
          2000,
        ),
      // A quadratic cost grows about 16× for 4× the input; the bound is 8.
      /quadratic: .* \(at most 8 for a linear cost\)/,
    );
    assert.notEqual(sink, 0.5);
  });
});
