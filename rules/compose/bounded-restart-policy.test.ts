import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './bounded-restart-policy.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    restart: on-failure:5\n',
    { name: 'fewer retries', code: 'services:\n  web:\n    restart: "on-failure:3"\n' },
    { name: 'no restart at all (the default) does not loop', code: 'services:\n  web:\n    image: nginx:1.27\n' },
    { name: 'restart "no"', code: 'services:\n  web:\n    restart: "no"\n' },
    { name: 'a variable', code: 'services:\n  web:\n    restart: ${RESTART_POLICY}\n' },
    { name: 'deploy policy with max_attempts', code: 'services:\n  web:\n    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 3\n' },
    { name: 'max_attempts from an unset variable', code: 'services:\n  web:\n    deploy:\n      restart_policy:\n        max_attempts: ${ATTEMPTS}\n' },
    { name: 'deploy policy that never restarts', code: 'services:\n  web:\n    deploy:\n      restart_policy: {condition: none}\n' },
  ],
  invalid: [
    {
      name: 'deploy max_attempts: 0 is no limit',
      code: 'services:\n  web:\n    deploy:\n      restart_policy:\n        condition: on-failure\n        max_attempts: 0\n',
      errors: [{ messageId: 'deployZero', line: 6, column: 23, level: 'hint', message: 'max_attempts: 0, which means no limit' }],
    },
    {
      name: 'deploy max_attempts above the bound',
      code: 'services:\n  web:\n    deploy:\n      restart_policy: {max_attempts: 50}\n',
      errors: [{ messageId: 'deployTooMany', line: 4, column: 38 }],
    },
    {
      name: 'unless-stopped: reported at the value; fix sets on-failure:5',
      code: 'services:\n  web:\n    image: nginx:1.27\n    restart: unless-stopped  # survive reboots\n',
      errors: [{ messageId: 'unbounded', line: 4, column: 14, endColumn: 28, level: 'hint', message: 'restart: unless-stopped, which restarts it forever' }],
      fixTitle: 'Set restart: on-failure:5',
      safe: false,
      output: 'services:\n  web:\n    image: nginx:1.27\n    restart: on-failure:5  # survive reboots\n',
    },
    {
      name: 'always, quoted: quotes kept',
      code: "services:\n  web:\n    restart: 'always'\n",
      errors: [{ messageId: 'unbounded', line: 3, column: 14 }],
      output: "services:\n  web:\n    restart: 'on-failure:5'\n",
    },
    {
      name: 'on-failure without a count retries forever',
      code: 'services:\n  web: {image: nginx, restart: on-failure}\n',
      errors: [{ messageId: 'unbounded', line: 2, column: 32 }],
      output: 'services:\n  web: {image: nginx, restart: "on-failure:5"}\n',
    },
    {
      name: 'too many retries',
      code: 'services:\n  web:\n    restart: on-failure:20\n',
      errors: [{ messageId: 'tooMany', line: 3, column: 14 }],
      output: 'services:\n  web:\n    restart: on-failure:5\n',
    },
    {
      name: 'from an anchor: at the merge alias, no fix (the anchor is shared)',
      code: 'x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n',
      errors: [{ messageId: 'unbounded', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'deploy policy without max_attempts',
      code: 'services:\n  web:\n    deploy:\n      restart_policy:\n        condition: any\n',
      errors: [{ messageId: 'deployUnbounded', line: 4, column: 7, message: 'condition any' }],
      output: null,
    },
  ],
});
