import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FUZZ_SEED } from '../../test/fuzz/seed.js';
import { EditSet, normaliseEdits } from './fixer.js';
import type { Edit } from './types.js';

describe('EditSet', () => {
  const edit = fc.tuple(fc.nat(12), fc.nat(3), fc.constantFrom('', 'x', 'yy')).map(([start, len, text]): Edit => ({ start, end: start + len, text }));
  const fix = fc.array(edit, { minLength: 0, maxLength: 3 }).filter((edits) => normaliseEdits(edits).length === edits.length);

  it('keeps a fix exactly when normaliseEdits would keep all of it with the fixes kept before', () => {
    fc.assert(
      fc.property(fc.array(fix, { maxLength: 12 }), (fixes) => {
        const set = new EditSet();
        const reference: Edit[] = [];
        for (const f of fixes) {
          const expected = normaliseEdits([...reference, ...f]).length === reference.length + f.length;
          assert.equal(set.tryAdd(f), expected, JSON.stringify({ reference, f }));
          if (expected) reference.push(...f);
          assert.deepEqual(set.edits, normaliseEdits(reference));
        }
      }),
      { numRuns: 2000, seed: FUZZ_SEED },
    );
  });

  it('two insertions at one point are kept in the order they came; an insertion then a replacement there is not', () => {
    const set = new EditSet();
    assert.equal(set.tryAdd([{ start: 5, end: 5, text: 'a' }]), true);
    assert.equal(set.tryAdd([{ start: 5, end: 5, text: 'b' }]), true);
    assert.equal(set.tryAdd([{ start: 5, end: 7, text: 'c' }]), false);
    assert.equal(
      set.tryAdd([
        { start: 1, end: 2, text: 'd' },
        { start: 4, end: 6, text: 'e' },
      ]),
      false,
      'a fix is kept whole or not at all',
    );
    assert.deepEqual(
      set.edits.map((e) => e.text),
      ['a', 'b'],
    );
  });
});
