import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-pids-limit.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    pids_limit: 200\n',
    { name: 'deploy limits', code: 'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          pids: 100\n' },
    { name: 'a variable', code: 'services:\n  web:\n    pids_limit: ${PIDS}\n' },
    { name: 'from an anchor', code: 'x-l: &l\n  pids_limit: 100\nservices:\n  web:\n    <<: *l\n' },
  ],
  invalid: [
    {
      name: 'no limit; fix adds pids_limit with a placeholder',
      code: 'services:\n  web:\n    image: nginx:1.27\n  # the database\n  db:\n    image: postgres:16\n    pids_limit: 100\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, level: 'hint' }],
      fixTitle: 'Add pids_limit: 256',
      safe: false,
      output: 'services:\n  web:\n    image: nginx:1.27\n    pids_limit: 256\n  # the database\n  db:\n    image: postgres:16\n    pids_limit: 100\n',
    },
    {
      name: '-1 means unlimited',
      code: 'services:\n  web:\n    pids_limit: -1\n',
      errors: [{ messageId: 'unlimited', line: 3, column: 17, message: 'pids_limit: -1' }],
      output: null,
    },
    {
      name: 'unlimited through an anchor: at the merge alias',
      code: 'x-l: &l\n  pids_limit: -1\nservices:\n  web:\n    <<: *l\n',
      errors: [{ messageId: 'unlimited', line: 5, column: 9 }],
    },
    {
      name: 'deploy limits without pids: the fix adds it there',
      code: 'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n          pids: 256\n',
    },
  ],
});
