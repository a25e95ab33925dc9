import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLinear } from '../../test/support/scaling.js';
import { comparableValues, findTokenFormat, isDefaultCredential, isNonSecretValue, isPlaceholderValue, isSecretName, nameTokens, TOKEN_FORMATS } from './secrets.js';

/**
 * Fake tokens are generated, never written out: a literal in the source would be flagged by secret
 * scanners and push protection on this very repository.
 */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B32 = `${UPPER}234567`;
let seed = 7;
function chars(set: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    s += set[seed % set.length];
  }
  return s;
}
const fake = (...parts: string[]) => parts.join('');

describe('nameTokens', () => {
  it('splits on separators, camelCase and letter/digit edges', () => {
    assert.deepEqual(nameTokens('DB_PASSWORD'), ['db', 'password']);
    assert.deepEqual(nameTokens('my-api.key'), ['my', 'api', 'key']);
    assert.deepEqual(nameTokens('githubToken'), ['github', 'token']);
    assert.deepEqual(nameTokens('OKTA_OAUTH2_CLIENTSECRET'), ['okta', 'oauth', '2', 'clientsecret']);
    assert.deepEqual(nameTokens('__A__'), ['a']);
  });
});

describe('isSecretName', () => {
  const secret = [
    'DB_PASSWORD',
    'GITHUB_TOKEN',
    'API_KEY',
    'AUTH',
    'api_key',
    'Password',
    'NPM_CONFIG__AUTH',
    'NODE_AUTH_TOKEN',
    'POSTGRES_PASSWORD',
    'MYSQL_ROOT_PASSWORD',
    'SECRET_KEY_BASE',
    'JWT_SECRET',
    'PRIVATE_KEY',
    'SSH_PRIVATE_KEY',
    'REDIS_PASS',
    'DB_PWD',
    'GPG_PASSPHRASE',
    'GPG_PRIVATE_KEY',
    'APIKEY',
    'dbPassword',
    'CLIENT_SECRET',
    'SECRETKEY',
    'USER_PASSWORD',
    'HOST_KEY',
    'SSH_KEY',
    'VAULT_SECRET_ID',
    'S3_ACCESS_KEY_ID',
    'COMPOSER_AUTH',
    'TOKEN',
    'KEY',
    'SOPS_AGE_KEY',
    'MS_TOKEN',
    // exact names from hadolint DL3064 / Trivy DS-0031
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AZURE_CLIENT_SECRET',
    'GH_TOKEN',
    'HF_TOKEN',
    'NPM_TOKEN',
    'DOCKERHUB_PASSWORD',
    'OKTA_OAUTH2_CLIENTSECRET',
    'VITE_OPENAI_API_KEY',
    'REACT_APP_GITHUB_TOKEN',
    'aws_secret_access_key',
  ];
  const notSecret = [
    // allow words (BuildKit: public; file, version)
    'PASSWORD_FILE',
    'MYSQL_ROOT_PASSWORD_FILE',
    'PUBLIC_KEY',
    'NEXT_PUBLIC_API_KEY',
    'KEY_VERSION',
    'GPG_KEY',
    'GPG_KEYS',
    'SSH_AUTH_SOCK',
    'ALLOW_EMPTY_PASSWORD',
    'MYSQL_RANDOM_ROOT_PASSWORD',
    'AUTH_ENABLED',
    'DISABLE_AUTH',
    // whole words only
    'MONKEY',
    'AUTHOR',
    'AUTHORS',
    'TOKENS',
    'MAX_TOKENS',
    'KEYCLOAK_URL',
    'PASSENGER_APP_ENV',
    'BYPASS_CACHE',
    // qualifiers after the secret word
    'KEY_PATH',
    'TOKEN_URL',
    'OAUTH_TOKEN_ENDPOINT',
    'SECRET_NAME',
    'AUTH_TYPE',
    'AUTH_METHOD',
    'KEY_VAULT_NAME',
    'AUTH_HOST',
    'AUTH_PORT',
    'POSTGRES_HOST_AUTH_METHOD',
    'SIGNING_KEY_ID',
    'KMS_KEY_ARN',
    // quantities and policies
    'TOKEN_TTL',
    'SESSION_TOKEN_TIMEOUT',
    'JWT_TOKEN_EXPIRY',
    'PASSWORD_MIN_LENGTH',
    'API_KEY_LIMIT',
    'KEY_SIZE',
    'PASSWORD_POLICY',
    'TOKEN_LIFETIME',
    'SESSION_KEY_MAX_AGE',
    // named exceptions
    'PWD',
    'OLDPWD',
    'APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'GIT_ASKPASS',
    // unrelated
    'NODE_ENV',
    'PATH',
    'DATABASE_URL',
    'AZURE_CLIENT_ID',
    'USERNAME',
    'VERSION',
    '',
  ];
  for (const n of secret) it(`${n} is secret-like`, () => assert.equal(isSecretName(n), true));
  for (const n of notSecret) it(`${n || '(empty)'} is not`, () => assert.equal(isSecretName(n), false));
});

describe('isNonSecretValue', () => {
  it('accepts empty, switches and absolute paths', () => {
    for (const v of ['', '  ', 'true', 'FALSE', 'no', 'none', 'disabled', '0', '/run/secrets/db_password', '~/.npmrc']) {
      assert.equal(isNonSecretValue(v), true, v);
    }
  });
  it('keeps anything that may be a secret', () => {
    for (const v of ['hunter2', '123456', 'changeme', 'postgres', '/not a path', 'http://x', '$TOKEN']) {
      assert.equal(isNonSecretValue(v), false, v);
    }
  });
});

describe('placeholders and default credentials', () => {
  it('reads placeholders as no value', () => {
    for (const v of ['xxx', 'XXXX', '***', '...', '<your-key>', 'your_api_key_here', 'YOUR-SECRET', 'replace-me', 'TODO', '{{ secret }}']) {
      assert.equal(isPlaceholderValue(v), true, v);
      assert.equal(isNonSecretValue(v), true, v);
    }
    for (const v of ['changeme', 'x', 'yourself123', 'hunter2', 'abcxxx']) assert.equal(isPlaceholderValue(v), false, v);
  });
  it('knows the passwords anyone tries first', () => {
    for (const v of ['password', 'Postgres', 'changeme', 'root']) assert.equal(isDefaultCredential(v), true, v);
    assert.equal(isDefaultCredential('paperless', comparableValues([' Paperless'])), true);
    assert.equal(isDefaultCredential('9f8e7d6c5b4a', comparableValues(['app'])), false);
    assert.equal(isDefaultCredential(' ', comparableValues([''])), false, 'an empty value is not a copy');
  });
});

describe('findTokenFormat', () => {
  const positives: [string, string][] = [
    ['aws-access-key-id', fake('AKIA', chars(B32, 16))],
    ['aws-access-key-id', fake('ASIA', chars(B32, 16))],
    ['github-pat', fake('ghp_', chars(ALNUM, 36))],
    ['github-oauth', fake('gho_', chars(ALNUM, 36))],
    ['github-app', fake('ghs_', chars(ALNUM, 36))],
    ['github-app', fake('ghu_', chars(ALNUM, 36))],
    ['github-refresh', fake('ghr_', chars(ALNUM, 36))],
    ['github-fine-grained-pat', fake('github_pat_', chars(ALNUM, 22), '_', chars(ALNUM, 59))],
    ['gitlab-pat', fake('glpat-', chars(ALNUM, 20))],
    ['gitlab-token', fake('glrt-', chars(ALNUM, 20))],
    ['gitlab-trigger-token', fake('glptt-', chars(HEX, 40))],
    ['gitlab-runner-registration', fake('GR1348941', chars(ALNUM, 20))],
    ['dockerhub-token', fake('dckr_pat_', chars(ALNUM, 27))],
    ['slack-token', fake('xoxb-', chars(DIGITS, 12), '-', chars(DIGITS, 13), '-', chars(ALNUM, 24))],
    ['slack-app-token', fake('xapp-1-', chars(UPPER + DIGITS, 11), '-', chars(DIGITS, 13), '-', chars(HEX, 64))],
    ['slack-webhook', fake('https://hooks.slack.com/services/T', chars(UPPER, 8), '/B', chars(UPPER, 10), '/', chars(ALNUM, 24))],
    ['stripe-key', fake('sk_live_', chars(ALNUM, 24))],
    ['stripe-key', fake('rk_live_', chars(ALNUM, 24))],
    ['stripe-key', fake('sk_test_', chars(ALNUM, 24))],
    ['openai-key', fake('sk-proj-', chars(ALNUM, 40), 'T3BlbkFJ', chars(ALNUM, 40))],
    ['openai-legacy-key', fake('sk-', chars(ALNUM, 20), 'T3BlbkFJ', chars(ALNUM, 20))],
    ['anthropic-key', fake('sk-ant-api03-', chars(ALNUM, 93), 'AA')],
    ['google-api-key', fake('AIza', chars(ALNUM, 35))],
    ['google-oauth-token', fake('ya29.', chars(ALNUM, 60))],
    ['npm-token', fake('npm_', chars(ALNUM, 36))],
    ['pypi-token', fake('pypi-AgEIcHlwaS5vcmc', chars(ALNUM, 60))],
    ['rubygems-key', fake('rubygems_', chars(HEX, 48))],
    ['huggingface-token', fake('hf_', chars(UPPER + LOWER, 34))],
    ['huggingface-token', fake('api_org_', chars(UPPER + LOWER, 34))],
    ['digitalocean-token', fake('dop_v1_', chars(HEX, 64))],
    ['sendgrid-key', fake('SG.', chars(ALNUM, 22), '.', chars(ALNUM, 43))],
    ['twilio-key', fake('SK', chars(HEX, 32))],
    ['mailgun-key', fake('key-', chars(HEX, 32))],
    ['mailchimp-key', fake(chars(HEX, 32), '-us21')],
    ['square-token', fake('sq0atp-', chars(ALNUM, 22))],
    ['shopify-token', fake('shpat_', chars(HEX, 32))],
    ['databricks-token', fake('dapi', chars(HEX, 32))],
    ['heroku-key', fake('HRKU-AA', chars(ALNUM, 58))],
    ['grafana-service-account', fake('glsa_', chars(ALNUM, 32), '_', chars(HEX, 8))],
    ['onepassword-service-account', fake('ops_eyJ', chars(ALNUM, 300))],
    ['terraform-token', fake(chars(ALNUM, 14), '.atlasv1.', chars(ALNUM, 67))],
    ['age-key', fake('AGE-SECRET-KEY-1', chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58))],
    ['azure-client-secret', fake(chars(ALNUM, 3), '8Q~', chars(ALNUM, 34))],
    ['jwt', fake('eyJ', chars(ALNUM, 30), '.eyJ', chars(ALNUM, 60), '.', chars(ALNUM, 43))],
    ['private-key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['private-key', '-----BEGIN RSA PRIVATE KEY-----'],
    ['private-key', '-----BEGIN PRIVATE KEY-----'],
    ['private-key', '-----BEGIN PGP PRIVATE KEY BLOCK-----'],
    ['putty-key', 'PuTTY-User-Key-File-3: ssh-ed25519'],
    ['url-credentials', fake('postgres://app:', chars(ALNUM, 16), '@db:5432/app')],
  ];
  for (const [id, token] of positives) {
    it(`finds ${id} alone and inside a value, with its span`, () => {
      assert.equal(findTokenFormat(token)?.id, id, token);
      const prefix = 'Bearer "';
      const found = findTokenFormat(`${prefix}${token}" # x`);
      assert.equal(found?.id, id);
      const expectedEnd = id === 'putty-key' ? prefix.length + 'PuTTY-User-Key-File-3:'.length : prefix.length + token.length;
      const end = id === 'url-credentials' ? prefix.length + token.indexOf('@') + 1 : expectedEnd;
      assert.deepEqual(found?.span, { start: prefix.length, end });
    });
  }

  const negatives: [string, string][] = [
    ['AWS documentation key', fake('AKIA', 'IOSFODNN7', 'EXAMPLE')],
    ['AWS id one char short', fake('AKIA', chars(B32, 15))],
    ['AWS id inside a longer word', fake('X', 'AKIA', chars(B32, 16))],
    ['AWS id with a lower-case letter', fake('AKIA', chars(B32, 15), 'a')],
    ['GitHub PAT too short', fake('ghp_', chars(ALNUM, 35))],
    ['GitHub PAT too long', fake('ghp_', chars(ALNUM, 37))],
    ['unknown gh prefix', fake('ghx_', chars(ALNUM, 36))],
    ['GitLab PAT too short', fake('glpat-', chars(ALNUM, 19))],
    ['Docker Hub token too short', fake('dckr_pat_', chars(ALNUM, 10))],
    ['Slack token too short', 'xoxb-123'],
    ['Stripe publishable key', fake('pk_live_', chars(ALNUM, 24))],
    ['OpenAI project key without marker', fake('sk-proj-', chars(ALNUM, 90))],
    ['Anthropic key with wrong tail', fake('sk-ant-api03-', chars(ALNUM, 93), 'AB')],
    ['Google key too short', fake('AIza', chars(ALNUM, 30))],
    ['npm token too short', fake('npm_', chars(ALNUM, 20))],
    ['npm package spec', 'npm_config_cache=/tmp/npm'],
    ['HF token with digits', fake('hf_', chars(LOWER, 30), '1234')],
    ['PEM public key', '-----BEGIN PUBLIC KEY-----'],
    ['certificate', '-----BEGIN CERTIFICATE-----'],
    ['JWT-ish without payload', fake('eyJ', chars(ALNUM, 30), '.', chars(ALNUM, 30))],
    ['URL without password', 'https://user@example.com/'],
    ['URL with variable password', 'postgres://app:${DB_PASSWORD}@db/app'],
    ['URL with placeholder password', 'postgres://app:<password>@db/app'],
    ['URL with word password', 'postgres://user:password@localhost/db'],
    ['plain words', 'my-secret-value'],
    ['a version', '1.2.3'],
    ['a git sha', chars(HEX, 40)],
    ['a sha256 digest', fake('sha256:', chars(HEX, 64))],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['empty', ''],
  ];
  for (const [name, value] of negatives) {
    it(`ignores ${name}`, () => assert.equal(findTokenFormat(value), undefined, value));
  }

  it('returns the earliest token when a value holds several', () => {
    const gh = fake('ghp_', chars(ALNUM, 36));
    const npm = fake('npm_', chars(ALNUM, 36));
    assert.equal(findTokenFormat(`${npm} ${gh}`)?.id, 'npm-token');
    assert.equal(findTokenFormat(`${gh} ${npm}`)?.id, 'github-pat');
  });

  it('skips a rejected match and finds a later real one', () => {
    const real = fake('https://u:', chars(ALNUM, 12), '@h');
    const found = findTokenFormat(`https://u:$P@h ${real}`);
    assert.equal(found?.id, 'url-credentials');
    assert.equal(found?.span.start, 'https://u:$P@h '.length);
  });

  it('every pattern is anchored by a boundary or a literal prefix, and has no nested quantifier', () => {
    for (const f of TOKEN_FORMATS) {
      assert.doesNotMatch(f.re.source, /\([^()]*[*+}][^()]*\)[*+?{]/, `${f.id}: quantified group holding a quantifier`);
      assert.doesNotMatch(f.re.source, /(?<!\\)[*+](?![^[]*\])/, `${f.id}: unbounded quantifier`);
    }
  });

  it('stays linear on hostile input (no catastrophic backtracking)', () => {
    const hostile = (n: number) => [
      'a'.repeat(n),
      'A'.repeat(n),
      '0'.repeat(n),
      'eyJ'.repeat(n / 3),
      `eyJ${'a'.repeat(n)}.eyJ${'a'.repeat(n)}`,
      `sk-proj-${'a'.repeat(n)}`,
      'sk-ant-api03-'.repeat(n / 13),
      `x://${'a'.repeat(n)}:${'b'.repeat(n)}`,
      'a:'.repeat(n / 2),
      'ghp_'.repeat(n / 4),
      '-----BEGIN '.repeat(n / 11),
      `${'a'.repeat(31)}-us`.repeat(n / 34),
    ];
    assertLinear('findTokenFormat on runs', hostile, (texts) => texts.map(findTokenFormat), 50_000);
  });
});
