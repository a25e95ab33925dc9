import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayText, type EnvLookup, hasUnknown, interpolate, NO_VARIABLES, UNREADABLE } from './compose-interpolate.js';

const env: EnvLookup = (n) => ({ SET: 'v', EMPTY: '', UNSET: null, FROM_SHELL: UNREADABLE })[n as 'SET'];

describe('compose interpolation', () => {
  const cases: [string, string, boolean][] = [
    ['plain', 'plain', false],
    ['${SET}', 'v', false],
    ['$SET/x', 'v/x', false],
    ['${SET:-d}', 'v', false],
    ['${EMPTY:-d}', 'd', false],
    ['${EMPTY-d}', '', false],
    ['${UNSET-d}', 'd', false],
    ['${UNSET}', '', false],
    ['${SET:+alt}', 'alt', false],
    ['${EMPTY:+alt}', '', false],
    ['${EMPTY+alt}', 'alt', false],
    ['$$SET and $${SET}', '$SET and ${SET}', false],
    ['cost $5', 'cost $5', false],
    ['${NOPE}', '', true],
    ['$NOPE', '', true],
    // The policy: a default is what ships unless the project's variables say otherwise.
    ['${NOPE:-fallback}', 'fallback', false],
    ['${NOPE-fallback}', 'fallback', false],
    ['${NOPE:+alt}', '', true],
    ['${NOPE:-${SET}}', 'v', false],
    ['${NOPE:-${ALSO_NOPE}}', '', true],
    ['${FROM_SHELL:-fallback}', '', true],
    ['${EMPTY:-${SET:-x}}', 'v', false],
    ['${SET:?need it}', 'v', false],
  ];
  for (const [text, value, unknown] of cases) {
    it(`${text} → ${JSON.stringify(value)}${unknown ? ' (unknown)' : ''}`, () => {
      const r = interpolate(text, env);
      assert.equal(r.value, value);
      assert.equal(r.unknown, unknown);
      assert.deepEqual(r.errors, []);
    });
  }

  it('reports required variables known to be empty or unset', () => {
    assert.deepEqual(interpolate('${EMPTY:?set EMPTY}', env).errors, [{ name: 'EMPTY', message: 'set EMPTY' }]);
    assert.deepEqual(interpolate('${UNSET?}', env).errors, [{ name: 'UNSET', message: 'required variable UNSET is missing a value' }]);
    // `?` without colon accepts an empty value.
    assert.deepEqual(interpolate('${EMPTY?x}', env).errors, []);
    // Unknown is not an error: the deploy environment may set it.
    const r = interpolate('${NOPE:?x}', env);
    assert.deepEqual([r.errors, r.unknown], [[], true]);
  });

  it('flags invalid templates as errors and unknown', () => {
    for (const t of ['${}', '${1X}', '${A B}', '${X:0:2}', '${OPEN']) {
      const r = interpolate(t, env);
      assert.ok(r.errors.length === 1 && r.unknown, t);
    }
  });

  it('lists the variables used', () => {
    assert.deepEqual(interpolate('$A ${B:-$C} ${A}', () => undefined).variables, ['A', 'B', 'C']);
    // A default that is not used is not read.
    assert.deepEqual(interpolate('${B:-$C}', () => 'x').variables, ['B']);
  });

  it('marks where unknown parts go, and shows them as ${NAME}', () => {
    const r = interpolate('${HOST:-0.0.0.0}:${PORT}:80', NO_VARIABLES);
    assert.deepEqual([r.value, r.unknown, hasUnknown(r.marked), displayText(r.marked)], ['0.0.0.0::80', true, true, '0.0.0.0:${PORT}:80']);
    assert.equal(interpolate('${HOST:-0.0.0.0}:8080:80', NO_VARIABLES).marked, '0.0.0.0:8080:80');
  });

  it('never nests without bound', () => {
    const deep = `${'${A:-'.repeat(50)}x${'}'.repeat(50)}`;
    assert.equal(interpolate(deep, () => undefined).unknown, true);
  });
});
