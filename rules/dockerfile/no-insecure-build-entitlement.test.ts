import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-insecure-build-entitlement.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN --network=none make test\n',
    { name: 'sandbox is the default', code: 'FROM alpine:3.20\nRUN --security=sandbox make\n' },
    { name: 'cache mount', code: 'FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache/go-build go build ./...\n' },
    { name: 'the words in the script are not flags', code: 'FROM alpine:3.20\nRUN echo --network=host\n' },
  ],
  invalid: [
    {
      name: 'security=insecure',
      code: '# syntax=docker/dockerfile:1-labs\nFROM alpine:3.20\nRUN --security=insecure mount -t tmpfs none /mnt\n',
      errors: [{ messageId: 'insecure', line: 3, column: 5, endColumn: 24, level: 'warning' }],
      safe: false,
      output: '# syntax=docker/dockerfile:1-labs\nFROM alpine:3.20\nRUN mount -t tmpfs none /mnt\n',
    },
    {
      name: 'network=host after another flag',
      code: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm --network=host npm ci\n',
      errors: [{ messageId: 'hostNetwork', line: 2, column: 42 }],
      output: 'FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    },
    {
      name: 'ONBUILD RUN',
      code: 'FROM node:20\nONBUILD RUN --network=host npm ci\n',
      errors: [{ messageId: 'hostNetwork', line: 2, column: 13 }],
      output: 'FROM node:20\nONBUILD RUN npm ci\n',
    },
  ],
});
