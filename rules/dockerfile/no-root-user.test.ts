import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-root-user.js';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN adduser -D app\nUSER app\nCMD ["sh"]\n',
    { name: 'root build stage, non-root final stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT ["/app"]\n' },
    { name: 'USER inherited from a parent stage', code: 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node"]\n' },
    { name: 'distroless nonroot tag', code: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n' },
    { name: 'USER from an unresolved variable is not assumed root', code: 'FROM alpine:3.20\nARG RUNTIME_USER\nUSER $RUNTIME_USER\n' },
    { name: 'root in a middle step, non-root at the end', code: 'FROM debian:12\nUSER root\nRUN apt-get update\nUSER 1000:1000\n' },
    { name: 'base image unknown', code: 'ARG BASE\nFROM $BASE\nCMD ["run"]\n' },
    '',
    { name: 'final FROM scratch stage that only collects build outputs (docker build --output)', code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch\nARG VERSION\nLABEL version=$VERSION\nCOPY --from=build /out/ /\n' },
    {
      name: 'entrypoint script from the context drops to another user with gosu',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["redis-server"]\n',
      files: { 'docker-entrypoint.sh': '#!/bin/sh\nset -e\n# step down from root\nif [ "$(id -u)" = "0" ]; then\n  exec gosu redis "$0" "$@"\nfi\nexec "$@"\n' },
    },
    {
      name: 'setpriv in a script copied under another name, behind tini',
      code: 'FROM ubuntu:24.04\nCOPY scripts/start.sh /start\nENTRYPOINT ["/usr/bin/tini", "-g", "--", "/start"]\n',
      files: { 'scripts/start.sh': '#!/usr/bin/env bash\nexec setpriv --reuid=app --regid=app --init-groups "$@"\n' },
    },
    {
      name: 'su-exec, runuser, chroot --userspec and s6-setuidgid are drops too; a folder copied to /',
      code: 'FROM alpine:3.20\nCOPY rootfs /\nENTRYPOINT ["/entrypoint.sh"]\n',
      files: { 'rootfs/entrypoint.sh': '#!/bin/sh\ncase "$1" in\n  a) exec runuser -u app -- "$@" ;;\n  b) exec chroot --userspec=app / "$@" ;;\n  *) exec s6-setuidgid app "$@" ;;\nesac\n' },
    },
    { name: 'the drop written in the ENTRYPOINT itself', code: 'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nENTRYPOINT ["su-exec", "app", "/app"]\n' },
    { name: 'Nano Server runs as ContainerUser', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY caddy.exe /caddy.exe\nCMD ["caddy.exe"]\n' },
  ],
  invalid: [
    {
      name: 'a FROM scratch stage with a CMD is meant to run',
      code: 'FROM scratch\nCOPY minio /minio\nCMD ["/minio"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
    },
    {
      name: 'entrypoint script that never drops: still a warning, even with gosu installed',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      files: { 'docker-entrypoint.sh': '#!/bin/sh\n# gosu is for the users of this image\ngosu --version\nexec "$@"\n' },
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
    },
    {
      name: 'gosu installed, entrypoint not in the checkout: info that says what was seen',
      code: 'FROM debian:12\nRUN set -eux; \\\n  wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64"; \\\n  gosu nobody true\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      files: { 'README.md': 'x' },
      errors: [{ messageId: 'likelyDrop', line: 1, column: 1, level: 'info', message: 'has gosu (line 2), so docker-entrypoint.sh probably runs the service as another user, but Bosun could not read it: docker-entrypoint.sh is not in the build context' }],
    },
    {
      name: 'entrypoint copied from another stage cannot be read',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nCOPY --from=tools /entrypoint.sh /entrypoint.sh\nUSER root\nENTRYPOINT ["/entrypoint.sh"]\n',
      errors: [{ messageId: 'likelyDrop', line: 4, column: 1, level: 'info', message: 'it is copied from tools' }],
    },
    {
      name: 'nginx keeps root in its master process only: info',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["nginx", "-g", "daemon off;"]\n',
      errors: [{ messageId: 'serverDrops', line: 1, column: 1, level: 'info', message: 'so nginx starts as root' }],
    },
    {
      name: 'Server Core runs as ContainerAdministrator',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["mongod"]\n',
      errors: [{ messageId: 'windowsAdmin', line: 1, column: 1, message: 'ContainerAdministrator' }],
      output: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerUser\nCMD ["mongod"]\n',
    },
    {
      name: 'no fix after a last RUN whose continuation leads on (the USER line would join it)',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl \\\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'no fix after a heredoc that is never closed (the USER line would be script)',
      code: 'FROM alpine:3.20\nRUN <<EOF\napk add curl\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'looks risky but is fine: above a CMD after a comment line, CRLF and a BOM',
      code: '\uFEFFFROM alpine:3.20\r\nRUN apk add curl\r\n# start\r\nCMD ["curl"]\r\n',
      errors: [{ messageId: 'noUser', line: 1, column: 2 }],
      output: '\uFEFFFROM alpine:3.20\r\nRUN apk add curl\r\nRUN addgroup -S app && adduser -S -G app app\r\nUSER app\r\n# start\r\nCMD ["curl"]\r\n',
    },
    {
      name: 'no USER; alpine gets addgroup/adduser before CMD',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["/app"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 17 }],
      fixTitle: 'Add USER app',
      safe: false,
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nCMD ["/app"]\n',
    },
    {
      name: 'debian family gets groupadd/useradd',
      code: 'FROM python:3.12-slim\nCOPY . /app\nENTRYPOINT ["python", "/app/main.py"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM python:3.12-slim\nCOPY . /app\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["python", "/app/main.py"]\n',
    },
    {
      name: 'reuses the user the file creates; keeps the CMD comment attached',
      code: 'FROM ubuntu:24.04\nRUN useradd --uid 10001 -m appuser\n# start\nCMD ["/app"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM ubuntu:24.04\nRUN useradd --uid 10001 -m appuser\nUSER appuser\n# start\nCMD ["/app"]\n',
    },
    {
      name: 'reuses a user created inside an if',
      code: 'FROM ubuntu:24.04\nRUN if ! id appuser; then useradd -r appuser; fi\nCMD ["bash"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM ubuntu:24.04\nRUN if ! id appuser; then useradd -r appuser; fi\nUSER appuser\nCMD ["bash"]\n',
    },
    {
      name: 'last USER is root; the fix adds a USER after it',
      code: 'FROM alpine:3.20\nRUN adduser -D -u 1000 worker\nUSER worker\nRUN id\nUSER root\nRUN apk add git\nCMD ["git"]\n',
      errors: [{ messageId: 'rootUser', line: 5, column: 1, message: 'USER root' }],
      output: 'FROM alpine:3.20\nRUN adduser -D -u 1000 worker\nUSER worker\nRUN id\nUSER root\nRUN apk add git\nUSER worker\nCMD ["git"]\n',
    },
    {
      name: 'USER 0:0 and no CMD: USER appended at the end',
      code: 'FROM scratch\nCOPY app /app\nUSER 0:0',
      errors: [{ messageId: 'rootUser', line: 3, column: 1 }],
      output: 'FROM scratch\nCOPY app /app\nUSER 0:0\nUSER 65532:65532',
    },
    {
      name: 'USER root from an ARG default',
      code: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER ${RUN_AS}\n',
      errors: [{ messageId: 'rootUser', line: 3, column: 1 }],
    },
    {
      name: 'distroless without nonroot tag gets USER nonroot',
      code: 'FROM golang:1.22 AS build\nUSER 1000\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /out /app\nCMD ["/app"]\n',
      errors: [{ messageId: 'noUser', line: 3, column: 1 }],
      output: 'FROM golang:1.22 AS build\nUSER 1000\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /out /app\nUSER nonroot\nCMD ["/app"]\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: 'FROM alpine:3.20\r\nCMD ["/app"]\r\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM alpine:3.20\r\nRUN addgroup -S app && adduser -S -G app app\r\nUSER app\r\nCMD ["/app"]\r\n',
    },
  ],
});
