import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertCheckLinear } from '../../test/support/rule-scaling.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-hardcoded-secret.js';

// Built from parts so that secret scanners do not flag this test file.
const GHP = ['ghp', '_', 'Xq3L9vTz2Kc8Rm4Wn6Yb1Pd5Hs7Jf0Ga2Uex'].join('');
const AKIA = ['AK', 'IA', 'QW3E4R5T6Y7U2I3O'].join('');
const SLACK = ['xox', 'b-', '2413582971-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'].join('');
const PEM = ['-----BEGIN ', 'RSA PRIVATE KEY', '-----'].join('');
const STRIPE = ['sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('');

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN echo hello\n',
    { name: 'AWS documentation example key', code: 'FROM alpine:3.20\nENV AWS_REGION=eu-west-1 EXAMPLE_ID=AKIAIOSFODNN7EXAMPLE\n' },
    { name: 'token in a secret-named ENV is DF002’s (one finding)', code: `FROM alpine:3.20\nENV GITHUB_TOKEN=${GHP}\n` },
    { name: 'token in a secret-named ARG default is DF002’s', code: `FROM alpine:3.20\nARG AWS_ACCESS_KEY_ID=${AKIA}\n` },
    { name: 'URL password in RUN is DF042’s', code: 'FROM alpine:3.20\nRUN curl -fsSo /x https://deploy:Sup3rS3cret@repo.example.com/x\n' },
    { name: 'URL with a variable password', code: 'FROM alpine:3.20\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n' },
    {
      name: 'well-known default login (user = password)',
      code: 'FROM python:3.12\nENV DATABASE_URL=postgres://postgres:postgres@db:5432/app BROKER=amqp://guest:guest@mq:5672//\n',
    },
    { name: 'a public key fingerprint', code: 'FROM debian:12\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n' },
    { name: 'token in a secret-named ONBUILD ENV is DF002’s too', code: `FROM alpine:3.20\nONBUILD ENV GITHUB_TOKEN=${GHP}\n` },
    { name: 'URL password in an ONBUILD RUN is DF042’s too', code: 'FROM alpine:3.20\nONBUILD RUN curl -fsSo /x https://deploy:Sup3rS3cret@repo.example.com/x\n' },
    { name: 'digest pins', code: 'FROM alpine@sha256:0a4eaa0eecf5f8c050e5bba433f58c052be7587ee8af3e8b3910ef9ab5fbe9f5\n' },
  ],
  invalid: [
    {
      name: 'token in a non-secret-named ENV',
      code: `FROM alpine:3.20\nENV HELPER_CONFIG=${GHP}\n`,
      errors: [{ messageId: 'token', line: 2, column: 19, endColumn: 59, level: 'error', message: 'GitHub personal access token' }],
    },
    {
      name: 'token in a RUN command and in a comment',
      code: `FROM alpine:3.20\n# old key: ${AKIA}\nRUN curl -H "Authorization: Bearer ${GHP}" https://api.github.com/user\n`,
      errors: [
        { messageId: 'token', line: 2, column: 12, message: 'AWS access key ID' },
        { messageId: 'token', line: 3, column: 36, message: 'GitHub personal access token' },
      ],
    },
    {
      name: 'token in a non-secret-named ONBUILD ENV',
      code: `FROM alpine:3.20\nONBUILD ENV HELPER_CONFIG=${GHP}\n`,
      errors: [{ messageId: 'token', line: 2, column: 27, message: 'GitHub personal access token' }],
    },
    {
      name: 'URL password outside RUN (ENV with a non-secret name)',
      code: 'FROM python:3.12\nENV DATABASE_URL=postgres://app:Pr0dPassw0rd@db.internal:5432/app\n',
      errors: [{ messageId: 'token', line: 2, column: 18, message: 'password in a URL' }],
    },
    {
      name: 'token inside a URL in RUN: the token is reported, not the URL',
      code: `FROM alpine:3.20\nRUN git clone https://x-access-token:${GHP}@github.com/o/r.git\n`,
      errors: [{ messageId: 'token', line: 2, column: 38, message: 'GitHub personal access token' }],
    },
    {
      name: 'private key in a COPY heredoc; Slack and Stripe in a LABEL',
      code: `FROM alpine:3.20\nCOPY <<EOF /root/.ssh/id_rsa\n${PEM}\nMIIE\nEOF\nLABEL hook="${SLACK}" billing="${STRIPE}"\n`,
      errors: [
        { messageId: 'token', line: 3, column: 1, message: 'PEM private key' },
        { messageId: 'token', line: 6, column: 13, message: 'Slack token' },
        { messageId: 'token', line: 6, column: 78, message: 'Stripe secret key' },
      ],
    },
  ],
});

describe('cost', () => {
  before(() => loadShellGrammar());

  it('many tokens in one stage: each is weighed against the last one kept, not every one kept', () => {
    assertCheckLinear(
      rule,
      'tokens in LABELs',
      (n) => `FROM alpine:3.20\n${Array.from({ length: n }, (_, i) => `LABEL k${i}=${GHP}\n`).join('')}`,
      (n) => n,
      1500,
    );
  });

  it('many secret-named ENVs: whether a token is in one is looked up, not searched', () => {
    assertCheckLinear(
      rule,
      'tokens in secret-named ENVs',
      (n) => `FROM alpine:3.20\n${Array.from({ length: n }, (_, i) => `ENV GITHUB_TOKEN_${i}=${GHP}\n`).join('')}`,
      () => 0,
      1500,
    );
  });

  it('many RUNs with a URL password: whether it is in a RUN is looked up, not searched', () => {
    assertCheckLinear(
      rule,
      'URL passwords in RUNs',
      (n) => `FROM alpine:3.20\n${'RUN curl -o /x https://deploy:Pa55w0rd@h.example.com/x\n'.repeat(n)}`,
      () => 0,
      1500,
    );
  });
});
