import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-secret-in-build-args.js';

const build = (args: string) => `services:\n  web:\n    build:\n      context: .\n      args:\n${args}`;

ruleTester(rule, {
  valid: [
    build('        NODE_VERSION: "20"\n        APP_ENV: production\n'),
    {
      name: 'build secrets are the right way',
      code: 'services:\n  web:\n    build:\n      context: .\n      secrets: [npm_token]\nsecrets:\n  npm_token:\n    environment: NPM_TOKEN\n',
    },
    { name: 'switches under secret-like names', code: build('        SKIP_AUTH: "true"\n        AUTH_ENABLED: "false"\n') },
    { name: 'a pointer to a secret file', code: build('        NPM_TOKEN_FILE: /run/secrets/npm\n') },
    { name: 'build as a path has no args', code: 'services:\n  web:\n    build: ./web\n' },
    { name: 'an empty value', code: build('        - API_KEY=\n') },
  ],
  invalid: [
    {
      name: 'a secret passed from the environment: fix moves it to build secrets backed by that variable',
      code: build('        NODE_VERSION: "20"\n        NPM_TOKEN: ${NPM_TOKEN}\n'),
      errors: [{ messageId: 'secretName', line: 7, column: 9, endColumn: 18, level: 'error', message: 'passes NPM_TOKEN as a build argument' }],
      fixTitle: 'Move NPM_TOKEN to build secret npm_token (from $NPM_TOKEN',
      safe: false,
      output:
        'services:\n  web:\n    build:\n      context: .\n      args:\n        NODE_VERSION: "20"\n      secrets:\n        - npm_token\n' +
        'secrets:\n  npm_token:\n    environment: NPM_TOKEN\n',
    },
    {
      name: 'list syntax from the shell, the only arg: args goes',
      code: `${build('        - GITHUB_TOKEN\n')}    image: acme/web:1\n`,
      errors: [{ messageId: 'secretName', line: 6, column: 11 }],
      output:
        'services:\n  web:\n    build:\n      context: .\n      secrets:\n        - github_token\n    image: acme/web:1\n' +
        'secrets:\n  github_token:\n    environment: GITHUB_TOKEN\n',
    },
    {
      name: 'a literal secret: backed by a file',
      code: build('        - "DB_PASSWORD=s3cr3t!"\n        - APP=1\n'),
      errors: [{ messageId: 'literalSecret', line: 6, column: 12, message: 'with a literal value:' }],
      fixTitle: 'put the value in ./secrets/db_password.txt',
      output:
        'services:\n  web:\n    build:\n      context: .\n      args:\n        - APP=1\n      secrets:\n        - db_password\n' +
        'secrets:\n  db_password:\n    file: ./secrets/db_password.txt\n',
    },
    {
      name: 'a token under an innocent name',
      code: build('        GIT_URL_TOKENISED: glpat-abcdefghij0123456789\n'),
      errors: [{ messageId: 'token', line: 6, column: 9, message: 'GitLab personal access token' }],
      output: null,
    },
    {
      name: 'a URL with a password',
      code: build('        PIP_INDEX_URL: https://deploy:Pa55word1@pypi.example.com/simple\n'),
      errors: [{ messageId: 'urlCredentials', line: 6, column: 9 }],
      output: null,
    },
    {
      name: 'existing build secrets are extended',
      code: 'services:\n  web:\n    build:\n      context: .\n      secrets: [other]\n      args: {NPM_TOKEN: "${NPM_TOKEN}", X: "1"}\nsecrets:\n  other: {file: ./o.txt}\n',
      errors: [{ messageId: 'secretName', line: 6, column: 14 }],
      output:
        'services:\n  web:\n    build:\n      context: .\n      secrets: [other, npm_token]\n      args: {X: "1"}\nsecrets:\n  other: {file: ./o.txt}\n  npm_token:\n    environment: NPM_TOKEN\n',
    },
    {
      name: 'from an anchor: at the merge alias, no fix',
      code: 'x-build: &b\n  context: .\n  args:\n    NPM_TOKEN: ${NPM_TOKEN}\nservices:\n  web:\n    build:\n      <<: *b\n',
      errors: [{ messageId: 'secretName', line: 8, column: 11 }],
      output: null,
    },
  ],
});

describe('DC057 fix output', () => {
  it('parses to build secrets and a top-level secret', () => {
    const code = `${build('        NPM_TOKEN: ${NPM_TOKEN}\n        NODE_VERSION: "20"\n')}volumes:\n  data: {}\n`;
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC057'] });
    const doc = parse(applyEdits(code, fixesFor(result, result.findings[0])[0].edits));
    assert.deepEqual(doc.services.web.build, { context: '.', args: { NODE_VERSION: '20' }, secrets: ['npm_token'] });
    assert.deepEqual(doc.secrets, { npm_token: { environment: 'NPM_TOKEN' } });
    assert.deepEqual(doc.volumes, { data: {} });
  });
});
