import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-no-new-privileges.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n    security_opt:\n      - no-new-privileges:true\n',
    { name: 'no-new-privileges=true looks odd but is accepted', code: 'services:\n  web:\n    image: nginx\n    security_opt: ["no-new-privileges=true"]\n' },
    { name: 'the bare option', code: 'services:\n  web:\n    image: nginx\n    security_opt:\n    - label:disable\n    - no-new-privileges\n' },
    { name: 'false then true: the last one wins', code: 'services:\n  web:\n    security_opt: [no-new-privileges:false, no-new-privileges:1]\n' },
    { name: 'from an anchor through a merge', code: 'x-hardened: &hardened\n  security_opt: [no-new-privileges:true]\nservices:\n  web:\n    <<: *hardened\n    image: nginx\n' },
    { name: 'a variable that may set it', code: 'services:\n  web:\n    security_opt:\n      - ${SECURITY_OPT}\n' },
    { name: 'a default that sets it', code: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:${NNP:-true}\n' },
    { name: 'extends a service that sets it', code: 'services:\n  base:\n    image: x\n    security_opt: [no-new-privileges:true]\n  web:\n    extends: base\n' },
    { name: 'extends a service in another file (unknown)', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n' },
    { name: 'not a Compose file', code: 'web:\n  image: nginx\n' },
  ],
  invalid: [
    {
      name: 'no security_opt: reported at the service key, fix adds it after the last key',
      code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n  db:\n    image: postgres:16\n    security_opt: [no-new-privileges:true]\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3, endLine: 2, endColumn: 6, level: 'hint', message: 'Service web does not set' }],
      fixTitle: 'Add security_opt: no-new-privileges:true',
      safe: true,
      output:
        'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n    security_opt:\n      - no-new-privileges:true\n  db:\n    image: postgres:16\n    security_opt: [no-new-privileges:true]\n',
    },
    {
      name: 'a comment after the service key; sequences flush with their key; privileged is flagged too',
      code: 'services:\n  web: # frontend\n    image: nginx # pinned below\n    privileged: true\n    ports:\n    - "80:80"\n# end\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output:
        'services:\n  web: # frontend\n    image: nginx # pinned below\n    privileged: true\n    ports:\n    - "80:80"\n    security_opt:\n    - no-new-privileges:true\n# end\n',
      safe: true,
    },
    {
      name: 'CRLF and no final line break',
      code: 'services:\r\n  web:\r\n    image: nginx',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\r\n  web:\r\n    image: nginx\r\n    security_opt:\r\n      - no-new-privileges:true',
      safe: true,
    },
    {
      name: '4-space indentation',
      code: 'services:\n    web:\n        image: nginx\n',
      errors: [{ messageId: 'notSet', line: 2, column: 5 }],
      output: 'services:\n    web:\n        image: nginx\n        security_opt:\n            - no-new-privileges:true\n',
      safe: true,
    },
    {
      name: 'an empty service',
      code: 'services:\n  web:\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n',
      safe: true,
    },
    {
      name: 'a flow service mapping',
      code: 'services:\n  web: {image: nginx}\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\n  web: {image: nginx, security_opt: ["no-new-privileges:true"]}\n',
      safe: true,
    },
    {
      name: 'security_opt without it: reported at the key, item appended like its siblings',
      code: 'services:\n  web:\n    security_opt:\n      -  label:disable  # SELinux\n    image: nginx\n',
      errors: [{ messageId: 'notInList', line: 3, column: 5, endLine: 3, endColumn: 17 }],
      safe: true,
      output: 'services:\n  web:\n    security_opt:\n      -  label:disable  # SELinux\n      -  no-new-privileges:true\n    image: nginx\n',
    },
    {
      name: 'append with CRLF, dashes flush with the key',
      code: 'services:\r\n  web:\r\n    security_opt:\r\n    - label:disable\r\n    image: nginx\r\n',
      errors: [{ messageId: 'notInList', line: 3, column: 5 }],
      output: 'services:\r\n  web:\r\n    security_opt:\r\n    - label:disable\r\n    - no-new-privileges:true\r\n    image: nginx\r\n',
      safe: true,
    },
    {
      name: 'flow security_opt',
      code: "services:\n  web:\n    security_opt: ['seccomp:./profile.json']\n",
      errors: [{ messageId: 'notInList', line: 3, column: 5 }],
      output: "services:\n  web:\n    security_opt: ['seccomp:./profile.json', 'no-new-privileges:true']\n",
      safe: true,
    },
    {
      name: 'empty flow security_opt',
      code: 'services:\n  web:\n    security_opt: []\n',
      errors: [{ messageId: 'notInList', line: 3, column: 5 }],
      output: 'services:\n  web:\n    security_opt: ["no-new-privileges:true"]\n',
      safe: true,
    },
    {
      name: 'security_opt only from a merge: a local copy with the inherited items plus the option',
      code: "x-base: &base\n  security_opt:\n    - 'label:type:svirt_apache_t'\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n",
      errors: [{ messageId: 'notInList', line: 7, column: 9 }],
      safe: true,
      output:
        "x-base: &base\n  security_opt:\n    - 'label:type:svirt_apache_t'\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx\n    security_opt:\n      - 'label:type:svirt_apache_t'\n      - no-new-privileges:true\n",
    },
    {
      name: 'explicitly false: own messageId at the item; unsafe fix flips the value',
      code: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - "no-new-privileges:false"  # sudo inside\n',
      errors: [{ messageId: 'disabled', line: 5, column: 9, message: 'turns no-new-privileges off' }],
      fixTitle: 'Set no-new-privileges:true',
      safe: false,
      output: 'services:\n  web:\n    image: nginx\n    security_opt:\n      - "no-new-privileges:true"  # sudo inside\n',
    },
    {
      name: 'explicitly false with =',
      code: 'services:\n  web:\n    security_opt: [label:disable, no-new-privileges=0]\n',
      errors: [{ messageId: 'disabled', line: 3, column: 35 }],
      output: 'services:\n  web:\n    security_opt: [label:disable, no-new-privileges=true]\n',
      safe: false,
    },
    {
      name: 'false from an anchor: reported at the alias, local override without the false item',
      code: 'x-base: &base\n  security_opt: [no-new-privileges:false, apparmor:unconfined]\nservices:\n  web:\n    <<: *base\n',
      errors: [{ messageId: 'disabled', line: 5, column: 9 }],
      safe: false,
      output:
        'x-base: &base\n  security_opt: [no-new-privileges:false, apparmor:unconfined]\nservices:\n  web:\n    <<: *base\n    security_opt:\n      - apparmor:unconfined\n      - no-new-privileges:true\n',
    },
    {
      name: 'a service that is an alias: reported, no fix',
      code: 'x-app: &app\n  image: nginx\nservices:\n  web: *app\n',
      errors: [{ messageId: 'notSet', line: 4, column: 3 }],
      output: null,
    },
    {
      name: 'an invalid value does not count as set; the fix replaces it (Docker would refuse to start with it left in)',
      code: 'services:\n  web:\n    security_opt:\n      - "no-new-privileges:yes"\n',
      errors: [{ messageId: 'notInList', line: 3, column: 5 }],
      fixTitle: 'Set no-new-privileges:true (Docker rejects "no-new-privileges:yes")',
      safe: false,
      output: 'services:\n  web:\n    security_opt:\n      - "no-new-privileges:true"\n',
    },
  ],
});

describe('DC003 related information', () => {
  it('points a merged security_opt at the anchor', () => {
    const text = 'x-base: &base\n  security_opt: [label:disable]\nservices:\n  web:\n    <<: *base\n';
    const [f] = lintText('compose.yaml', text, 'compose', { only: ['DC003'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 2]],
    );
  });

  it('reports every service without it, once each', () => {
    const text = 'services:\n  a:\n    image: x\n  b:\n    image: y\n';
    const found = lintText('compose.yaml', text, 'compose', { only: ['DC003'] }).findings;
    assert.deepEqual(
      found.map((f) => f.message.split(' ')[1]),
      ['a', 'b'],
    );
  });
});
