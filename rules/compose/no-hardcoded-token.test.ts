import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-hardcoded-token.js';

const GH = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const SLACK = 'xoxb-1234567890-abcdefghijkl';
const app = (body: string) => `services:\n  bot:\n    image: acme/bot:1\n${body}`;

ruleTester(rule, {
  valid: [
    app('    environment:\n      GITHUB_TOKEN: ${GITHUB_TOKEN}\n'),
    { name: "a secret-named variable with a literal token is DC054's single finding", code: app(`    environment:\n      GITHUB_TOKEN: ${GH}\n`) },
    { name: 'AWS documentation keys end in EXAMPLE', code: app('    environment:\n      NOTE: AKIAIOSFODNN7EXAMPLE\n') },
    { name: 'a token prefix alone', code: app('    command: ["--prefix", "ghp_"]\n') },
    { name: "build args are DC057's", code: `services:\n  bot:\n    build:\n      args:\n        GIT_AUTH: ${GH}\n` },
  ],
  invalid: [
    {
      name: 'a token under a name that does not look secret: reported at the token',
      code: app(`    environment:\n      GIT_REMOTE_CREDS: ${GH}\n`),
      errors: [{ messageId: 'token', line: 5, column: 25, endColumn: 65, level: 'error', message: 'a GitHub personal access token in environment.GIT_REMOTE_CREDS' }],
      output: null,
    },
    {
      name: 'in a command, a label and a healthcheck',
      code: app(
        `    command: bot --slack ${SLACK}\n    labels:\n      - "owner.contact=${SLACK}"\n    healthcheck:\n      test: ["CMD", "curl", "-H", "X-Api-Key: AIzaSyA1234567890abcdefghijklmnopqrstuv"]\n`,
      ),
      errors: [
        { messageId: 'token', line: 4, column: 26, message: 'Slack token in command' },
        { messageId: 'token', line: 6, column: 24, message: 'in labels[0]' },
        { messageId: 'token', line: 8, column: 47, message: 'Google API key in healthcheck.test[3]' },
      ],
    },
    {
      name: 'a private key in a block scalar: reported at the value',
      code: app('    environment:\n      TLS_PEM: |\n        -----BEGIN RSA PRIVATE KEY-----\n        MIIEow\n        -----END RSA PRIVATE KEY-----\n'),
      errors: [{ messageId: 'token', line: 5, column: 16, message: 'PEM private key' }],
    },
    {
      name: 'one finding per value, even with two tokens',
      code: app(`    command: ["run", "${GH} ${SLACK}"]\n`),
      errors: [{ messageId: 'token', line: 4, column: 23 }],
    },
    {
      name: 'from an anchor: at the merge alias, related to the value',
      code: `x-common: &common\n  labels:\n    token: ${GH}\nservices:\n  bot:\n    <<: *common\n`,
      errors: [{ messageId: 'token', line: 6, column: 9 }],
    },
    {
      name: 'an alias item',
      code: `x-t: &tok "${GH}"\nservices:\n  bot:\n    command: ["--token", *tok]\n`,
      errors: [{ messageId: 'token', line: 4, column: 26 }],
    },
  ],
});

describe('DC056 related information', () => {
  it('points a merged value at where it is written', () => {
    const code = `x-common: &common\n  labels:\n    token: ${GH}\nservices:\n  bot:\n    <<: *common\n`;
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC056'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[2, 11]],
    );
  });
});
