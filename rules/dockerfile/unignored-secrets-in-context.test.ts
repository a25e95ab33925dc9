import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './unignored-secrets-in-context.js';

const COPY_ALL = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "."]\n';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n';

ruleTester(rule, {
  valid: [
    { name: 'a .dockerignore that excludes them', code: COPY_ALL, files: { '.env': 'A=1\n', '.git/': '', 'src/index.js': '', '.dockerignore': '.git\n.env*\n' } },
    {
      name: 'nothing secret in the context',
      code: COPY_ALL,
      files: { 'package.json': '{}', 'src/index.js': '', '.env.example': 'TOKEN=\n', 'certs/ca.pem': '-----BEGIN CERTIFICATE-----\n' },
    },
    { name: 'copies named files only', code: 'FROM node:20-alpine\nCOPY package.json src/ ./\n', files: { '.env': 'A=1\n', '.git/': '' } },
    { name: 'copies from another stage', code: 'FROM alpine AS b\nFROM alpine\nCOPY --from=b . .\n', files: { '.env': 'A=1\n' } },
    {
      name: 'only a build stage copies everything',
      code: 'FROM node:20 AS build\nCOPY . .\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
      files: { '.env': 'A=1\n' },
    },
    { name: 'no files view', code: COPY_ALL },
    {
      name: 'excluded by <Dockerfile>.dockerignore, which wins over .dockerignore',
      code: COPY_ALL,
      filename: 'app.Dockerfile',
      files: { '.env': 'A=1\n', 'app.Dockerfile.dockerignore': '**/.env\n', '.dockerignore': '' },
    },
    { name: 'secrets below dependency folders are not walked', code: COPY_ALL, files: { 'node_modules/x/.env': 'A=1\n', '.dockerignore': 'node_modules\n' } },
    {
      name: 'the Compose file builds it from a context without secrets',
      code: COPY_ALL,
      filename: 'docker/Dockerfile',
      files: { '.env': 'A=1\n', '../compose.yaml': 'services:\n  web:\n    build:\n      context: ./app\n      dockerfile: ../docker/Dockerfile\n', '../app/index.js': '' },
    },
  ],
  invalid: [
    {
      name: 'no .dockerignore: the fix creates one with what was found',
      code: COPY_ALL,
      files: { '.env': 'DB_PASSWORD=x\n', '.git/': '', 'deploy/id_ed25519': KEY, 'src/index.js': '' },
      errors: [{ messageId: 'noDockerignore', line: 3, column: 1, endLine: 3, endColumn: 9, level: 'warning', message: '.env, .git/, deploy/id_ed25519 will be in the image' }],
      fixTitle: 'Create .dockerignore excluding .env, .git, deploy/id_ed25519',
      safe: true,
      output: COPY_ALL,
      outputFiles: { '.dockerignore': '.env\n.git\ndeploy/id_ed25519\n' },
    },
    {
      name: 'a .dockerignore that misses .env.production; patterns are anchored at the root',
      code: 'FROM python:3.12-slim\nADD . /srv\n',
      files: { '.dockerignore': '.git\n.env\n', '.env': 'A=1\n', '.env.production': 'A=1\n', 'api/.env': 'A=1\n', '.git/': '' },
      errors: [{ messageId: 'notExcluded', line: 2, column: 1, message: '.dockerignore does not exclude .env.production, api/.env' }],
      fixTitle: 'Exclude .env.production, api/.env in .dockerignore',
      output: 'FROM python:3.12-slim\nADD . /srv\n',
      outputFiles: { '.dockerignore': '.git\n.env\n.env.production\napi/.env\n' },
      safe: true,
    },
    {
      name: 'a re-included file counts; a build that runs git needs .git',
      code: 'FROM golang:1.22\nCOPY ./ ./\nRUN git rev-parse HEAD > /version\n',
      files: { '.dockerignore': '*.key\n!server.key\n', 'server.key': 'x', '.git/': '' },
      errors: [{ messageId: 'notExcluded', line: 2, column: 1, message: 'does not exclude server.key:' }],
      output: 'FROM golang:1.22\nCOPY ./ ./\nRUN git rev-parse HEAD > /version\n',
      outputFiles: { '.dockerignore': '*.key\n!server.key\nserver.key\n' },
      safe: true,
    },
    {
      name: 'the final stage is built FROM a stage that copies everything; JSON form',
      code: 'FROM node:20 AS base\nCOPY [".", "/app"]\nFROM base\nUSER node\n',
      files: { '.npmrc': '//registry.npmjs.org/:_authToken=npm_abc\n' },
      errors: [{ messageId: 'noDockerignore', line: 2, column: 1 }],
      safe: true,
      output: 'FROM node:20 AS base\nCOPY [".", "/app"]\nFROM base\nUSER node\n',
      outputFiles: { '.dockerignore': '.npmrc\n' },
    },
    {
      name: 'the Compose file next to it says which context: one folder up',
      code: COPY_ALL,
      filename: 'docker/Dockerfile',
      files: { '../compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n', '../.env': 'A=1\n' },
      errors: [{ messageId: 'noDockerignore', line: 3, column: 1, message: '.env will be in the image' }],
      output: COPY_ALL,
      outputFiles: { '../.dockerignore': '.env\n' },
      safe: true,
    },
    {
      name: 'a name no .dockerignore line can express: the fix excludes the others and is not safe',
      code: COPY_ALL,
      files: { '.env': 'A=1\n', '.env.prod ': 'A=1\n' },
      errors: [{ messageId: 'noDockerignore', line: 3, column: 1 }],
      safe: false,
      fixTitle: 'Create .dockerignore excluding .env (1 more cannot be written as a .dockerignore pattern: exclude them by hand)',
      output: COPY_ALL,
      outputFiles: { '.dockerignore': '.env\n' },
    },
  ],
});
