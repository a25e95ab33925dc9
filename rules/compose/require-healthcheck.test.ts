import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-healthcheck.js';

ruleTester(rule, {
  valid: [
    'services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD-SHELL", "pg_isready"]\n',
    { name: 'an image Bosun does not know may ship a HEALTHCHECK', code: 'services:\n  app:\n    image: ghcr.io/acme/app:1.4.2\n' },
    { name: "a built service is the cross-file rule's to judge", code: 'services:\n  db:\n    image: postgres:16\n    build: ./db\n' },
    { name: 'an Official Image of a tool, not a service', code: 'services:\n  job:\n    image: alpine:3.20\n' },
    { name: 'a variable image', code: 'services:\n  db:\n    image: ${DB_IMAGE}\n' },
    { name: "a healthcheck that only changes timings keeps the image's", code: 'services:\n  app:\n    image: ghcr.io/acme/app:1.4.2\n    healthcheck:\n      interval: 1m\n' },
    { name: 'disable: false', code: 'services:\n  db:\n    image: redis:7\n    healthcheck:\n      disable: false\n      test: ["CMD", "redis-cli", "ping"]\n' },
    { name: 'a healthcheck through extends', code: 'services:\n  base:\n    image: redis:7\n    healthcheck: {test: ["CMD", "redis-cli", "ping"]}\n  cache:\n    extends: base\n' },
    { name: "another registry's postgres is not the Official Image", code: 'services:\n  db:\n    image: bitnami/postgresql:16\n' },
  ],
  invalid: [
    {
      name: 'postgres without a healthcheck: reported at the service, fix adds pg_isready',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, level: 'hint', message: 'runs postgres:16, which has no HEALTHCHECK' }],
      fixTitle: 'Add a postgres healthcheck',
      safe: false,
      output:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n' +
        '    healthcheck:\n      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n',
    },
    {
      name: 'redis in a flow mapping',
      code: 'services:\n  cache: {image: "redis:7.4-alpine"}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  cache: {image: "redis:7.4-alpine", healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 10s, timeout: 5s, retries: 5}}\n',
    },
    {
      name: 'an Official Image with no tool to check with: reported, no fix',
      code: 'services:\n  web:\n    image: docker.io/library/nginx:1.27\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: null,
    },
    {
      name: 'old mongo has no mongosh: no fix',
      code: 'services:\n  db:\n    image: mongo:4.4\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: null,
    },
    {
      name: 'disabled: reported at disable, no fix',
      code: 'services:\n  app:\n    image: ghcr.io/acme/app:1.4.2\n    healthcheck:\n      disable: true\n',
      errors: [{ messageId: 'disabled', line: 5, column: 7, message: 'disables its healthcheck' }],
      output: null,
    },
    {
      name: 'test NONE disables it too',
      code: 'services:\n  app:\n    image: ghcr.io/acme/app:1.4.2\n    healthcheck:\n      test: ["NONE"]\n',
      errors: [{ messageId: 'disabled', line: 5, column: 7 }],
    },
    {
      name: 'disabled in an anchor: at the merge alias',
      code: 'x-nohc: &nohc\n  healthcheck: {disable: true}\nservices:\n  app:\n    <<: *nohc\n    image: ghcr.io/acme/app:1.4.2\n',
      errors: [{ messageId: 'disabled', line: 5, column: 9 }],
    },
  ],
});

describe('DC052 fix output', () => {
  it('parses to a healthcheck Compose accepts', () => {
    const code = 'services:\n  db:\n    image: mariadb:11.4\n';
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC052'] });
    const out = applyEdits(code, fixesFor(result, result.findings[0])[0].edits);
    assert.deepEqual(parse(out).services.db.healthcheck, {
      test: ['CMD', 'healthcheck.sh', '--connect', '--innodb_initialized'],
      interval: '10s',
      timeout: '5s',
      retries: 5,
    });
  });
});
