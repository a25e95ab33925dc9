import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule, { isRootUser } from './no-root-service-user.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n    user: "1000:1000"\n',
    { name: 'root group only looks risky but the user is not root', code: 'services:\n  web:\n    user: "1000:0"\n' },
    { name: 'a user name that contains root', code: 'services:\n  web:\n    user: rootless\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    user: "${UID}:${GID}"\n' },
    { name: 'no user: the image decides (DC080 checks the Dockerfile)', code: 'services:\n  web:\n    image: nginx\n' },
  ],
  invalid: [
    {
      name: 'user: root',
      code: 'services:\n  web:\n    image: nginx\n    user: root\n',
      errors: [{ messageId: 'root', line: 4, column: 5, endColumn: 9, level: 'warning', message: 'sets user: root, so it runs as root whatever USER its image chose' }],
      output: null,
    },
    {
      name: 'numeric forms',
      code: 'services:\n  a:\n    user: 0\n  b:\n    user: "0:0"\n  c:\n    user: root:root\n',
      errors: [
        { messageId: 'root', line: 3, column: 5 },
        { messageId: 'root', line: 5, column: 5, message: 'sets user: 0:0' },
        { messageId: 'root', line: 7, column: 5 },
      ],
    },
    {
      name: 'a default that is root',
      code: 'services:\n  web:\n    user: "${APP_UID:-0}:${APP_GID:-0}"\n',
      errors: [{ messageId: 'root', line: 3, column: 5 }],
    },
    {
      name: 'merged from an anchor',
      code: 'x-r: &r\n  user: root\nservices:\n  web:\n    <<: *r\n',
      errors: [{ messageId: 'root', line: 5, column: 9 }],
    },
  ],
});

describe('DC014 isRootUser', () => {
  it('reads user[:group]', () => {
    assert.deepEqual(['root', '0', '00', '0:1000', 'root:x', '1000', 'app', ' root '].map(isRootUser), [true, true, true, true, true, false, false, true]);
  });
});
