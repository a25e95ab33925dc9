import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './build-runs-as-root.js';

const ROOT_DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
const USER_DOCKERFILE = 'FROM node:20-alpine AS build\nRUN npm ci\nFROM node:20-alpine\nUSER node\nCMD ["node", "server.js"]\n';

ruleTester(rule, {
  valid: [
    {
      name: "facts: the built Dockerfile's base image runs as non-root per its config",
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: 'FROM myorg/base:1.4\nCMD ["run"]\n' },
      imageFacts: { 'myorg/base:1.4': { user: '65532' } },
    },
    { name: 'the Dockerfile switches to a user', code: 'services:\n  web:\n    build: .\n', files: { Dockerfile: USER_DOCKERFILE } },
    { name: 'the service sets user:', code: 'services:\n  web:\n    build: .\n    user: "1000:1000"\n', files: { Dockerfile: ROOT_DOCKERFILE } },
    { name: 'user: from an unknown variable', code: 'services:\n  web:\n    build: .\n    user: ${APP_UID}\n', files: { Dockerfile: ROOT_DOCKERFILE } },
    { name: 'user: from an anchor', code: 'x-u: &u\n  user: app\nservices:\n  web:\n    <<: *u\n    build: .\n', files: { Dockerfile: ROOT_DOCKERFILE } },
    {
      name: 'user: in the override file',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: ROOT_DOCKERFILE, 'compose.override.yaml': 'services:\n  web:\n    user: app\n' },
    },
    { name: 'no Dockerfile to read', code: 'services:\n  web:\n    build: ./missing\n', files: {} },
    { name: 'no files view: nothing is known', code: 'services:\n  web:\n    build: .\n' },
    { name: 'image only', code: 'services:\n  web:\n    image: nginx:1.27\n', files: { Dockerfile: ROOT_DOCKERFILE } },
    { name: 'a remote context', code: 'services:\n  web:\n    build: https://github.com/a/b.git#main\n', files: {} },
    { name: 'an unknown context', code: 'services:\n  web:\n    build: ${CTX}\n', files: { Dockerfile: ROOT_DOCKERFILE } },
    {
      name: 'a target stage that sets a user',
      code: 'services:\n  web:\n    build:\n      context: .\n      target: run\n',
      files: { Dockerfile: 'FROM alpine AS run\nUSER 1000\nFROM alpine AS debug\n' },
    },
    { name: 'USER from an ARG without default', code: 'services:\n  web:\n    build: .\n', files: { Dockerfile: 'FROM alpine\nARG U\nUSER $U\n' } },
    { name: 'a nonroot base image', code: 'services:\n  web:\n    build: .\n', files: { Dockerfile: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\n' } },
    {
      name: 'the build comes from the base file: the base reports it',
      code: 'services:\n  web:\n    ports: ["127.0.0.1:80:80"]\n',
      filename: 'compose.override.yaml',
      files: { 'compose.yaml': 'services:\n  web:\n    build: .\n', Dockerfile: ROOT_DOCKERFILE },
    },
    { name: 'dockerfile_inline with a user', code: 'services:\n  web:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine\n        USER 1000\n' },
    {
      name: 'facts: a root config user whose entrypoint script steps down with gosu (looks risky, is fine)',
      code: 'services:\n  db:\n    build: ./db\n',
      files: {
        'db/Dockerfile': 'FROM myorg/base:1.4\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
        'db/docker-entrypoint.sh': '#!/bin/bash\nif [ "$(id -u)" = 0 ]; then exec gosu postgres "$BASH_SOURCE" "$@"; fi\nexec "$@"\n',
      },
      imageFacts: { 'myorg/base:1.4': { user: 'root' } },
    },
    {
      name: 'the entrypoint script in the build context steps down with gosu',
      code: 'services:\n  db:\n    build: ./db\n',
      files: {
        'db/Dockerfile': 'FROM debian:12\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
        'db/docker-entrypoint.sh': '#!/bin/bash\nif [ "$(id -u)" = 0 ]; then exec gosu postgres "$BASH_SOURCE" "$@"; fi\nexec "$@"\n',
      },
    },
  ],
  invalid: [
    {
      name: 'facts: the base image runs as root per its config, even under a nonroot tag',
      code: 'services:\n  web:\n    build: .\n',
      files: { Dockerfile: 'FROM gcr.io/distroless/static:nonroot\nCMD ["run"]\n' },
      imageFacts: { 'gcr.io/distroless/static:nonroot': { user: 'root' } },
      errors: [{ messageId: 'imageRoot', line: 3, column: 5, message: 'on gcr.io/distroless/static:nonroot, whose config sets USER root (sha256:abababababab…' }],
    },
    {
      name: 'facts: a root config user and gosu installed, the entrypoint not in the context: info naming the config',
      code: 'services:\n  db:\n    build: ./db\n',
      files: {
        'db/Dockerfile': 'FROM myorg/base:1.4\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      },
      imageFacts: { 'myorg/base:1.4': { user: '' } },
      errors: [
        {
          messageId: 'likelyDrop',
          line: 3,
          column: 5,
          level: 'info',
          message:
            'whose final stage starts as root on myorg/base:1.4, whose config sets no USER (sha256:abababababab…, from the image facts lock file), and sets no user: itself. The image has gosu (line 2)',
        },
      ],
    },
    {
      name: "a Dockerfile outside the Compose file's folder is named relatively",
      code: 'services:\n  minio1:\n    build: ../..\n',
      filename: 'docs/resiliency/compose.yaml',
      files: { '../../Dockerfile': ROOT_DOCKERFILE },
      errors: [{ messageId: 'noUser', line: 3, column: 5, message: 'builds ../../Dockerfile, whose final stage' }],
    },
    {
      name: 'gosu installed but the entrypoint is not in the context: info saying so',
      code: 'services:\n  db:\n    build: ./db\n',
      files: { 'db/Dockerfile': 'FROM debian:12\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n' },
      errors: [{ messageId: 'likelyDrop', line: 3, column: 5, level: 'info', message: 'The image has gosu (line 2)' }],
    },
    {
      name: 'build: . with a Dockerfile that never sets USER',
      code: 'services:\n  web:\n    build: .\n    ports: ["127.0.0.1:3000:3000"]\n',
      files: { Dockerfile: ROOT_DOCKERFILE },
      errors: [
        { messageId: 'noUser', line: 3, column: 5, endLine: 3, endColumn: 10, level: 'warning', message: 'Service web builds Dockerfile, whose final stage never sets USER' },
      ],
      output: null,
    },
    {
      name: 'long form with a dockerfile in a subfolder and USER root',
      code: 'services:\n  api:\n    build:\n      context: ./api\n      dockerfile: docker/Dockerfile.prod\n',
      files: { 'api/docker/Dockerfile.prod': 'FROM python:3.12-slim\nUSER app\nRUN x\nUSER root\nCMD ["python"]\n' },
      errors: [{ messageId: 'rootUser', line: 3, column: 5, message: 'builds api/docker/Dockerfile.prod, whose final stage ends with USER root' }],
    },
    {
      name: 'the target stage runs as root although the final stage does not',
      code: 'services:\n  web:\n    build:\n      context: .\n      target: debug\n',
      files: { Dockerfile: 'FROM alpine AS debug\nRUN apk add gdb\nFROM alpine\nUSER 1000\n' },
      errors: [{ messageId: 'noUser', line: 3, column: 5, message: 'whose stage debug never sets USER' }],
    },
    {
      name: 'the target from .env',
      code: 'services:\n  web:\n    build:\n      context: .\n      target: ${TARGET}\n',
      files: { '.env': 'TARGET=debug\n', Dockerfile: 'FROM alpine AS debug\nFROM alpine\nUSER 1000\n' },
      errors: [{ messageId: 'noUser', line: 3, column: 5 }],
    },
    {
      name: 'dockerfile_inline',
      code: 'services:\n  web:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine\n        CMD ["sh"]\n',
      errors: [{ messageId: 'noUser', line: 3, column: 5, message: 'builds its dockerfile_inline' }],
    },
    {
      name: 'the build comes through extends from another file: reported at extends',
      code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { 'common.yaml': 'services:\n  base:\n    build: ./app\n', 'app/Dockerfile': ROOT_DOCKERFILE },
      errors: [{ messageId: 'noUser', line: 3, column: 5, message: 'builds app/Dockerfile' }],
    },
    {
      name: 'the override file adds the build: it reports it',
      code: 'services:\n  web:\n    build: .\n',
      filename: 'compose.override.yaml',
      files: { 'compose.yaml': 'services:\n  web:\n    image: app\n', Dockerfile: ROOT_DOCKERFILE },
      errors: [{ messageId: 'noUser', line: 3, column: 5 }],
    },
    {
      name: 'a user: removed by !reset in the override',
      code: 'services:\n  web:\n    build: .\n    user: app\n',
      files: { Dockerfile: ROOT_DOCKERFILE, 'compose.override.yaml': 'services:\n  web:\n    user: !reset null\n' },
      errors: [{ messageId: 'noUser', line: 3, column: 5 }],
    },
  ],
});
