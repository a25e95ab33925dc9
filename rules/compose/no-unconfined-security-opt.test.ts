import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule, { unconfined } from './no-unconfined-security-opt.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n',
    {
      name: 'a custom seccomp profile and an AppArmor profile',
      code: 'services:\n  web:\n    security_opt:\n      - seccomp=./seccomp.json\n      - apparmor:docker-default\n      - label:type:container_t\n',
    },
    { name: 'label options that keep separation', code: 'services:\n  web:\n    security_opt: ["label=level:s0:c100,c200", "label:user:USER"]\n' },
    { name: 'Docker compares values exactly', code: 'services:\n  web:\n    security_opt: ["seccomp:Unconfined"]\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    security_opt: ["seccomp:${PROFILE}"]\n' },
  ],
  invalid: [
    {
      name: 'seccomp unconfined, removed with its line',
      code: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n      - seccomp:unconfined # for strace\n    image: x\n',
      errors: [{ messageId: 'seccomp', line: 5, column: 9, endColumn: 27, level: 'error', message: 'without a seccomp profile (seccomp:unconfined)' }],
      fixTitle: 'Remove seccomp:unconfined',
      safe: false,
      output: 'services:\n  web:\n    security_opt:\n      - no-new-privileges:true\n    image: x\n',
    },
    {
      name: 'the only item: the whole key goes',
      code: 'services:\n  web:\n    image: x\n    security_opt:\n      - apparmor=unconfined\n',
      errors: [{ messageId: 'apparmor', line: 5, column: 9 }],
      output: 'services:\n  web:\n    image: x\n',
    },
    {
      name: 'flow list, label and systempaths',
      code: 'services:\n  web:\n    security_opt: [label:disable, "systempaths=unconfined", label=type:spc_t]\n',
      errors: [
        { messageId: 'label', line: 3, column: 20 },
        { messageId: 'systempaths', line: 3, column: 35 },
        { messageId: 'label', line: 3, column: 61 },
      ],
      fixes: [
        {
          title: 'Remove label:disable',
          safe: false,
          output: 'services:\n  web:\n    security_opt: ["systempaths=unconfined", label=type:spc_t]\n',
        },
        {
          title: 'Remove systempaths=unconfined',
          safe: false,
          output: 'services:\n  web:\n    security_opt: [label:disable, label=type:spc_t]\n',
        },
        {
          title: 'Remove label=type:spc_t',
          safe: false,
          output: 'services:\n  web:\n    security_opt: [label:disable, "systempaths=unconfined"]\n',
        },
      ],
    },
    {
      name: 'a default that is unconfined',
      code: 'services:\n  web:\n    security_opt:\n      - "seccomp=${SECCOMP:-unconfined}"\n    image: x\n',
      errors: [{ messageId: 'seccomp', line: 4, column: 9 }],
      output: 'services:\n  web:\n    image: x\n',
    },
    {
      name: 'merged from an anchor: reported at the alias, no fix',
      code: 'x-dbg: &dbg\n  security_opt: [seccomp:unconfined]\nservices:\n  web:\n    <<: *dbg\n',
      errors: [{ messageId: 'seccomp', line: 5, column: 9 }],
      output: null,
    },
  ],
});

describe('DC015', () => {
  it('parses options as Docker does', () => {
    assert.deepEqual(
      [
        'seccomp=unconfined',
        'seccomp:unconfined',
        'apparmor:unconfined',
        'label:disable',
        'label=disable',
        'label:type:spc_t',
        'systempaths=unconfined',
        'label:level:s0',
        'no-new-privileges',
      ].map(unconfined),
      ['seccomp', 'seccomp', 'apparmor', 'label', 'label', 'label', 'systempaths', undefined, undefined],
    );
  });

  it('fix re-parses with the other options kept', () => {
    const code = "services:\n  web:\n    security_opt:\n      - 'no-new-privileges:true'\n      - seccomp:unconfined\n      - apparmor:unconfined\n";
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC015'] });
    const [fix] = fixesFor(result, result.findings[1]);
    assert.deepEqual(parseDocument(applyEdits(code, fix.edits)).toJS().services.web.security_opt, ['no-new-privileges:true', 'seccomp:unconfined']);
  });
});
