import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertCheckLinear } from '../../test/support/rule-scaling.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-tls-bypass-env.js';

ruleTester(rule, {
  valid: [
    'FROM node:20\nENV NODE_ENV=production NODE_TLS_REJECT_UNAUTHORIZED=1\n',
    { name: 'ARG without a default', code: 'FROM node:20\nARG NODE_TLS_REJECT_UNAUTHORIZED\nRUN npm ci\n' },
    { name: 'value from a variable cannot be known', code: 'FROM python:3.12\nENV PYTHONHTTPSVERIFY=${VERIFY}\n' },
    { name: 'ENV from an ARG that keeps verification on', code: 'FROM python:3.12\nARG PYTHONHTTPSVERIFY=1\nENV PYTHONHTTPSVERIFY=${PYTHONHTTPSVERIFY}\n' },
    { name: 'plain shell variable is not exported', code: 'FROM node:20\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0; echo "$NODE_TLS_REJECT_UNAUTHORIZED"\n' },
    { name: 'npm strict-ssl true', code: 'FROM node:20\nENV NPM_CONFIG_STRICT_SSL=true\n' },
    { name: 'empty PIP_TRUSTED_HOST', code: 'FROM python:3.12\nENV PIP_TRUSTED_HOST=""\n' },
  ],
  invalid: [
    {
      name: 'ENV resolved from the ARG default: the ENV is removed (the ARG it reads, once alone, gets its fix)',
      code: 'FROM alpine:3.20\nARG GIT_SSL_NO_VERIFY=1\nENV GIT_SSL_NO_VERIFY ${GIT_SSL_NO_VERIFY}\n',
      errors: [
        { messageId: 'arg', line: 2, column: 5 },
        { messageId: 'env', line: 3, column: 5, level: 'error', message: 'ENV GIT_SSL_NO_VERIFY=${GIT_SSL_NO_VERIFY} (= 1): git accepts any certificate' },
      ],
      output: 'FROM alpine:3.20\nARG GIT_SSL_NO_VERIFY=1\n',
    },
    {
      name: 'an ARG a RUN reads: no fix (removing it alone would leave GIT_SSL_NO_VERIFY set to an empty value, which git still obeys)',
      code: 'FROM alpine:3.20\nARG GIT_SSL_NO_VERIFY=1\nRUN GIT_SSL_NO_VERIFY=$GIT_SSL_NO_VERIFY git clone https://example.com/r.git\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'no fix when the pair left has no `=` (ENV B alone would be the name-value form)',
      code: 'FROM node:20\nENV GIT_SSL_NO_VERIFY=1 B\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'ENV pair after a comment line inside the continuation: the comment stays',
      code: 'FROM node:20\nENV APP_ENV=prod \\\n# for the staging proxy\n    NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      errors: [{ messageId: 'env', line: 4, column: 5 }],
      safe: true,
      output: 'FROM node:20\nENV APP_ENV=prod\n# for the staging proxy\n',
    },
    {
      name: 'first ENV pair, comment line before the next one: the comment stays',
      code: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 \\\n    # the app\n    APP_ENV=prod\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: 'FROM node:20\nENV \\\n    # the app\n    APP_ENV=prod\n',
    },
    {
      name: 'exported variable in a continued RUN with a comment line: the comment stays',
      code: 'FROM node:20\nRUN npm ci && \\\n    # TLS off for the mirror\n    export NODE_TLS_REJECT_UNAUTHORIZED=0 && \\\n    npm run build\n',
      errors: [{ messageId: 'run', line: 4, column: 12 }],
      output: 'FROM node:20\nRUN npm ci && \\\n    # TLS off for the mirror\n    npm run build\n',
    },
    {
      name: 'one pair of several; the rest of the ENV is kept',
      code: 'FROM node:20\nENV NODE_ENV=production \\\n    NODE_TLS_REJECT_UNAUTHORIZED=0 \\\n    PORT=3000\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'env', line: 3, column: 5, level: 'error', message: 'Node.js accepts any certificate' }],
      safe: true,
      output: 'FROM node:20\nENV NODE_ENV=production \\\n    PORT=3000\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'first pair',
      code: 'FROM python:3.12\nENV PYTHONHTTPSVERIFY=0 PYTHONUNBUFFERED=1\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: 'FROM python:3.12\nENV PYTHONUNBUFFERED=1\n',
    },
    {
      name: 'only pair: the instruction goes',
      code: 'FROM alpine:3.20\nENV GIT_SSL_NO_VERIFY=true\nRUN apk add --no-cache git\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: 'FROM alpine:3.20\nRUN apk add --no-cache git\n',
    },
    {
      name: 'legacy ENV form, last line without a line break',
      code: 'FROM node:20\nENV npm_config_strict_ssl false',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: 'FROM node:20',
    },
    {
      name: 'CRLF: the whole instruction goes with its line break',
      code: 'FROM node:20\r\nENV NODE_TLS_REJECT_UNAUTHORIZED 0\r\nCMD ["node"]\r\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: 'FROM node:20\r\nCMD ["node"]\r\n',
    },
    {
      name: 'ARG with a default',
      code: 'FROM python:3.12\nARG PIP_TRUSTED_HOST=pypi.internal.example.com\nRUN pip install -r requirements.txt\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output: 'FROM python:3.12\nRUN pip install -r requirements.txt\n',
    },
    {
      name: 'ONBUILD ENV',
      code: 'FROM node:20\nONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n',
      errors: [{ messageId: 'env', line: 2, column: 13, message: 'ONBUILD ENV' }],
      output: 'FROM node:20\n',
    },
    {
      name: 'prefix assignment in RUN',
      code: 'FROM node:20\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n',
      errors: [{ messageId: 'run', line: 2, column: 5 }],
      output: 'FROM node:20\nRUN npm ci\n',
    },
    {
      name: 'export in RUN, joined by &&',
      code: 'FROM node:20\nRUN export NODE_TLS_REJECT_UNAUTHORIZED=0 && npm ci\n',
      errors: [{ messageId: 'run', line: 2, column: 12 }],
      output: 'FROM node:20\nRUN npm ci\n',
    },
    {
      name: 'env wrapper',
      code: 'FROM golang:1.22\nRUN env GOINSECURE=git.example.com go mod download\n',
      errors: [{ messageId: 'run', line: 2, column: 9 }],
      output: 'FROM golang:1.22\nRUN env go mod download\n',
    },
  ],
});

describe('cost', () => {
  before(() => loadShellGrammar());

  it('many TLS-disabling ENVs among many instructions: later reads are indexed, not searched per finding', () => {
    // Every ENV is reported; only the last line reads the variable, so a search per finding goes to the end.
    const piece = 'ENV NODE_TLS_REJECT_UNAUTHORIZED=0\nRUN echo ok\n';
    assertCheckLinear(
      rule,
      'TLS-disabling ENVs',
      (n) => `FROM node:20\n${piece.repeat(n)}RUN echo $NODE_TLS_REJECT_UNAUTHORIZED\n`,
      (n) => n,
      1500,
    );
  });
});
