import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-host-ipc.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    { name: 'shareable and another service', code: 'services:\n  a:\n    ipc: shareable\n  b:\n    ipc: "service:a"\n  c:\n    ipc: private\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    ipc: ${MODE}\n' },
    { name: 'host under another key', code: 'services:\n  web:\n    labels:\n      ipc: host\n' },
    { name: 'an anchor nobody merges', code: 'x-h: &h\n  ipc: host\nservices:\n  web:\n    image: x\n' },
  ],
  invalid: [
    {
      name: 'ipc: host',
      code: 'services:\n  web:\n    image: x\n    ipc: host\n',
      errors: [{ messageId: 'host', line: 4, column: 5, endColumn: 8, level: 'warning', message: 'Service web' }],
      output: null,
    },
    {
      name: 'quoted, in a flow mapping, and from a default',
      code: 'services:\n  a: {ipc: "host"}\n  b:\n    ipc: ${MODE:-host}\n',
      errors: [
        { messageId: 'host', line: 2, column: 7 },
        { messageId: 'host', line: 4, column: 5 },
      ],
    },
    {
      name: 'merged from an anchor: reported at the alias',
      code: 'x-h: &h\n  ipc: host\nservices:\n  web:\n    <<: *h\n    image: x\n',
      errors: [{ messageId: 'host', line: 5, column: 9 }],
    },
  ],
});

describe('DC022 related information', () => {
  it('points a merged value at the anchor', () => {
    const code = 'x-h: &h\n  ipc: host\nservices:\n  web:\n    <<: *h\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC022'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 2]],
    );
  });
});
