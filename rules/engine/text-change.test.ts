import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FUZZ_SEED } from '../../test/fuzz/seed.js';
import { changeBetween, moveOffset } from './text-change.js';

/** The obvious character loop the fast version must agree with. */
function slowChange(a: string, b: string) {
  const max = Math.min(a.length, b.length);
  let start = 0;
  while (start < max && a[start] === b[start]) start++;
  let tail = 0;
  while (tail < max - start && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { start, oldEnd: a.length - tail, newEnd: b.length - tail };
}

describe('changeBetween', () => {
  it('finds the one changed part, also in long texts and repeated characters', () => {
    const long = 'FROM alpine\n'.repeat(2000);
    assert.deepEqual(changeBetween(long, `${long.slice(0, 9000)}x${long.slice(9000)}`), { start: 9000, oldEnd: 9000, newEnd: 9001 });
    // Inserting into a run of equal characters: the prefix runs as far as it can, the suffix does not overlap it.
    assert.deepEqual(changeBetween('aaaa', 'aaaaa'), { start: 4, oldEnd: 4, newEnd: 5 });
    assert.deepEqual(changeBetween('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
  });

  it('agrees with a character-by-character comparison on random edits', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.nat(), fc.nat(40), fc.string({ maxLength: 40 }), (text, at, remove, insert) => {
        const i = at % (text.length + 1);
        const edited = text.slice(0, i) + insert + text.slice(i + remove);
        assert.deepEqual(changeBetween(text, edited), slowChange(text, edited));
      }),
      { numRuns: 2000, seed: FUZZ_SEED },
    );
  });

  it('moves offsets after the change and not those before; inside it they have no place', () => {
    const change = { start: 10, oldEnd: 12, newEnd: 15 };
    assert.equal(moveOffset(change, 5), 5);
    assert.equal(moveOffset(change, 12), 15);
    assert.equal(moveOffset(change, 11), undefined);
    assert.equal(moveOffset(change, 10, true), 10, 'a span ending where the change starts keeps its end');
  });
});
