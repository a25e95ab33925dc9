import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-cpu-limit.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    cpus: 0.5\n',
    { name: 'deploy limits', code: 'services:\n  web:\n    deploy:\n      resources:\n        limits:\n          cpus: "1"\n' },
    { name: 'a CFS quota', code: 'services:\n  web:\n    cpu_quota: 50000\n    cpu_period: 100000\n' },
    { name: 'a relative weight (CIS 5.12)', code: 'services:\n  web:\n    cpu_shares: 512\n' },
    { name: 'pinned to cores; cpuset "0" is CPU 0, not "no limit"', code: 'services:\n  web:\n    cpuset: "0"\n' },
    { name: 'a variable', code: 'services:\n  web:\n    cpus: ${WEB_CPUS:-1}\n' },
    { name: 'through extends', code: 'services:\n  base:\n    cpus: 1\n  web:\n    extends: {service: base}\n' },
  ],
  invalid: [
    {
      name: 'no CPU limit; fix adds cpus with a placeholder',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, level: 'hint' }],
      fixTitle: 'Add cpus: "1.0"',
      safe: false,
      output: 'services:\n  web:\n    image: nginx:1.27\n    cpus: "1.0"\n',
    },
    {
      name: 'deploy limits with memory only',
      code: 'services:\n  web:\n    deploy:\n      resources:\n        limits: {memory: 1G}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web:\n    deploy:\n      resources:\n        limits: {memory: 1G, cpus: "1.0"}\n',
    },
    {
      name: 'cpus: 0 means no limit',
      code: 'services:\n  web:\n    cpus: 0\n',
      errors: [{ messageId: 'unlimited', line: 3, column: 11 }],
      output: null,
    },
    {
      name: 'a cpu_quota of -1 means no limit',
      code: 'services:\n  web:\n    cpu_quota: -1\n',
      errors: [{ messageId: 'unlimited', line: 3, column: 16, message: 'cpu_quota: -1' }],
    },
  ],
});
