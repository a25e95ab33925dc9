import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fixesFor, lintText } from '../api.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertLinear } from '../../test/support/scaling.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-secret-in-arg-env.js';

// Fake tokens are assembled at run time so that no token-shaped literal sits in the repository.
const GHP = ['ghp', '_', 'Xq3L9vTz2Kc8Rm4Wn6Yb1Pd5Hs7Jf0Ga2Uex'].join('');
const AKIA = ['AK', 'IA', 'QW3E4R5T6Y7U2I3O'].join('');
const MOUNT_NPM = '--mount=type=secret,id=npm_token,env=NPM_TOKEN ';

ruleTester(rule, {
  valid: [
    { name: '*_FILE points at a secret', code: 'FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n' },
    { name: 'PUBLIC_KEY', code: 'FROM alpine:3.20\nARG PUBLIC_KEY\nRUN echo "$PUBLIC_KEY" >> /etc/keys\n' },
    { name: 'KEY_VERSION', code: 'FROM alpine:3.20\nENV KEY_VERSION=3\n' },
    { name: 'AUTHOR and MONKEY are not secret words', code: 'FROM alpine:3.20\nARG AUTHOR=me\nENV MONKEY=1 TOKENS=5\n' },
    { name: 'quantity names', code: 'FROM alpine:3.20\nENV TOKEN_TTL=3600 PASSWORD_MIN_LENGTH=12 SESSION_KEY_MAX_AGE=86400\n' },
    { name: 'GPG_KEY fingerprint of official images', code: 'FROM debian:12\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\n' },
    { name: 'ENV clearing a token holds nothing', code: 'FROM node:20\nENV NPM_TOKEN= GITHUB_TOKEN=""\n' },
    { name: 'switch values', code: 'FROM bitnami/redis:7.2\nENV ALLOW_EMPTY_PASSWORD=yes REDIS_PASSWORD=none\n' },
    { name: 'a path under a secret-like name', code: 'FROM alpine:3.20\nARG SSH_KEY=/root/.ssh/id_ed25519\nENV TLS_KEY=/etc/tls/tls.key\n' },
    { name: 'credential-file variables', code: 'FROM python:3.12\nENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/sa.json\n' },
    { name: 'apt switch and the agent socket', code: 'FROM debian:12\nENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1 SSH_AUTH_SOCK=/ssh-agent\n' },
    { name: 'already a secret mount', code: '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n' },
    '',
  ],
  invalid: [
    {
      name: 'the syntax line goes after the BOM; a comment line inside the removed ARG stays',
      code: '\uFEFFFROM node:20\nARG \\\n# the registry token\n    NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN && npm ci\n',
      errors: [{ messageId: 'arg', line: 4, column: 5 }],
      fixTitle: 'Convert NPM_TOKEN to a secret mount',
      output: `\uFEFF# syntax=docker/dockerfile:1\nFROM node:20\n# the registry token\nRUN ${MOUNT_NPM}npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN && npm ci\n`,
    },
    {
      name: 'ARG used by a RUN: mount it there, drop the ARG, add the syntax line',
      code: 'FROM node:20\nARG NPM_TOKEN\nRUN npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN && npm ci\n',
      errors: [
        {
          messageId: 'arg',
          line: 2,
          column: 5,
          endLine: 2,
          endColumn: 14,
          level: 'warning',
          message: '`docker build --secret id=npm_token,env=NPM_TOKEN`',
        },
      ],
      fixTitle: 'Convert NPM_TOKEN to a secret mount',
      safe: false,
      output: `# syntax=docker/dockerfile:1\nFROM node:20\nRUN ${MOUNT_NPM}npm config set //registry.npmjs.org/:_authToken=$NPM_TOKEN && npm ci\n`,
    },
    {
      name: 'ARG passed through ENV: one fix converts both',
      code: 'FROM node:20\nARG NPM_TOKEN\nENV NPM_TOKEN=$NPM_TOKEN\nCOPY . .\nRUN echo "//r.example/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nCMD ["node", "."]\n',
      errors: [
        { messageId: 'arg', line: 2, column: 5 },
        { messageId: 'env', line: 3, column: 5, message: 'stored in the image config' },
      ],
      fixes: [
        {
          title: 'Convert NPM_TOKEN to a secret mount',
          safe: false,
          output:
            '# syntax=docker/dockerfile:1\nFROM node:20\nCOPY . .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//r.example/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nCMD ["node", "."]\n',
        },
        {
          title: 'Convert NPM_TOKEN to a secret mount',
          safe: false,
          output:
            '# syntax=docker/dockerfile:1\nFROM node:20\nCOPY . .\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo "//r.example/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci\nCMD ["node", "."]\n',
        },
      ],
    },
    {
      name: 'heredoc RUN keeps its body',
      code: 'FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN <<EOF\nset -e\ncurl -H "Authorization: token ${GITHUB_TOKEN}" https://api.github.com/user\nEOF\n',
      errors: [{ messageId: 'arg', line: 2, column: 5, message: 'id=github_token,env=GITHUB_TOKEN' }],
      output:
        '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN <<EOF\nset -e\ncurl -H "Authorization: token ${GITHUB_TOKEN}" https://api.github.com/user\nEOF\n',
    },
    {
      name: 'RUN with an existing --mount flag; only the RUNs that use it',
      code: 'FROM python:3.12\nARG PIP_INDEX_TOKEN\nRUN pip install -U pip\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --index-url "https://__token__:${PIP_INDEX_TOKEN:-}@pypi.example.com/simple" app\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output:
        '# syntax=docker/dockerfile:1\nFROM python:3.12\nRUN pip install -U pip\nRUN --mount=type=secret,id=pip_index_token,env=PIP_INDEX_TOKEN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --index-url "https://__token__:${PIP_INDEX_TOKEN:-}@pypi.example.com/simple" app\n',
    },
    {
      name: 'one property among several on an ENV line',
      code: '# syntax=docker/dockerfile:1.12\nFROM alpine:3.20\nENV APP_HOME=/app DB_PASSWORD=$DB_PASSWORD LOG_LEVEL=info\nRUN ./migrate --password "$DB_PASSWORD"\n',
      errors: [{ messageId: 'env', line: 3, column: 19, endColumn: 30 }],
      output:
        '# syntax=docker/dockerfile:1.12\nFROM alpine:3.20\nENV APP_HOME=/app LOG_LEVEL=info\nRUN --mount=type=secret,id=db_password,env=DB_PASSWORD ./migrate --password "$DB_PASSWORD"\n',
    },
    {
      name: 'first property of an ENV, continued over lines',
      code: 'FROM alpine:3.20\nENV API_KEY=$API_KEY \\\n    PORT=8080\nRUN fetch --key "$API_KEY"\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nENV PORT=8080\nRUN --mount=type=secret,id=api_key,env=API_KEY fetch --key "$API_KEY"\n',
    },
    {
      name: 'middle property of an ENV continued over lines',
      code: 'FROM alpine:3.20\nENV A=1 \\\n    API_KEY=$API_KEY \\\n    B=2\nRUN fetch --key "$API_KEY"\n',
      errors: [{ messageId: 'env', line: 3, column: 5 }],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nENV A=1 \\\n    B=2\nRUN --mount=type=secret,id=api_key,env=API_KEY fetch --key "$API_KEY"\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM node:20\r\nARG NPM_TOKEN\r\nRUN npm ci --token=$NPM_TOKEN\r\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output: `# syntax=docker/dockerfile:1\r\nFROM node:20\r\nRUN ${MOUNT_NPM}npm ci --token=$NPM_TOKEN\r\n`,
    },
    {
      name: 'a literal GitHub token escalates to error',
      code: `FROM alpine:3.20\nENV GITHUB_TOKEN=${GHP}\nRUN gh-fetch --token "$GITHUB_TOKEN"\n`,
      errors: [{ messageId: 'envLiteral', line: 2, column: 5, level: 'error', message: 'literal GitHub personal access token' }],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN gh-fetch --token "$GITHUB_TOKEN"\n',
    },
    {
      name: 'a literal AWS key id as an ARG default escalates too',
      code: `FROM amazon/aws-cli:2.17.0\nARG AWS_ACCESS_KEY_ID=${AKIA}\nARG AWS_SECRET_ACCESS_KEY\n`,
      errors: [
        { messageId: 'argLiteral', line: 2, column: 5, level: 'error', message: 'AWS access key ID' },
        { messageId: 'arg', line: 3, column: 5, level: 'warning' },
      ],
      output: null,
    },
    {
      name: 'a literal value of no known format stays a warning',
      code: 'FROM postgres:16\nENV POSTGRES_PASSWORD=hunter2\n',
      errors: [{ messageId: 'env', line: 2, column: 5, level: 'warning' }],
      output: null,
    },
    {
      name: 'global ARG and its stage re-declaration convert together',
      code: 'ARG NPM_TOKEN\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\n',
      errors: [
        { messageId: 'arg', line: 1, column: 5 },
        { messageId: 'arg', line: 3, column: 5 },
      ],
      fixes: [
        {
          title: 'Convert NPM_TOKEN to a secret mount',
          safe: false,
          output: '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\n',
        },
        {
          title: 'Convert NPM_TOKEN to a secret mount',
          safe: false,
          output: '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\n',
        },
      ],
    },
    {
      name: 'a global ARG re-declared in two stages: every stage is converted',
      code: 'ARG NPM_TOKEN\nFROM node:20 AS deps\nARG NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\nFROM node:20\nARG NPM_TOKEN\nRUN npm i -g tool --token=$NPM_TOKEN\n',
      errors: [
        { messageId: 'arg', line: 1, column: 5 },
        { messageId: 'arg', line: 3, column: 5 },
        { messageId: 'arg', line: 6, column: 5 },
      ],
      fixes: [
        {
          title: 'Convert NPM_TOKEN to a secret mount',
          safe: false,
          output:
            '# syntax=docker/dockerfile:1\nFROM node:20 AS deps\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm i -g tool --token=$NPM_TOKEN\n',
        },
        {
          title: 'Convert NPM_TOKEN to a secret mount',
          safe: false,
          output:
            '# syntax=docker/dockerfile:1\nFROM node:20 AS deps\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm i -g tool --token=$NPM_TOKEN\n',
        },
        {
          title: 'Convert NPM_TOKEN to a secret mount',
          safe: false,
          output:
            '# syntax=docker/dockerfile:1\nFROM node:20 AS deps\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm i -g tool --token=$NPM_TOKEN\n',
        },
      ],
    },
    {
      name: 'ENV in a build stage that the final image does not inherit',
      code: 'FROM node:20 AS build\nENV NPM_TOKEN=$NPM_TOKEN\nRUN npm ci --token=$NPM_TOKEN\nFROM nginx:1.27\nCOPY --from=build /app /usr/share/nginx/html\n',
      errors: [{ messageId: 'envBuildStage', line: 2, column: 5, message: 'config of build stage build' }],
      output: `# syntax=docker/dockerfile:1\nFROM node:20 AS build\nRUN ${MOUNT_NPM}npm ci --token=$NPM_TOKEN\nFROM nginx:1.27\nCOPY --from=build /app /usr/share/nginx/html\n`,
    },
    {
      name: 'ENV inherited by a later stage: that stage’s RUNs get the mount',
      code: 'FROM node:20 AS base\nENV NPM_TOKEN=$NPM_TOKEN\nFROM base\nRUN npm ci --token=$NPM_TOKEN\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: `# syntax=docker/dockerfile:1\nFROM node:20 AS base\nFROM base\nRUN ${MOUNT_NPM}npm ci --token=$NPM_TOKEN\n`,
    },
    {
      name: 'a frontend pinned below 1.10 (no secret env=) is raised to 1.10',
      code: '# syntax=docker/dockerfile:1.4\nFROM alpine:3.20\nARG API_TOKEN\nRUN curl -H "X-Token: $API_TOKEN" https://example.com\n',
      errors: [{ messageId: 'arg', line: 3, column: 5 }],
      output: '# syntax=docker/dockerfile:1.10\nFROM alpine:3.20\nRUN --mount=type=secret,id=api_token,env=API_TOKEN curl -H "X-Token: $API_TOKEN" https://example.com\n',
    },
    {
      name: 'legacy ENV form: the whole line goes',
      code: 'FROM alpine:3.20\nENV DB_PASSWORD s3cr3t-value\nRUN ./init-db --password "$DB_PASSWORD"\n',
      errors: [{ messageId: 'env', line: 2, column: 5 }],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=secret,id=db_password,env=DB_PASSWORD ./init-db --password "$DB_PASSWORD"\n',
    },
    {
      name: 'a RUN that already mounts it is left alone',
      code: '# syntax=docker/dockerfile:1\nFROM node:20\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\n',
      errors: [{ messageId: 'arg', line: 3, column: 5 }],
      output: '# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --token=$NPM_TOKEN\n',
    },
    {
      name: 'no fix when a non-RUN instruction reads it',
      code: 'FROM alpine:3.20\nARG API_KEY\nLABEL org.example.key=$API_KEY\nRUN fetch --key "$API_KEY"\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'no fix when another variable is built from it',
      code: 'FROM alpine:3.20\nARG DB_PASSWORD\nENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app\nRUN migrate\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'no fix when no RUN names it (a tool may read it from the environment)',
      code: 'FROM node:20\nARG NPM_TOKEN\nCOPY .npmrc .\nRUN npm ci\n',
      errors: [{ messageId: 'arg', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'no fix when it is redefined with another value',
      code: 'FROM alpine:3.20\nARG DB_PASSWORD\nRUN init --password "$DB_PASSWORD"\nENV DB_PASSWORD=changeme\n',
      errors: [
        { messageId: 'arg', line: 2, column: 5 },
        { messageId: 'env', line: 4, column: 5 },
      ],
      output: null,
    },
    {
      name: 'ONBUILD ENV is flagged, without a fix',
      code: 'FROM alpine:3.20\nONBUILD ENV SLACK_TOKEN=$SLACK_TOKEN\n',
      errors: [{ messageId: 'env', line: 2, column: 13 }],
      output: null,
    },
    {
      name: 'several ARGs on one line; names with lower case',
      code: 'FROM alpine:3.20\nARG app_version=1 api_key\nRUN fetch --key "$api_key" --v "$app_version"\n',
      errors: [{ messageId: 'arg', line: 2, column: 19 }],
      output: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nARG app_version=1\nRUN --mount=type=secret,id=api_key,env=api_key fetch --key "$api_key" --v "$app_version"\n',
    },
  ],
});

describe('cost of the fixes', () => {
  before(() => loadShellGrammar());
  /** n secret ARGs in one stage, each read by its own RUN: every finding has a fix. */
  const file = (n: number) => `FROM alpine:3.20\n${Array.from({ length: n }, (_, i) => `ARG API_TOKEN_${i}\nRUN fetch --key "$API_TOKEN_${i}"\n`).join('')}`;
  const fixes = (text: string) => {
    const result = lintText('Dockerfile', text, 'dockerfile', { only: ['DF002'] });
    return result.findings.map((f) => fixesFor(result, f).length);
  };

  it('offers a fix for each of many secret ARGs', () => {
    assert.deepEqual(fixes(file(3)), [1, 1, 1]);
  });

  it('costs time linear in the declarations: the instructions that mention a name are looked up, not searched', () => {
    assertLinear('DF002 fixes of secret ARGs', file, fixes, 400);
  });
});
