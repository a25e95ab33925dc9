import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-insecure-build.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    build:\n      context: .\n      network: default\n',
    { name: 'build as a string', code: 'services:\n  web:\n    build: .\n' },
    { name: 'privileged false and harmless entitlements', code: 'services:\n  web:\n    build:\n      context: .\n      privileged: false\n      entitlements: [device]\n' },
    { name: "the service network is DC020's, not the build's", code: 'services:\n  web:\n    build: .\n    network_mode: host\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    build:\n      context: .\n      network: ${BUILD_NET}\n      privileged: ${PRIV}\n' },
  ],
  invalid: [
    {
      name: 'privileged, entitlements and host network',
      code: 'services:\n  web:\n    build:\n      context: .\n      privileged: true\n      entitlements:\n        - network.host\n        - security.insecure\n      network: host\n',
      errors: [
        { messageId: 'privileged', line: 5, column: 7, endColumn: 17, level: 'warning' },
        { messageId: 'entitlement', line: 7, column: 11, message: 'network.host entitlement, which lets RUN steps use the host network' },
        { messageId: 'entitlement', line: 8, column: 11, message: 'security.insecure' },
        { messageId: 'network', line: 9, column: 7 },
      ],
      output: null,
    },
    {
      name: 'flow mapping and a quoted "yes"',
      code: 'services:\n  web:\n    build: {context: ., privileged: "yes"}\n',
      errors: [{ messageId: 'privileged', line: 3, column: 25 }],
    },
    {
      name: 'a build merged from an anchor: reported at the alias',
      code: 'x-build: &build\n  build:\n    context: .\n    network: host\nservices:\n  a:\n    <<: *build\n',
      errors: [{ messageId: 'network', line: 7, column: 9 }],
    },
  ],
});

describe('DC016 related information', () => {
  it('points a merged build setting at the anchor', () => {
    const code = 'x-build: &build\n  build:\n    context: .\n    network: host\nservices:\n  a:\n    <<: *build\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC016'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[3, 4]],
    );
  });
});
