import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNREADABLE } from './compose-interpolate.js';
import { dotEnvLookup, overlay, parseDotEnv } from './dotenv.js';

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
    assert.equal(lookup('F'), UNREADABLE);
    assert.equal(lookup('ZZZ'), undefined);
  });

  it('handles CRLF and a BOM', () => {
    assert.deepEqual(
      parseDotEnv('\uFEFFA=1\r\nB=2\r\n').map((e) => [e.name, e.value]),
      [
        ['A', '1'],
        ['B', '2'],
      ],
    );
  });
});

describe('overlay', () => {
  it('reads the first lookup, then the second for what the first does not set', () => {
    const a = dotEnvLookup(parseDotEnv('A=1\n'));
    const b = dotEnvLookup(parseDotEnv('A=2\nB=3\n'));
    const both = overlay(a, b);
    assert.deepEqual(['A', 'B', 'C'].map(both), ['1', '3', undefined]);
  });
});
