import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-bounded-cap-add.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    cap_add: [NET_BIND_SERVICE]\n',
    { name: 'the stronger tiers are other rules', code: 'services:\n  web:\n    cap_add: [SYS_ADMIN, NET_ADMIN]\n' },
    { name: 'DAC_OVERRIDE is a Docker default, adding it changes nothing', code: 'services:\n  web:\n    cap_add: [DAC_OVERRIDE]\n' },
  ],
  invalid: [
    {
      name: 'SYS_PTRACE and DAC_READ_SEARCH',
      code: 'services:\n  debug:\n    cap_add: [SYS_PTRACE, cap_dac_read_search]\n',
      errors: [
        { messageId: 'capAdd', line: 3, column: 15, level: 'info', message: 'adds SYS_PTRACE: tracing' },
        { messageId: 'capAdd', line: 3, column: 27, message: 'adds cap_dac_read_search' },
      ],
      output: null,
    },
  ],
});
