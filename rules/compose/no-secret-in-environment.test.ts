import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import { assertLinear } from '../../test/support/scaling.js';
import rule from './no-secret-in-environment.js';

const app = (env: string, image = 'ghcr.io/acme/api:2.3.1') => `services:\n  api:\n    image: ${image}\n    environment:\n${env}`;

ruleTester(rule, {
  valid: [
    app('      DB_PASSWORD: ${DB_PASSWORD}\n'),
    { name: 'a variable that must be set', code: app('      API_KEY: ${API_KEY:?set API_KEY in .env}\n') },
    { name: 'an empty default', code: app('      DB_PASSWORD: ${DB_PASSWORD:-}\n') },
    { name: 'from the shell: map and list syntax', code: `${app('      DB_PASSWORD:\n')}  worker:\n    environment:\n      - API_TOKEN\n` },
    { name: 'a pointer to a secret file', code: app('      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n', 'postgres:16') },
    {
      name: 'switches and quantities under secret-like names',
      code: app('      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      TOKEN_TTL: 3600\n      PASSWORD_MIN_LENGTH: 12\n      AUTH_ENABLED: "true"\n'),
    },
    { name: 'public keys and key ids', code: app('      JWT_PUBLIC_KEY: /keys/jwt.pub\n      GPG_KEY: 4A11B2C3\n') },
    { name: 'an empty value', code: app('      - DB_PASSWORD=\n') },
    {
      name: 'placeholders authenticate nothing',
      code: app('      - "OVH_APPLICATION_KEY=xxx"\n      - OVH_APPLICATION_SECRET=<your-secret>\n      - API_TOKEN=your_api_token_here\n'),
    },
    { name: 'names that only contain a secret word', code: app('      MONKEY: banana\n      AUTHOR: me\n      DATABASE_HOST: db\n') },
  ],
  invalid: [
    {
      name: 'a BOM does not count as indentation of the top-level secrets key',
      code: '\uFEFFservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2\n',
      errors: [{ messageId: 'literal', line: 5, column: 7 }],
      output:
        '\uFEFFservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n    secrets:\n      - postgres_password\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
    },
    {
      name: 'postgres: the fix moves the password to a secret and sets POSTGRES_PASSWORD_FILE',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: hunter2  # change me\n',
      errors: [{ messageId: 'literal', line: 6, column: 7, endColumn: 24, level: 'error', message: 'sets POSTGRES_PASSWORD to a literal value' }],
      fixTitle: 'Move POSTGRES_PASSWORD to secret postgres_password and set POSTGRES_PASSWORD_FILE',
      safe: false,
      output:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password  # change me\n' +
        '    secrets:\n      - postgres_password\nsecrets:\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
    },
    {
      name: 'mysql list syntax keeps the quotes',
      code: 'services:\n  db:\n    image: mysql:8.4\n    environment:\n      - "MYSQL_ROOT_PASSWORD=root"\n      - MYSQL_DATABASE=app\n',
      errors: [
        { messageId: 'defaultCredential', line: 5, column: 10, endColumn: 29, level: 'warning', message: 'sets MYSQL_ROOT_PASSWORD to `root`, a default anyone would try first' },
      ],
      output:
        'services:\n  db:\n    image: mysql:8.4\n    environment:\n      - "MYSQL_ROOT_PASSWORD_FILE=/run/secrets/mysql_root_password"\n      - MYSQL_DATABASE=app\n' +
        '    secrets:\n      - mysql_root_password\nsecrets:\n  mysql_root_password:\n    file: ./secrets/mysql_root_password.txt\n',
    },
    {
      name: 'an image without _FILE support: the variable is removed and the secret mounted',
      code: `${app('      LOG_LEVEL: info\n      STRIPE_API_KEY: "not-a-real-key-123"\n')}    ports:\n      - "127.0.0.1:8080:8080"\n`,
      errors: [{ messageId: 'literal', line: 6, column: 7 }],
      fixTitle: 'the app must read the file',
      output: `${app('      LOG_LEVEL: info\n')}    ports:\n      - "127.0.0.1:8080:8080"\n    secrets:\n      - stripe_api_key\nsecrets:\n  stripe_api_key:\n    file: ./secrets/stripe_api_key.txt\n`,
    },
    {
      name: 'the only variable: the environment key goes too',
      code: app('      - SESSION_SECRET=9f8e7d6c5b4a\n'),
      errors: [{ messageId: 'literal', line: 5, column: 9 }],
      output: 'services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    secrets:\n      - session_secret\nsecrets:\n  session_secret:\n    file: ./secrets/session_secret.txt\n',
    },
    {
      name: 'a password equal to the user name: a default credential, a warning',
      code: 'services:\n  db:\n    image: mariadb:11\n    environment:\n      MARIADB_USER: paperless\n      MARIADB_PASSWORD: paperless\n      MARIADB_ROOT_PASSWORD: Pa55-w0rd-1\n',
      errors: [
        { messageId: 'defaultCredential', line: 6, column: 7, level: 'warning' },
        { messageId: 'literal', line: 7, column: 7, level: 'error' },
      ],
      fixes: [
        {
          title: 'Move MARIADB_PASSWORD to secret mariadb_password and set MARIADB_PASSWORD_FILE (put the value in ./secrets/mariadb_password.txt)',
          safe: false,
          output:
            'services:\n  db:\n    image: mariadb:11\n    environment:\n      MARIADB_USER: paperless\n      MARIADB_PASSWORD_FILE: /run/secrets/mariadb_password\n      MARIADB_ROOT_PASSWORD: Pa55-w0rd-1\n    secrets:\n      - mariadb_password\nsecrets:\n  mariadb_password:\n    file: ./secrets/mariadb_password.txt\n',
        },
        {
          title: 'Move MARIADB_ROOT_PASSWORD to secret mariadb_root_password and set MARIADB_ROOT_PASSWORD_FILE (put the value in ./secrets/mariadb_root_password.txt)',
          safe: false,
          output:
            'services:\n  db:\n    image: mariadb:11\n    environment:\n      MARIADB_USER: paperless\n      MARIADB_PASSWORD: paperless\n      MARIADB_ROOT_PASSWORD_FILE: /run/secrets/mariadb_root_password\n    secrets:\n      - mariadb_root_password\nsecrets:\n  mariadb_root_password:\n    file: ./secrets/mariadb_root_password.txt\n',
        },
      ],
    },
    {
      name: 'a default ships: its own message',
      code: app('      JWT_SECRET: ${JWT_SECRET:-dev-secret-change-me}\n'),
      errors: [{ messageId: 'literalDefault', line: 5, column: 7, message: 'gives JWT_SECRET a literal default' }],
      output: 'services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    secrets:\n      - jwt_secret\nsecrets:\n  jwt_secret:\n    file: ./secrets/jwt_secret.txt\n',
    },
    {
      name: 'a known token format: said so',
      code: app('      GITHUB_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n'),
      errors: [{ messageId: 'token', line: 5, column: 7, message: 'a literal GitHub personal access token' }],
      output: 'services:\n  api:\n    image: ghcr.io/acme/api:2.3.1\n    secrets:\n      - github_token\nsecrets:\n  github_token:\n    file: ./secrets/github_token.txt\n',
    },
    {
      name: 'existing top-level and service secrets are extended',
      code: 'services:\n  db:\n    image: postgres:16\n    secrets: [other]\n    environment:\n      POSTGRES_PASSWORD: "s3cret"\n' + 'secrets:\n  other:\n    file: ./other.txt\n',
      errors: [{ messageId: 'literal', line: 6, column: 7 }],
      output:
        'services:\n  db:\n    image: postgres:16\n    secrets: [other, postgres_password]\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password\n' +
        'secrets:\n  other:\n    file: ./other.txt\n  postgres_password:\n    file: ./secrets/postgres_password.txt\n',
    },
    {
      name: 'a flow environment and CRLF',
      code: 'services:\r\n  api:\r\n    image: acme/api:1\r\n    environment: {API_KEY: abcdef123456, MODE: prod}\r\n',
      errors: [{ messageId: 'literal', line: 4, column: 19 }],
      output:
        'services:\r\n  api:\r\n    image: acme/api:1\r\n    environment: {MODE: prod}\r\n    secrets:\r\n      - api_key\r\nsecrets:\r\n  api_key:\r\n    file: ./secrets/api_key.txt\r\n',
    },
    {
      name: 'from an anchor: reported at the merge alias, no fix (other services share it)',
      code: 'x-env: &env\n  environment:\n    DB_PASSWORD: hunter2\nservices:\n  api:\n    <<: *env\n    image: acme/api:1\n',
      errors: [{ messageId: 'literal', line: 6, column: 9 }],
      output: null,
    },
    {
      name: 'an environment map merged from an anchor: at the alias inside it',
      code: 'x-env: &env\n  DB_PASSWORD: hunter2\nservices:\n  api:\n    environment:\n      <<: *env\n      MODE: prod\n',
      errors: [{ messageId: 'literal', line: 6, column: 11 }],
      output: null,
    },
  ],
});

describe('DC054 fix output', () => {
  const fixed = (code: string): Record<string, any> => {
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC054'] });
    return parse(applyEdits(code, fixesFor(result, result.findings[0])[0].edits));
  };

  it('gives the service a secret and the file-variable pointing at it', () => {
    const doc = fixed('services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=hunter2\n      - POSTGRES_DB=app\n');
    assert.deepEqual(doc.services.db.environment, ['POSTGRES_PASSWORD_FILE=/run/secrets/postgres_password', 'POSTGRES_DB=app']);
    assert.deepEqual(doc.services.db.secrets, ['postgres_password']);
    assert.deepEqual(doc.secrets, { postgres_password: { file: './secrets/postgres_password.txt' } });
  });

  it("uses Grafana's __FILE convention", () => {
    const doc = fixed('services:\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      GF_SECURITY_ADMIN_PASSWORD: admin123\n');
    assert.deepEqual(doc.services.grafana.environment, { GF_SECURITY_ADMIN_PASSWORD__FILE: '/run/secrets/gf_security_admin_password' });
  });

  it('does not set a _FILE variable that is already there', () => {
    const doc = fixed('services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: x1y2z3\n      POSTGRES_PASSWORD_FILE: /run/secrets/pw\n');
    assert.deepEqual(doc.services.db.environment, { POSTGRES_PASSWORD_FILE: '/run/secrets/pw' });
  });

  it('reuses a top-level secret of the same name', () => {
    const doc = fixed(
      'services:\n  api:\n    image: acme/api:1\n    environment:\n      API_KEY: abcdef123456\n      MODE: prod\nsecrets:\n  api_key:\n    environment: API_KEY\n',
    );
    assert.deepEqual(doc.secrets, { api_key: { environment: 'API_KEY' } });
    assert.deepEqual(doc.services.api.secrets, ['api_key']);
  });
});

describe("DC054 and the project's .env", () => {
  it('judges what the Compose file commits: a ${VAR} set in .env is not a literal here', () => {
    const files = { read: (p: string) => (p === '/p/.env' ? 'DB_PASSWORD=hunter2\n' : undefined), list: () => undefined };
    const code = 'services:\n  api:\n    image: acme/api:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      API_KEY: ${API_KEY:-abc123def456}\n';
    const found = lintText('/p/compose.yaml', code, 'compose', { only: ['DC054'], files }).findings;
    assert.deepEqual(
      found.map((f) => f.range.start.line + 1),
      [6],
    );
  });
});

describe('DC054 cost', () => {
  /** One service with n plain entries and n secrets with literal values (half of them equal to a plain value). */
  const env = (n: number) => app(Array.from({ length: n }, (_, i) => `      SETTING_${i}: value${i}\n      API_KEY_${i}: ${i % 2 ? `value${i}` : `k9Xq${i}Zr7Wp2`}\n`).join(''));

  it('tells a secret equal to a plain value of the service (a guessable default) from one that is not', () => {
    const found = lintText('compose.yaml', env(2), 'compose', { only: ['DC054'] }).findings;
    assert.deepEqual(
      found.map((f) => f.level),
      ['error', 'warning'],
    );
  });

  it("costs time linear in the service's environment: plain values are looked up, not searched per secret", () => {
    assertLinear('DC054 secrets among plain values', env, (text) => lintText('compose.yaml', text, 'compose', { only: ['DC054'] }), 2000);
  });
});
