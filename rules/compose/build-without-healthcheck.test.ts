import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './build-without-healthcheck.js';

const PLAIN = 'FROM node:20-alpine\nUSER node\nCMD ["node", "server.js"]\n';

ruleTester(rule, {
  valid: [
    {
      name: 'facts: the base image of the built Dockerfile has a HEALTHCHECK',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: 'FROM myorg/api:2\nCMD ["/api"]\n' },
      imageFacts: { 'myorg/api:2': { healthcheck: ['CMD', '/api', 'health'] } },
    },
    {
      name: 'HEALTHCHECK in the Dockerfile',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: 'FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n' },
    },
    {
      name: 'HEALTHCHECK in the stage the final stage is built from',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: 'FROM alpine AS base\nHEALTHCHECK CMD true\nFROM base\nUSER 1\n' },
    },
    { name: 'HEALTHCHECK NONE is a decision', code: 'services:\n  web:\n    build: .\n', files: { Dockerfile: 'FROM alpine\nHEALTHCHECK NONE\n' } },
    {
      name: 'healthcheck in Compose',
      code: 'services:\n  web:\n    build: .\n    healthcheck:\n      test: ["CMD", "wget", "-qO-", "http://localhost:3000/health"]\n',
      files: { Dockerfile: PLAIN },
    },
    { name: 'healthcheck disabled in Compose (another rule)', code: 'services:\n  web:\n    build: .\n    healthcheck:\n      disable: true\n', files: { Dockerfile: PLAIN } },
    {
      name: 'healthcheck from the override file',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: PLAIN, 'compose.override.yaml': 'services:\n  web:\n    healthcheck:\n      test: [CMD, "true"]\n' },
    },
    { name: 'no build', code: 'services:\n  db:\n    image: postgres:16\n', files: {} },
    { name: 'an unreadable Dockerfile', code: 'services:\n  web:\n    build: ./nope\n', files: {} },
    {
      name: 'the target stage has one, the final does not',
      code: 'services:\n  web:\n    build: {context: ., target: app}\n',
      files: { Dockerfile: 'FROM alpine AS app\nHEALTHCHECK CMD true\nFROM alpine AS other\n' },
    },
  ],
  invalid: [
    {
      name: 'facts: the base image has no healthcheck either',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: 'FROM myorg/api:2\nCMD ["/api"]\n' },
      imageFacts: { 'myorg/api:2': {} },
      errors: [{ messageId: 'noneInImage', line: 3, column: 5, message: 'its base image myorg/api:2 has none in its config' }],
    },
    {
      name: 'neither Compose nor the Dockerfile checks health',
      code: 'services:\n  web:\n    build: .\n    restart: unless-stopped\n',
      files: { Dockerfile: PLAIN },
      errors: [
        {
          messageId: 'none',
          line: 3,
          column: 5,
          endColumn: 10,
          level: 'hint',
          message: 'Service web has no healthcheck, and Dockerfile defines no HEALTHCHECK in its final stage',
        },
      ],
      output: null,
    },
    {
      name: "a Compose healthcheck without test keeps the image's (none)",
      code: 'services:\n  web:\n    build:\n      context: .\n    healthcheck:\n      interval: 30s\n',
      files: { Dockerfile: PLAIN },
      errors: [{ messageId: 'none', line: 3, column: 5 }],
    },
    {
      name: 'the override resets the healthcheck',
      code: 'services:\n  web:\n    build: .\n    healthcheck:\n      test: [CMD, "true"]\n',
      files: { Dockerfile: PLAIN, 'compose.override.yaml': 'services:\n  web:\n    healthcheck: !reset {}\n' },
      errors: [{ messageId: 'none', line: 3, column: 5 }],
    },
    {
      name: 'build from an anchor: reported at the merge',
      code: 'x-build: &b\n  build: .\nservices:\n  web:\n    <<: *b\n',
      files: { Dockerfile: PLAIN },
      errors: [{ messageId: 'none', line: 5, column: 9 }],
    },
  ],
});
