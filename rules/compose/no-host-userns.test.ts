import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-host-userns.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    { name: 'a user namespace of its own', code: 'services:\n  a:\n    userns_mode: "keep-id"\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    userns_mode: ${MODE}\n' },
    { name: 'host under another key', code: 'services:\n  web:\n    labels:\n      userns_mode: host\n' },
    { name: 'an anchor nobody merges', code: 'x-h: &h\n  userns_mode: host\nservices:\n  web:\n    image: x\n' },
  ],
  invalid: [
    {
      name: 'userns_mode: host',
      code: 'services:\n  web:\n    image: x\n    userns_mode: host\n',
      errors: [{ messageId: 'host', line: 4, column: 5, endColumn: 16, level: 'info', message: 'Service web' }],
      output: null,
    },
    {
      name: 'quoted, in a flow mapping, and from a default',
      code: 'services:\n  a: {userns_mode: "host"}\n  b:\n    userns_mode: ${MODE:-host}\n',
      errors: [
        { messageId: 'host', line: 2, column: 7 },
        { messageId: 'host', line: 4, column: 5 },
      ],
    },
    {
      name: 'merged from an anchor: reported at the alias',
      code: 'x-h: &h\n  userns_mode: host\nservices:\n  web:\n    <<: *h\n    image: x\n',
      errors: [{ messageId: 'host', line: 5, column: 9 }],
    },
  ],
});

describe('DC024 related information', () => {
  it('points a merged value at the anchor', () => {
    const code = 'x-h: &h\n  userns_mode: host\nservices:\n  web:\n    <<: *h\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC024'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 2]],
    );
  });
});
