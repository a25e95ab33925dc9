import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-shared-mount-propagation.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    volumes:\n      - ./data:/data:z\n',
    {
      name: 'private propagation looks like an option but is the default',
      code: 'services:\n  web:\n    volumes:\n      - /mnt:/mnt:rprivate\n      - type: bind\n        source: /srv\n        target: /srv\n        bind:\n          propagation: private\n',
    },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    volumes:\n      - /mnt:/mnt:${PROPAGATION}\n' },
  ],
  invalid: [
    {
      name: 'short syntax rshared, dropped with the colon',
      code: 'services:\n  csi:\n    volumes:\n      - /mnt/data:/data:rshared\n',
      errors: [{ messageId: 'shared', line: 4, column: 9, level: 'warning', message: 'mounts /mnt/data with rshared propagation' }],
      fixTitle: 'Remove rshared propagation',
      safe: false,
      output: 'services:\n  csi:\n    volumes:\n      - /mnt/data:/data\n',
    },
    {
      name: 'other options stay',
      code: 'services:\n  a:\n    volumes: ["/media:/media:ro,rslave,z"]\n',
      errors: [{ messageId: 'slave', line: 3, column: 15 }],
      output: 'services:\n  a:\n    volumes: ["/media:/media:ro,z"]\n',
    },
    {
      name: 'long syntax: bind goes when propagation was all it had',
      code: 'services:\n  a:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n        bind:\n          propagation: shared\n    image: x\n',
      errors: [{ messageId: 'shared', line: 5, column: 17 }],
      output: 'services:\n  a:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n    image: x\n',
    },
    {
      name: 'long syntax keeps the other bind options',
      code: 'services:\n  a:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n        bind:\n          create_host_path: true\n          propagation: slave\n',
      errors: [{ messageId: 'slave', line: 5, column: 17 }],
      output: 'services:\n  a:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n        bind:\n          create_host_path: true\n',
    },
    {
      name: 'merged from an anchor: at the alias, no fix',
      code: 'x-m: &m\n  volumes: [/mnt:/mnt:rshared]\nservices:\n  a:\n    <<: *m\n',
      errors: [{ messageId: 'shared', line: 5, column: 9 }],
      output: null,
    },
  ],
});

describe('DC026 fix structure', () => {
  it('re-parses without the propagation', () => {
    const code = 'services:\n  a:\n    volumes:\n      - type: bind\n        source: /mnt\n        target: /mnt\n        bind: {propagation: rshared, selinux: z}\n';
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC026'] });
    const [fix] = fixesFor(result, result.findings[0]);
    assert.deepEqual(parseDocument(applyEdits(code, fix.edits)).toJS().services.a.volumes[0].bind, { selinux: 'z' });
  });
});
