import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-oom-kill-disable.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    oom_kill_disable: false\n',
    { name: 'a raised score makes the service die first, which is fine', code: 'services:\n  web:\n    oom_score_adj: 500\n' },
    { name: 'score 0', code: 'services:\n  web:\n    oom_score_adj: 0\n' },
    { name: 'a variable', code: 'services:\n  web:\n    oom_kill_disable: ${NO_OOM}\n    oom_score_adj: ${OOM_ADJ}\n' },
  ],
  invalid: [
    {
      name: 'OOM killer disabled without a memory limit',
      code: 'services:\n  db:\n    image: postgres:16\n    oom_kill_disable: true\n',
      errors: [{ messageId: 'disabledNoLimit', line: 4, column: 23, level: 'warning' }],
      output: null,
    },
    {
      name: 'OOM killer disabled with a memory limit',
      code: 'services:\n  db:\n    image: postgres:16\n    mem_limit: 2g\n    oom_kill_disable: yes\n',
      errors: [{ messageId: 'disabled', line: 5, column: 23 }],
    },
    {
      name: 'a negative score',
      code: 'services:\n  db:\n    image: postgres:16\n    oom_score_adj: -900\n',
      errors: [{ messageId: 'scoreAdj', line: 4, column: 20, message: 'oom_score_adj: -900' }],
    },
    {
      name: 'both, from an anchor',
      code: 'x-vip: &vip\n  oom_kill_disable: true\n  oom_score_adj: -1000\nservices:\n  db:\n    <<: *vip\n    mem_limit: 1g\n',
      errors: [
        { messageId: 'disabled', line: 6, column: 9 },
        { messageId: 'scoreAdj', line: 6, column: 9 },
      ],
    },
  ],
});
