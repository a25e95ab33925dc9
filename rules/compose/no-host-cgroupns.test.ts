import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-host-cgroupns.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    { name: 'private cgroup namespace, and cgroup_parent is another rule', code: 'services:\n  a:\n    cgroup: private\n    cgroup_parent: host\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    cgroup: ${MODE}\n' },
    { name: 'host under another key', code: 'services:\n  web:\n    labels:\n      cgroup: host\n' },
    { name: 'an anchor nobody merges', code: 'x-h: &h\n  cgroup: host\nservices:\n  web:\n    image: x\n' },
  ],
  invalid: [
    {
      name: 'cgroup: host',
      code: 'services:\n  web:\n    image: x\n    cgroup: host\n',
      errors: [{ messageId: 'host', line: 4, column: 5, endColumn: 11, level: 'warning', message: 'Service web' }],
      output: null,
    },
    {
      name: 'quoted, in a flow mapping, and from a default',
      code: 'services:\n  a: {cgroup: "host"}\n  b:\n    cgroup: ${MODE:-host}\n',
      errors: [
        { messageId: 'host', line: 2, column: 7 },
        { messageId: 'host', line: 4, column: 5 },
      ],
    },
    {
      name: 'merged from an anchor: reported at the alias',
      code: 'x-h: &h\n  cgroup: host\nservices:\n  web:\n    <<: *h\n    image: x\n',
      errors: [{ messageId: 'host', line: 5, column: 9 }],
    },
  ],
});

describe('DC018 related information', () => {
  it('points a merged value at the anchor', () => {
    const code = 'x-h: &h\n  cgroup: host\nservices:\n  web:\n    <<: *h\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC018'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 2]],
    );
  });
});
