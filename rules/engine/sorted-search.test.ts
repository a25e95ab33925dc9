import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstNotBefore } from './sorted-search.js';

/** The answer by a walk from the start, for comparison. */
const byWalk = (list: number[], before: (x: number) => boolean) => {
  const i = list.findIndex((x) => !before(x));
  return i < 0 ? list.length : i;
};

describe('firstNotBefore', () => {
  it('finds lower and upper bounds among repeated keys', () => {
    const list = [1, 3, 3, 3, 7];
    assert.equal(
      firstNotBefore(list.length, (i) => list[i] < 3),
      1,
      'lower bound: the first 3',
    );
    assert.equal(
      firstNotBefore(list.length, (i) => list[i] <= 3),
      4,
      'upper bound: after the last 3',
    );
    assert.equal(
      firstNotBefore(list.length, (i) => list[i] < 0),
      0,
      'before everything',
    );
    assert.equal(
      firstNotBefore(list.length, (i) => list[i] < 100),
      5,
      'after everything',
    );
    assert.equal(
      firstNotBefore(0, () => true),
      0,
      'empty',
    );
  });

  it('agrees with a walk on every key of seeded sorted lists', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 40; n++) {
      const list = Array.from({ length: n }, () => next() % 10).sort((a, b) => a - b);
      for (let key = -1; key <= 10; key++) {
        assert.equal(
          firstNotBefore(list.length, (i) => list[i] < key),
          byWalk(list, (x) => x < key),
        );
        assert.equal(
          firstNotBefore(list.length, (i) => list[i] <= key),
          byWalk(list, (x) => x <= key),
        );
      }
    }
  });

  it('looks at about log2(n) elements', () => {
    let looks = 0;
    const list = Array.from({ length: 1 << 16 }, (_, i) => i);
    firstNotBefore(list.length, (i) => (looks++, list[i] < 40_000));
    assert.ok(looks <= 17, `${looks} looks`);
  });
});
