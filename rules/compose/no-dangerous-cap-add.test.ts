import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-dangerous-cap-add.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n',
    { name: 'SYS_ADMIN in cap_drop looks risky but is fine', code: 'services:\n  web:\n    cap_drop: [SYS_ADMIN]\n' },
    { name: 'CAP_ALL is rejected by Docker, not a grant', code: 'services:\n  web:\n    cap_add: [CAP_ALL]\n' },
    { name: 'lesser tiers are other rules', code: 'services:\n  web:\n    cap_add: [NET_ADMIN, SYS_PTRACE]\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    cap_add: ["${CAP}"]\n' },
    { name: 'an anchor nobody merges', code: 'x-a: &a\n  cap_add: [SYS_ADMIN]\nservices:\n  web:\n    image: x\n' },
    { name: 'the service overrides the merged list', code: 'x-a: &a\n  cap_add: [SYS_ADMIN]\nservices:\n  web:\n    <<: *a\n    cap_add: [CHOWN]\n' },
  ],
  invalid: [
    {
      name: 'each item at its own place, with CAP_ prefix and any case',
      code: 'services:\n  fuse:\n    image: x\n    cap_add:\n      - CAP_SYS_ADMIN\n      - sys_module\n      - "SYS_RAWIO"\n      - all\n',
      errors: [
        { messageId: 'capAdd', line: 5, column: 9, endColumn: 22, level: 'error', message: 'adds CAP_SYS_ADMIN: mount, namespace' },
        { messageId: 'capAdd', line: 6, column: 9, message: 'adds sys_module: loading kernel modules' },
        { messageId: 'capAdd', line: 7, column: 9, message: 'adds SYS_RAWIO' },
        { messageId: 'capAdd', line: 8, column: 9, message: 'adds all: every capability' },
      ],
      output: null,
    },
    {
      name: 'flow list and a default value',
      code: 'services:\n  web: {cap_add: [CHOWN, "${CAP:-SYS_ADMIN}"]}\n',
      errors: [{ messageId: 'capAdd', line: 2, column: 26 }],
    },
    {
      name: 'merged from an anchor: reported at each alias',
      code: 'x-a: &a\n  cap_add: [SYS_ADMIN]\nservices:\n  a:\n    <<: *a\n  b:\n    <<: *a\n',
      errors: [
        { messageId: 'capAdd', line: 5, column: 9, message: 'Service a adds SYS_ADMIN' },
        { messageId: 'capAdd', line: 7, column: 9, message: 'Service b adds SYS_ADMIN' },
      ],
    },
    {
      name: 'a cap_add list written as an alias',
      code: 'x-caps: &caps [SYS_ADMIN]\nservices:\n  a:\n    cap_add: *caps\n',
      errors: [{ messageId: 'capAdd', line: 4, column: 14 }],
    },
  ],
});

describe('DC011 related information', () => {
  it('points a merged capability at the item in the anchor', () => {
    const code = 'x-a: &a\n  cap_add: [SYS_ADMIN]\nservices:\n  a:\n    <<: *a\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC011'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character, r.message]),
      [[1, 12, 'SYS_ADMIN is added here and merged into a']],
    );
  });
});
