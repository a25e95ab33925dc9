import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-chown-to-runtime-user.js';

ruleTester(rule, {
  valid: [
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
    { name: 'chown of a data directory', code: 'FROM node:20-slim\nCOPY --chown=node:node seed/ /data/\nUSER node\n' },
    { name: 'chown to another user than the runtime one', code: 'FROM debian:12\nCOPY --chown=www-data:www-data conf /etc/app\nUSER app\n' },
    { name: 'runs as root: DF001 territory', code: 'FROM node:20-slim\nCOPY --chown=node:node . /app\n' },
    { name: 'build stage', code: 'FROM node:20 AS build\nCOPY --chown=node:node . /src\nUSER node\nFROM node:20-slim\nCOPY --from=build /src/dist /app\nUSER node\n' },
  ],
  invalid: [
    {
      name: 'node app owned by node',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'chown', line: 3, column: 6, endColumn: 23, level: 'hint' }],
      output: null,
    },
    {
      name: 'numeric owner matches numeric USER',
      code: 'FROM gcr.io/distroless/static-debian12\nCOPY --from=build --chown=65532:65532 /out/app /app\nUSER 65532:65532\n',
      errors: [{ messageId: 'chown', line: 2, column: 19 }],
    },
  ],
});
