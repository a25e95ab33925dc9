import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-sudo.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
    { name: 'sudo as a package name or argument is not a call', code: 'FROM debian:12\nRUN apt-get install -y sudo-ldap && echo sudo\n' },
    { name: 'gosu to drop privileges', code: 'FROM debian:12\nRUN gosu nobody true\n' },
  ],
  invalid: [
    {
      name: 'sudo starting a continued line inside if/then (the fix once glued it into `thenapk`)',
      code: 'FROM alpine:3.20\nRUN if true; then \\\n    sudo apk add curl; \\\nfi\n',
      errors: [{ messageId: 'asRoot', line: 3, column: 5 }],
      safe: true,
      output: 'FROM alpine:3.20\nRUN if true; then \\\n    apk add curl; \\\nfi\n',
    },
    {
      name: 'sudo starting the first continued line (the fix once glued it into `RUNapk`)',
      code: 'FROM alpine:3.20\nRUN \\\nsudo apk add curl\n',
      errors: [{ messageId: 'asRoot', line: 3, column: 1 }],
      output: 'FROM alpine:3.20\nRUN \\\napk add curl\n',
      safe: true,
    },
    {
      name: 'sudo starting a continued line, CRLF and a comment line inside the continuation',
      code: 'FROM alpine:3.20\r\nRUN apk update && \\\r\n# then the tools\r\n    sudo -E apk add curl\r\n',
      errors: [{ messageId: 'asRoot', line: 4, column: 5 }],
      output: 'FROM alpine:3.20\r\nRUN apk update && \\\r\n# then the tools\r\n    apk add curl\r\n',
      safe: true,
    },
    {
      name: 'sudo alone on a continued line under # escape=`',
      code: '# escape=`\nFROM alpine:3.20\nRUN apk update && `\n    sudo `\n    apk add curl\n',
      errors: [{ messageId: 'asRoot', line: 4, column: 5 }],
      output: '# escape=`\nFROM alpine:3.20\nRUN apk update && `\n    apk add curl\n',
      safe: true,
    },
    {
      name: 'looks risky but is fine: sudo ends its line, the command follows on the next',
      code: 'FROM alpine:3.20\nRUN sudo \\\n    apk add curl\n',
      errors: [{ messageId: 'asRoot', line: 2, column: 5 }],
      output: 'FROM alpine:3.20\nRUN apk add curl\n',
      safe: true,
    },
    {
      name: 'sudo inside sh -c of an exec-form RUN: the string loses the word, not an array item',
      code: 'FROM alpine:3.20\nRUN ["sh", "-c", "sudo apk add git"]\n',
      errors: [{ messageId: 'asRoot', line: 2, column: 19 }],
      output: 'FROM alpine:3.20\nRUN ["sh", "-c", "apk add git"]\n',
      safe: true,
    },
    {
      name: 'sudo while root (no USER, debian base)',
      code: 'FROM debian:12\nRUN sudo apt-get update && sudo apt-get install -y curl\n',
      errors: [
        { messageId: 'asRoot', line: 2, column: 5, endColumn: 9 },
        { messageId: 'asRoot', line: 2, column: 28 },
      ],
      fixes: [
        {
          title: 'Remove sudo (already root)',
          safe: true,
          output: 'FROM debian:12\nRUN apt-get update && sudo apt-get install -y curl\n',
        },
        {
          title: 'Remove sudo (already root)',
          safe: true,
          output: 'FROM debian:12\nRUN sudo apt-get update && apt-get install -y curl\n',
        },
      ],
    },
    {
      name: 'sudo -E after USER root',
      code: 'FROM node:20\nUSER node\nRUN npm ci\nUSER root\nRUN sudo -E npm install -g pnpm@9.1.0\n',
      errors: [{ messageId: 'asRoot', line: 5, column: 5 }],
      output: 'FROM node:20\nUSER node\nRUN npm ci\nUSER root\nRUN npm install -g pnpm@9.1.0\n',
      safe: true,
    },
    {
      name: 'sudo as a non-root user: no fix',
      code: 'FROM ubuntu:24.04\nRUN useradd -m dev\nUSER dev\nRUN sudo apt-get install -y git\n',
      errors: [{ messageId: 'asUser', line: 4, column: 5, message: 'USER is dev' }],
      output: null,
    },
    {
      name: 'sudo -u postgres changes the user: no fix',
      code: 'FROM postgres:16\nRUN sudo -u postgres initdb -D /tmp/db\n',
      errors: [{ messageId: 'asRoot', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'unknown base image: the fix is offered but not safe',
      code: 'FROM example.com/team/base:1.0\nRUN sudo make install\n',
      errors: [{ messageId: 'unknown', line: 2, column: 5 }],
      safe: false,
      output: 'FROM example.com/team/base:1.0\nRUN make install\n',
    },
    {
      name: 'inside a heredoc script, on its own continued line',
      code: 'FROM alpine:3.20\nRUN <<EOF\nsudo \\\n  apk add --no-cache git\nEOF\n',
      errors: [{ messageId: 'asRoot', line: 3, column: 1 }],
      output: 'FROM alpine:3.20\nRUN <<EOF\n  apk add --no-cache git\nEOF\n',
      safe: true,
    },
    {
      name: 'exec form',
      code: 'FROM alpine:3.20\nRUN ["sudo", "apk", "add", "git"]\n',
      errors: [{ messageId: 'asRoot', line: 2, column: 6 }],
      output: 'FROM alpine:3.20\nRUN ["apk", "add", "git"]\n',
      safe: true,
    },
    {
      name: "ONBUILD: the user is the child image's",
      code: 'FROM alpine:3.20\nONBUILD RUN sudo make\n',
      errors: [{ messageId: 'unknown', line: 2, column: 13 }],
      safe: false,
      output: 'FROM alpine:3.20\nONBUILD RUN make\n',
    },
  ],
});
