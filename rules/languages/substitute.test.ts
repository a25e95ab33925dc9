import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { substitute } from './substitute.js';

const vars: Record<string, string | null> = { A: 'a', EMPTY: '', NOVALUE: null };
const lookup = (name: string) => vars[name];

describe('substitute', () => {
  it('reads $VAR, ${VAR} and the default and alternative operators', () => {
    assert.deepEqual(substitute('x-$A-${A}', lookup), { value: 'x-a-a', unknown: false });
    assert.deepEqual(substitute('${B:-b}/${EMPTY:-e}/${EMPTY-e}/${A:+alt}/${B+alt}', lookup), { value: 'b/e//alt/', unknown: true });
    assert.deepEqual(substitute('$NOVALUE', lookup), { value: '', unknown: true });
  });

  it('keeps quotes by default (Compose), and a nested substitution closes at its own brace', () => {
    assert.deepEqual(substitute('${B:-"q"}', lookup, '$'), { value: '"q"', unknown: false });
    assert.deepEqual(substitute('${B:-${A}}x', lookup), { value: 'ax', unknown: false });
  });

  it('removes quotes inside a ${VAR:-word} word as BuildKit does, and a } in quotes does not close it', () => {
    assert.deepEqual(substitute('${B:-"supported"}', lookup, '\\', { quotes: 'words' }), { value: 'supported', unknown: false });
    assert.deepEqual(substitute("${B:-'q}x'}-", lookup, '\\', { quotes: 'words' }), { value: 'q}x-', unknown: false });
    assert.deepEqual(substitute('${B:-"$A"}', lookup, '\\', { quotes: 'words' }), { value: 'a', unknown: false });
    assert.deepEqual(substitute("${B:-'$A'}", lookup, '\\', { quotes: 'words' }), { value: '$A', unknown: false });
  });

  it('keeps top-level quotes with `words` and removes them with `all`', () => {
    assert.deepEqual(substitute('"x-$A"', lookup, '\\', { quotes: 'words' }), { value: '"x-a"', unknown: false });
    assert.deepEqual(substitute('"x-$A"', lookup, '\\', { quotes: 'all' }), { value: 'x-a', unknown: false });
    assert.deepEqual(substitute('a\\$A', lookup, '\\', { quotes: 'all' }), { value: 'a$A', unknown: false });
  });

  it('does not follow defaults nested deeper than real files nest them', () => {
    const deep = `${'${X:-'.repeat(5000)}v${'}'.repeat(5000)}`;
    assert.equal(substitute(deep, lookup, '\\', { quotes: 'words' }).unknown, true);
    assert.deepEqual(substitute('${X:-${Y:-${Z:-v}}}', lookup), { value: 'v', unknown: false });
  });

  it('marks what it cannot read as unknown', () => {
    assert.equal(substitute('${A%x}', lookup).unknown, true);
    assert.equal(substitute('${A:-x', lookup).unknown, true);
    assert.equal(substitute('"open', lookup, '\\', { quotes: 'all' }).unknown, true);
  });
});
