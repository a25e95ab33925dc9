import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-secret-removed-later.js';

ruleTester(rule, {
  valid: [
    {
      name: 'written and removed in the same RUN',
      code: 'FROM node:20\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm -f .npmrc\n',
    },
    { name: 'secret mount: nothing to remove', code: 'FROM node:20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nRUN rm -rf /root/.npm\n' },
    { name: 'removing an unrelated file', code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN rm -rf /root/.cache /tmp/*\n' },
    { name: 'removing a copied non-secret file', code: 'FROM alpine:3.20\nCOPY setup.sh /tmp/setup.sh\nRUN sh /tmp/setup.sh\nRUN rm /tmp/setup.sh\n' },
    { name: 'rm in another stage', code: 'FROM alpine:3.20 AS a\nCOPY id_rsa /root/.ssh/id_rsa\nFROM alpine:3.20\nRUN rm -f /root/.ssh/id_rsa\n' },
    {
      name: 'an .npmrc that only names the token variable, removed later: it holds nothing to leak',
      code: 'FROM node:20\nWORKDIR /app\nCOPY .npmrc /root/.npmrc\nRUN npm ci\nRUN rm -f /root/.npmrc\n',
      files: { '.npmrc': '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
    },
    {
      name: 'shred without -u overwrites the file and leaves it: no removal to report',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN shred -n 3 /root/.ssh/id_rsa\n',
    },
    { name: 'public key removed', code: 'FROM alpine:3.20\nCOPY id_rsa.pub /root/.ssh/\nRUN rm /root/.ssh/id_rsa.pub\n' },
  ],
  invalid: [
    {
      name: 'the rm inside an if',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN if [ -f /root/.ssh/id_rsa ]; then rm /root/.ssh/id_rsa; fi\n',
      errors: [{ messageId: 'removedLater', line: 3, column: 42 }],
    },
    {
      name: '.npmrc copied, removed in a later layer, content not readable: the deletion is the evidence',
      code: 'FROM node:20\nCOPY .npmrc /root/.npmrc\nRUN npm ci\nRUN rm -f /root/.npmrc\n',
      errors: [{ messageId: 'removedLaterUnread', line: 4, column: 11, level: 'warning', message: 'does not remove the .npmrc copied at line 2' }],
    },
    {
      name: '.npmrc not in the checkout, copied into a folder',
      code: 'FROM node:20\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci\nRUN rm .npmrc\n',
      files: { 'package.json': '{}' },
      errors: [{ messageId: 'removedLaterUnread', line: 5, column: 8, level: 'warning' }],
    },
    {
      name: 'COPY a key, rm it in a later RUN',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN git clone git@github.com:o/private.git /src\nRUN rm /root/.ssh/id_rsa\n',
      errors: [{ messageId: 'removedLater', line: 4, column: 8, endColumn: 25, level: 'error', message: 'an SSH private key from the image: it was added at line 2' }],
    },
    {
      name: 'COPY into a folder, relative paths under WORKDIR, rm of the folder',
      code: 'FROM node:20\nWORKDIR /app\nCOPY .npmrc package.json ./\nRUN npm ci\nRUN rm -rf /app/.npmrc\n',
      files: { '.npmrc': '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n', 'package.json': '{}' },
      errors: [{ messageId: 'removedLater', line: 5, column: 12 }],
    },
    {
      name: 'RUN writes a token file; a later RUN deletes it after cd',
      code: 'FROM node:20\nWORKDIR /app\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /app/.npmrc && npm ci\nRUN cd /app && rm .npmrc\n',
      errors: [{ messageId: 'removedLater', line: 4, column: 19, message: 'an .npmrc with an auth token' }],
    },
    {
      name: 'copied .ssh folder; removing a file inside it; in a child stage',
      code: 'FROM alpine:3.20 AS base\nCOPY .ssh /root/.ssh\nFROM base\nRUN rm -f /root/.ssh/id_ed25519\n',
      errors: [{ messageId: 'removedLater', line: 4, column: 11 }],
    },
    {
      name: 'secret mount copied to a file, removed later with a glob',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=key cp /run/secrets/key /tmp/deploy.key && ./deploy\nRUN rm -f /tmp/*.key\n',
      errors: [{ messageId: 'removedLater', line: 3, column: 11, message: 'a build secret' }],
    },
    {
      name: 'shred -u: the message names shred, not rm (and -n 3 is its count, not a path)',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN git clone git@github.com:o/private.git /src\nRUN shred -n 3 -zu /root/.ssh/id_rsa\n',
      errors: [{ messageId: 'removedLater', line: 4, column: 20, message: '`shred -zu /root/.ssh/id_rsa` does not remove an SSH private key' }],
    },
    {
      name: 'unlink: named as used',
      code: 'FROM alpine:3.20\nCOPY id_rsa /root/.ssh/id_rsa\nRUN unlink /root/.ssh/id_rsa\n',
      errors: [{ messageId: 'removedLater', line: 3, column: 12, message: '`unlink /root/.ssh/id_rsa` does not remove' }],
    },
    {
      name: 'in a build stage: warning',
      code: 'FROM node:20 AS build\nCOPY .env .env\nRUN npm run build && echo done\nRUN rm .env\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\n',
      errors: [{ messageId: 'removedLater', line: 4, column: 8, level: 'warning' }],
    },
  ],
});
