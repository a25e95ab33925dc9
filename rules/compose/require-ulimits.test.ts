import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-ulimits.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    ulimits:\n      nofile:\n        soft: 20000\n        hard: 40000\n      nproc: 512\n',
    { name: 'from an anchor', code: 'x-u: &u\n  ulimits: {nproc: 256}\nservices:\n  web:\n    <<: *u\n' },
    { name: 'through extends', code: 'services:\n  base:\n    ulimits: {nproc: 256}\n  web:\n    extends: base\n' },
    { name: 'extends from another file', code: 'services:\n  web:\n    extends: {file: base.yaml, service: web}\n' },
  ],
  invalid: [
    {
      name: 'no ulimits',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, level: 'hint' }],
      output: null,
    },
  ],
});
