import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EnvLookup, dotEnvLookup, interpolate, parseDotEnv } from './compose-interpolate.js';

const env: EnvLookup = (n) => ({ SET: 'v', EMPTY: '', UNSET: null }) [n as 'SET'];

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
    ['${NOPE:-fallback}', 'fallback', true],
    ['${NOPE:+alt}', '', true],
    ['${NOPE:-${SET}}', 'v', true],
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

  it('never nests without bound', () => {
    const deep = `${'${A:-'.repeat(50)}x${'}'.repeat(50)}`;
    assert.equal(interpolate(deep, () => undefined).unknown, true);
  });
});

describe('.env files', () => {
  it('parses the dotenv forms Compose accepts', () => {
    const text = [
      '# comment',
      'A=1',
      'export B = two words  # trailing comment',
      "C='single $A # kept'",
      'D="double ${A}\\n$$x \\$y"',
      'E: colon',
      'F',
      'G=${A}-${NOPE}',
      'H="multi',
      'line"',
      'I=with#hash',
      '',
    ].join('\n');
    const entries = parseDotEnv(text);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e.value]));
    assert.deepEqual(byName, {
      A: '1',
      B: 'two words',
      C: 'single $A # kept',
      D: 'double 1\n$x $y',
      E: 'colon',
      F: undefined,
      G: undefined,
      H: 'multi\nline',
      I: 'with#hash',
    });
    assert.equal(entries.find((e) => e.name === 'B')?.line, 2);
    const lookup = dotEnvLookup(entries);
    assert.equal(lookup('A'), '1');
    assert.equal(lookup('F'), undefined);
    assert.equal(lookup('ZZZ'), undefined);
  });

  it('handles CRLF and a BOM', () => {
    assert.deepEqual(parseDotEnv('\uFEFFA=1\r\nB=2\r\n').map((e) => [e.name, e.value]), [['A', '1'], ['B', '2']]);
  });
});
