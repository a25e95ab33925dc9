import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-host-reaching-cap-add.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    cap_add: [NET_BIND_SERVICE, SETUID, SETGID, CHOWN, NET_RAW]\n',
    { name: 'host-root and bounded tiers are other rules', code: 'services:\n  web:\n    cap_add: [SYS_ADMIN, SYS_PTRACE]\n' },
    { name: 'NET_ADMIN dropped, not added', code: 'services:\n  web:\n    cap_drop: [NET_ADMIN]\n' },
  ],
  invalid: [
    {
      name: 'every member, prefixed or not',
      code: 'services:\n  vpn:\n    cap_add:\n      - NET_ADMIN\n      - CAP_BPF\n      - perfmon\n      - SYS_BOOT\n      - SYS_TIME\n      - SYS_NICE\n      - IPC_LOCK\n      - LEASE\n      - SYSLOG\n',
      errors: [
        { messageId: 'capAdd', line: 4, column: 9, level: 'warning', message: 'adds NET_ADMIN: control of interfaces' },
        { messageId: 'capAdd', line: 5, column: 9, message: 'adds CAP_BPF' },
        { messageId: 'capAdd', line: 6, column: 9 },
        { messageId: 'capAdd', line: 7, column: 9 },
        { messageId: 'capAdd', line: 8, column: 9, message: 'host clock' },
        { messageId: 'capAdd', line: 9, column: 9 },
        { messageId: 'capAdd', line: 10, column: 9 },
        { messageId: 'capAdd', line: 11, column: 9 },
        { messageId: 'capAdd', line: 12, column: 9 },
      ],
      output: null,
    },
    {
      name: 'merged from an anchor',
      code: 'x-vpn: &vpn\n  cap_add: [NET_ADMIN]\nservices:\n  wg:\n    image: x\n    <<: *vpn\n',
      errors: [{ messageId: 'capAdd', line: 6, column: 9 }],
    },
  ],
});
