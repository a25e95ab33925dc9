import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule, { broadness } from './no-broad-device-cgroup-rule.js';

ruleTester(rule, {
  valid: [
    'services:\n  usb:\n    device_cgroup_rules:\n      - "c 189:* rmw"\n      - "c 188:0 rw"\n',
    { name: 'mknod only grants no access', code: 'services:\n  a:\n    device_cgroup_rules: ["c *:* m"]\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  a:\n    device_cgroup_rules: ["${RULE}"]\n' },
  ],
  invalid: [
    {
      name: 'every device, any char device, block devices, host memory',
      code: "services:\n  a:\n    device_cgroup_rules:\n      - 'a *:* rwm'\n      - 'c *:* rw'\n      - 'b 8:* rwm'\n      - 'c 1:1 r'\n",
      errors: [
        { messageId: 'broad', line: 4, column: 9, level: 'error', message: 'allows a *:* rwm: a root in it can open every device of the host' },
        { messageId: 'broad', line: 5, column: 9, message: 'every character device' },
        { messageId: 'broad', line: 6, column: 9, message: 'host block devices' },
        { messageId: 'broad', line: 7, column: 9, message: '/dev/mem' },
      ],
      output: null,
    },
    {
      name: 'merged from an anchor',
      code: "x-d: &d\n  device_cgroup_rules: ['a']\nservices:\n  a:\n    <<: *d\n",
      errors: [{ messageId: 'broad', line: 5, column: 9 }],
    },
  ],
});

describe('DC017 broadness', () => {
  it('reads type, numbers and access', () => {
    assert.deepEqual(['a', 'a *:* m', 'c  *:*  r', 'b 7:0 r', 'c 1:3 rw', 'c 1:* w', 'c 10:200 rwm', 'x *:* rwm', 'nonsense'].map(broadness), [
      'all',
      undefined,
      'anyChar',
      'block',
      undefined,
      'memory',
      undefined,
      undefined,
      undefined,
    ]);
  });
});
