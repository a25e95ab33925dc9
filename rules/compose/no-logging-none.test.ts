import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-logging-none.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n',
    { name: 'no logging key: the daemon default', code: 'services:\n  web:\n    image: nginx:1.27\n' },
    { name: 'a variable', code: 'services:\n  web:\n    logging:\n      driver: ${LOG_DRIVER}\n' },
    { name: '"none" as an option value is not the driver', code: 'services:\n  web:\n    logging:\n      driver: local\n      options: {compress: "none"}\n' },
  ],
  invalid: [
    {
      name: 'driver none as the only key: the fix removes logging',
      code: 'services:\n  web:\n    image: nginx:1.27\n    logging:\n      driver: none  # too chatty\n    restart: "no"\n',
      errors: [{ messageId: 'none', line: 5, column: 15, level: 'info' }],
      fixTitle: 'Remove the none logging driver',
      safe: false,
      output: 'services:\n  web:\n    image: nginx:1.27\n    restart: "no"\n',
    },
    {
      name: 'driver none next to other keys: only the driver goes',
      code: 'services:\n  web:\n    logging:\n      options: {}\n      driver: "none"\n',
      errors: [{ messageId: 'none', line: 5, column: 15 }],
      output: 'services:\n  web:\n    logging:\n      options: {}\n',
    },
    {
      name: 'a flow logging mapping',
      code: 'services:\n  web:\n    image: nginx:1.27\n    logging: {driver: none}\n',
      errors: [{ messageId: 'none', line: 4, column: 23 }],
      output: 'services:\n  web:\n    image: nginx:1.27\n',
    },
    {
      name: 'the version-2 log_driver key',
      code: 'services:\n  web:\n    log_driver: none\n    image: nginx:1.27\n',
      errors: [{ messageId: 'none', line: 3, column: 17 }],
      output: 'services:\n  web:\n    image: nginx:1.27\n',
    },
    {
      name: 'from an anchor: reported at the merge alias, no fix',
      code: 'x-quiet: &quiet\n  logging:\n    driver: none\nservices:\n  web:\n    <<: *quiet\n',
      errors: [{ messageId: 'none', line: 6, column: 9 }],
      output: null,
    },
  ],
});
