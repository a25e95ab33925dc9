import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-cgroup-parent.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    { name: 'an empty value keeps the default', code: 'services:\n  web:\n    cgroup_parent: ""\n' },
    { name: 'a variable that may be empty', code: 'services:\n  web:\n    cgroup_parent: ${CGROUP_PARENT}\n' },
    {
      name: 'a .env that empties the variable decides over the default',
      code: 'services:\n  web:\n    cgroup_parent: ${PARENT-m-executor-abcd}\n',
      files: { '.env': 'PARENT=\n' },
    },
    { name: 'cgroup (the namespace) is another key', code: 'services:\n  web:\n    cgroup: private\n' },
  ],
  invalid: [
    {
      name: 'a default is what ships',
      code: 'services:\n  web:\n    cgroup_parent: ${PARENT:-m-executor-abcd}\n',
      errors: [{ messageId: 'cgroupParent', line: 3, column: 20, message: 'runs under cgroup_parent m-executor-abcd' }],
    },
    {
      name: 'a custom parent, reported at the value',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cgroup_parent: /system.slice\n',
      errors: [{ messageId: 'cgroupParent', line: 4, column: 20, level: 'info', message: 'runs under cgroup_parent /system.slice' }],
      output: null,
    },
    {
      name: 'from an anchor',
      code: 'x-c: &c\n  cgroup_parent: custom\nservices:\n  web:\n    <<: *c\n',
      errors: [{ messageId: 'cgroupParent', line: 5, column: 9 }],
    },
  ],
});
