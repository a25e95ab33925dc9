import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-credentials-in-url.js';

const app = (body: string) => `services:\n  api:\n    image: acme/api:1\n${body}`;

ruleTester(rule, {
  valid: [
    app('    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db:5432/app\n'),
    { name: 'no password', code: app('    environment:\n      DATABASE_URL: postgres://app@db/app\n      REDIS_URL: redis://cache:6379/0\n') },
    { name: 'placeholders are not passwords', code: app('    environment:\n      DATABASE_URL: postgres://user:password@host/db\n      AMQP_URL: amqp://guest:<password>@mq\n') },
    { name: "a password-shaped env key is DC054's finding", code: app('    environment:\n      DB_PASSWORD: postgres://app:s3cret@db/app\n') },
    { name: "build args are DC057's", code: 'services:\n  api:\n    build:\n      context: .\n      args:\n        PIP_INDEX_URL: https://u:p4ss@pypi.example.com/simple\n' },
    { name: 'an unknown password variable with a scheme', code: app('    command: ["--db", "mysql://root:$MYSQL_PW@db/app"]\n') },
  ],
  invalid: [
    {
      name: 'a connection string in environment: reported at the credentials',
      code: app('    environment:\n      DATABASE_URL: postgres://app:s3cret@db:5432/app\n'),
      errors: [{ messageId: 'urlCredentials', line: 5, column: 21, endColumn: 43, level: 'error', message: 'password in a postgres URL in environment.DATABASE_URL' }],
      output: null,
    },
    {
      name: 'list syntax and a quoted command',
      code: app('    environment:\n      - "BROKER=amqp://svc:Zx9_qQ2@rabbit:5672"\n    command: ["worker", "--redis", "redis://:hunter22@cache:6379"]\n'),
      errors: [
        { messageId: 'urlCredentials', line: 5, column: 17 },
        { messageId: 'urlCredentials', line: 6, column: 37, message: 'in command[2]' },
      ],
    },
    {
      name: 'a default that ships',
      code: app('    environment:\n      DATABASE_URL: ${DATABASE_URL:-postgres://app:devpass@db/app}\n'),
      errors: [{ messageId: 'urlCredentials', line: 5, column: 21 }],
    },
    {
      name: 'a healthcheck and a label',
      code: app('    healthcheck:\n      test: curl -f http://admin:adm1n@localhost/health\n    labels:\n      backup.target: "s3://AKIAxx:secretkey@bucket"\n'),
      errors: [
        { messageId: 'urlCredentials', line: 5, column: 21 },
        { messageId: 'urlCredentials', line: 7, column: 23 },
      ],
    },
    {
      name: 'from an anchor: at the merge alias',
      code: 'x-env: &env\n  environment:\n    CACHE_URL: redis://default:abc123@cache\nservices:\n  api:\n    <<: *env\n',
      errors: [{ messageId: 'urlCredentials', line: 6, column: 9 }],
    },
  ],
});

describe('DC055 and DC056 together', () => {
  it('reports a token inside a URL once, as a token', () => {
    const code = app('    environment:\n      REPO: https://x-access-token:ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/acme/repo.git\n');
    const codes = lintText('compose.yaml', code, 'compose', { only: ['DC054', 'DC055', 'DC056'] }).findings.map((f) => f.code);
    assert.deepEqual(codes, ['DC056']);
  });
});
