import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './prefer-numeric-user.js';

ruleTester(rule, {
  valid: [
    { name: 'Windows users have no numeric id', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\nCMD ["app.exe"]\n' },
    'FROM alpine:3.20\nRUN adduser -D -u 10001 app\nUSER 10001\n',
    { name: 'numeric user and group', code: 'FROM alpine:3.20\nUSER 10001:10001\n' },
    { name: "root is another rule's concern", code: 'FROM alpine:3.20\nUSER root\n' },
    { name: 'variable USER', code: 'FROM alpine:3.20\nARG APP_USER\nUSER ${APP_USER}\n' },
    { name: 'named USER only in a build stage', code: 'FROM golang:1.22 AS build\nUSER nobody\nFROM scratch\nUSER 65534\n' },
    { name: 'useradd -f (days until disabled) takes a value: 0 is not the account', code: 'FROM debian:12\nRUN useradd -f 0 -u 10001 app\nUSER 10001\n' },
    { name: 'no USER at all (DF001 territory)', code: 'FROM alpine:3.20\nCMD ["sh"]\n' },
  ],
  invalid: [
    {
      name: 'UID from useradd -u',
      code: 'FROM debian:12-slim\nRUN groupadd -r -g 10001 app && useradd -r -u 10001 -g app app\nUSER app\nCMD ["app"]\n',
      errors: [{ messageId: 'named', line: 3, column: 1, level: 'hint', message: '(10001)' }],
      safe: false,
      fixTitle: 'Use USER 10001 (created in this file)',
      output: 'FROM debian:12-slim\nRUN groupadd -r -g 10001 app && useradd -r -u 10001 -g app app\nUSER 10001\nCMD ["app"]\n',
    },
    {
      name: 'user:group with both ids known',
      code: 'FROM alpine:3.20\nRUN addgroup -g 1001 -S web && adduser -u 1001 -S -G web web\nUSER web:web\n',
      errors: [{ messageId: 'named', line: 3, column: 1 }],
      output: 'FROM alpine:3.20\nRUN addgroup -g 1001 -S web && adduser -u 1001 -S -G web web\nUSER 1001:1001\n',
    },
    {
      name: 'node user of the node image',
      code: 'FROM node:20-bookworm-slim\nWORKDIR /app\nUSER node\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'named', line: 3, column: 1 }],
      fixTitle: 'the node image',
      output: 'FROM node:20-bookworm-slim\nWORKDIR /app\nUSER 1000\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'distroless nonroot',
      code: 'FROM gcr.io/distroless/static-debian12\nUSER nonroot:nonroot\n',
      errors: [{ messageId: 'named', line: 2, column: 1 }],
      output: 'FROM gcr.io/distroless/static-debian12\nUSER 65532:65532\n',
    },
    {
      name: 'UID not visible: no fix',
      code: 'FROM debian:12\nRUN useradd -r app\nUSER app\n',
      errors: [{ messageId: 'named', line: 3, column: 1 }],
      output: null,
    },
    {
      name: 'USER inherited from the stage the final one is built on',
      code: 'FROM debian:12 AS base\nRUN useradd --uid=2000 svc\nUSER svc\nFROM base\nCMD ["svc"]\n',
      errors: [{ messageId: 'named', line: 3, column: 1 }],
      output: 'FROM debian:12 AS base\nRUN useradd --uid=2000 svc\nUSER 2000\nFROM base\nCMD ["svc"]\n',
    },
    {
      name: 'groupadd -f (force) takes no value: the GID after it is still read',
      code: 'FROM debian:12-slim\nRUN groupadd -f -g 10001 app && useradd -u 10001 -g app app\nUSER app:app\n',
      errors: [{ messageId: 'named', line: 3, column: 1, message: '(10001:10001)' }],
      output: 'FROM debian:12-slim\nRUN groupadd -f -g 10001 app && useradd -u 10001 -g app app\nUSER 10001:10001\n',
    },
  ],
});
