import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-exec-tmpfs.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    tmpfs:\n      - /tmp\n      - /run:size=64m,mode=1777\n',
    { name: 'noexec, nosuid and nodev look alike but are the safe ones', code: 'services:\n  web:\n    tmpfs: /run:rw,noexec,nosuid,nodev\n' },
    { name: 'long syntax tmpfs cannot set them', code: 'services:\n  web:\n    volumes:\n      - type: tmpfs\n        target: /run\n        tmpfs:\n          size: 1000000\n' },
    { name: 'exec in a volume mode is not a tmpfs option', code: 'services:\n  web:\n    volumes: [./exec:/exec]\n' },
  ],
  invalid: [
    {
      name: 'a single tmpfs with exec: the option goes, the rest stays',
      code: 'services:\n  web:\n    tmpfs: /run:exec,size=64m # for the JIT\n',
      errors: [
        { messageId: 'weakened', line: 3, column: 12, endColumn: 30, level: 'info', message: "The tmpfs /run of service web sets exec, turning off Docker's default noexec" },
      ],
      fixTitle: 'Remove exec from tmpfs /run',
      safe: true,
      output: 'services:\n  web:\n    tmpfs: /run:size=64m # for the JIT\n',
    },
    {
      name: 'all three, quoted: the colon goes too',
      code: 'services:\n  web:\n    tmpfs:\n      - /tmp\n      - "/scratch:exec,suid,dev"\n',
      errors: [{ messageId: 'weakened', line: 5, column: 9, message: "sets exec, suid, dev, turning off Docker's default noexec, nosuid, nodev" }],
      output: 'services:\n  web:\n    tmpfs:\n      - /tmp\n      - "/scratch"\n',
    },
    {
      name: 'a default that sets exec',
      code: 'services:\n  web:\n    tmpfs: ["${TMP_DIR:-/tmp}:exec"]\n',
      errors: [{ messageId: 'weakened', line: 3, column: 13 }],
      output: 'services:\n  web:\n    tmpfs: ["${TMP_DIR:-/tmp}"]\n',
    },
    {
      name: 'merged from an anchor: at the alias, no fix',
      code: 'x-t: &t\n  tmpfs: [/tmp:exec]\nservices:\n  web:\n    <<: *t\n',
      errors: [{ messageId: 'weakened', line: 5, column: 9 }],
      output: null,
    },
  ],
});

describe('DC029 fix structure', () => {
  it('re-parses with the secure defaults back', () => {
    const code = 'services:\n  web:\n    tmpfs:\n      - /run:suid,size=1m,exec\n';
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC029'] });
    const [fix] = fixesFor(result, result.findings[0]);
    assert.deepEqual(parseDocument(applyEdits(code, fix.edits)).toJS().services.web.tmpfs, ['/run:size=1m']);
  });
});
