import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-root-user.js';

ruleTester(rule, {
  valid: [
    // With image facts (the front-end read the base image's config): its User decides.
    {
      name: 'facts: the config user is non-root (Chainguard)',
      code: 'FROM cgr.dev/chainguard/node\nCOPY . /app\nCMD ["node", "/app"]\n',
      imageFacts: { 'cgr.dev/chainguard/node': { user: '65532' } },
    },
    { name: 'facts: an internal base image that runs as app', code: 'FROM myorg/base:1.4\nCMD ["run"]\n', imageFacts: { 'myorg/base:1.4': { user: 'app' } } },
    {
      name: 'facts: the platform of FROM --platform is the one looked up',
      code: 'FROM --platform=linux/arm64/v8 myorg/base:1.4\nCMD ["run"]\n',
      imageFacts: { 'myorg/base:1.4|linux/arm64': { user: '1000:1000' } },
    },
    {
      name: 'facts: a root build stage over a non-root base image (looks risky, is fine)',
      code: 'FROM myorg/base:1.4 AS base\nFROM base\nCMD ["run"]\n',
      imageFacts: { 'docker.io/myorg/base:1.4': { user: 'nobody' } },
    },
    'FROM alpine:3.20\nRUN adduser -D app\nUSER app\nCMD ["sh"]\n',
    {
      name: 'root build stage, non-root final stage',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT ["/app"]\n',
    },
    { name: 'USER inherited from a parent stage', code: 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node"]\n' },
    { name: 'distroless nonroot tag', code: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n' },
    { name: 'USER from an unresolved variable is not assumed root', code: 'FROM alpine:3.20\nARG RUNTIME_USER\nUSER $RUNTIME_USER\n' },
    { name: 'root in a middle step, non-root at the end', code: 'FROM debian:12\nUSER root\nRUN apt-get update\nUSER 1000:1000\n' },
    { name: 'base image unknown', code: 'ARG BASE\nFROM $BASE\nCMD ["run"]\n' },
    '',
    {
      name: 'final FROM scratch stage that only collects build outputs (docker build --output)',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app\nFROM scratch\nARG VERSION\nLABEL version=$VERSION\nCOPY --from=build /out/ /\n',
    },
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
      files: {
        'rootfs/entrypoint.sh':
          '#!/bin/sh\ncase "$1" in\n  a) exec runuser -u app -- "$@" ;;\n  b) exec chroot --userspec=app / "$@" ;;\n  *) exec s6-setuidgid app "$@" ;;\nesac\n',
      },
    },
    {
      name: 'a drop to a user named by a variable (looks unresolved, is a drop)',
      code: 'FROM alpine:3.20\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n',
      files: { 'entrypoint.sh': '#!/bin/sh\nexec su-exec "${APP_USER:-app}:${APP_GROUP:-app}" "$@"\n' },
    },
    {
      name: 'a relative entrypoint (./entrypoint.sh) is read from the WORKDIR the container starts in',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY docker/entrypoint.sh .\nENTRYPOINT ["./entrypoint.sh"]\nCMD ["app"]\n',
      files: { 'docker/entrypoint.sh': '#!/bin/sh\nexec gosu app "$@"\n' },
    },
    { name: 'the drop written in the ENTRYPOINT itself', code: 'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nENTRYPOINT ["su-exec", "app", "/app"]\n' },
    {
      name: 'facts: a root config user whose entrypoint script steps down with gosu (looks risky, is fine)',
      code: 'FROM myorg/base:1.4\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["redis-server"]\n',
      files: { 'docker-entrypoint.sh': '#!/bin/sh\nif [ "$(id -u)" = "0" ]; then exec gosu redis "$0" "$@"; fi\nexec "$@"\n' },
      imageFacts: { 'myorg/base:1.4': { user: '0' } },
    },
    {
      name: 'facts: a Windows base image whose config sets ContainerUser',
      code: 'FROM --platform=windows/amd64 myorg/win-base:1\nCMD ["app.exe"]\n',
      imageFacts: { 'myorg/win-base:1|windows/amd64': { user: 'ContainerUser', os: 'windows' } },
    },
    {
      name: 'facts: a non-root config user under a Server Core name',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["app.exe"]\n',
      imageFacts: { 'mcr.microsoft.com/windows/servercore:ltsc2022': { user: 'ContainerUser', os: 'windows' } },
    },
    { name: 'Nano Server runs as ContainerUser', code: 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCOPY caddy.exe /caddy.exe\nCMD ["caddy.exe"]\n' },
  ],
  invalid: [
    {
      name: 'facts: a root config user is flagged even under a nonroot tag, and the message says the config was read',
      code: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      imageFacts: { 'gcr.io/distroless/static:nonroot': { user: '', digest: `sha256:${'12'.repeat(32)}` } },
      errors: [
        {
          messageId: 'imageRoot',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 38,
          message: "the image's config sets no USER (sha256:121212121212…, from the image facts lock file)",
        },
      ],
      fixTitle: 'Add USER nonroot',
      output: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\nUSER nonroot\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'facts: USER 0:0 in the config is root',
      code: 'FROM myorg/base:1.4\nCMD ["run"]\n',
      imageFacts: { 'myorg/base:1.4': { user: '0:0' } },
      errors: [{ messageId: 'imageRoot', line: 1, column: 1, message: 'sets USER 0:0' }],
      output: 'FROM myorg/base:1.4\nUSER 65532:65532\nCMD ["run"]\n',
    },
    {
      name: 'facts for another platform only: judged by the name',
      code: 'FROM --platform=linux/arm64 myorg/base:1.4\nCMD ["run"]\n',
      imageFacts: { 'myorg/base:1.4': { user: 'app' } },
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM --platform=linux/arm64 myorg/base:1.4\nUSER 65532:65532\nCMD ["run"]\n',
    },
    {
      name: 'facts: a USER root in the file decides, whatever the image says',
      code: 'FROM myorg/base:1.4\nUSER root\n',
      imageFacts: { 'myorg/base:1.4': { user: 'app' } },
      errors: [{ messageId: 'rootUser', line: 2, column: 1 }],
      output: 'FROM myorg/base:1.4\nUSER root\nUSER 65532:65532\n',
    },
    {
      name: 'facts: a root config user, gosu installed and the entrypoint not in the checkout: the info says both',
      code: 'FROM myorg/base:1.4\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      files: { 'README.md': 'x' },
      imageFacts: { 'myorg/base:1.4': { user: 'root' } },
      errors: [
        {
          messageId: 'likelyDrop',
          line: 1,
          column: 1,
          level: 'info',
          message:
            'The final stage never sets USER, and the config of its base image myorg/base:1.4 sets USER root (sha256:abababababab…, from the image facts lock file), so the container starts as root. The image has gosu (line 2)',
        },
      ],
      output:
        'FROM myorg/base:1.4\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nUSER 65532:65532\nENTRYPOINT ["docker-entrypoint.sh"]\n',
    },
    {
      name: 'facts: a root config user running nginx: the server info, naming the config',
      code: 'FROM myorg/web:2\nCMD ["nginx", "-g", "daemon off;"]\n',
      imageFacts: { 'myorg/web:2': { user: '' } },
      errors: [
        { messageId: 'serverDrops', line: 1, column: 1, level: 'info', message: 'sets no USER (sha256:abababababab…, from the image facts lock file), so nginx starts as root' },
      ],
      output: 'FROM myorg/web:2\nUSER 65532:65532\nCMD ["nginx", "-g", "daemon off;"]\n',
    },
    {
      name: 'facts: a Windows base image whose config sets no user runs as ContainerAdministrator',
      code: 'FROM --platform=windows/amd64 myorg/win-base:1\nCMD ["app.exe"]\n',
      imageFacts: { 'myorg/win-base:1|windows/amd64': { user: '', os: 'windows' } },
      errors: [{ messageId: 'imageWindowsAdmin', line: 1, column: 1, level: 'warning', message: "runs as ContainerAdministrator: the image's config sets no USER" }],
      output: 'FROM --platform=windows/amd64 myorg/win-base:1\nUSER ContainerUser\nCMD ["app.exe"]\n',
    },
    {
      name: 'no service of its own (a toolchain image: no CMD, no EXPOSE): info, its base decides what runs and as whom',
      code: 'FROM buildpack-deps:bookworm-scm\nRUN apt-get update && apt-get install -y --no-install-recommends g++ gcc\nENV PATH=/usr/local/go/bin:$PATH\n',
      errors: [
        {
          messageId: 'noServiceOfItsOwn',
          line: 1,
          column: 1,
          level: 'info',
          message:
            'The final stage never sets USER and has no service of its own to run (no CMD or ENTRYPOINT), like a base or toolchain image: its container runs what its base image runs, as root unless that image sets a USER or steps down in its entrypoint.',
        },
      ],
      output:
        'FROM buildpack-deps:bookworm-scm\nRUN apt-get update && apt-get install -y --no-install-recommends g++ gcc\nENV PATH=/usr/local/go/bin:$PATH\nRUN groupadd -r app && useradd -r -g app app\nUSER app\n',
    },
    {
      name: 'a language base image whose command is a REPL (irb): info',
      code: 'FROM debian:12-slim\nRUN gem install bundler\nCMD ["irb"]\n',
      errors: [
        {
          messageId: 'noServiceOfItsOwn',
          line: 1,
          column: 1,
          level: 'info',
          message: 'has no service of its own to run (only `irb`, an interactive shell or REPL), like a base or toolchain image: its container runs `irb`, as root',
        },
      ],
      output: 'FROM debian:12-slim\nRUN gem install bundler\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nCMD ["irb"]\n',
    },
    {
      name: 'a thin extension of another image (a module added to nginx): info',
      code: 'FROM nginx:1.27-alpine\nRUN apk add --no-cache nginx-module-njs\n',
      errors: [{ messageId: 'noServiceOfItsOwn', line: 1, column: 1, level: 'info' }],
      output: 'FROM nginx:1.27-alpine\nRUN apk add --no-cache nginx-module-njs\nRUN addgroup -S app && adduser -S -G app app\nUSER app\n',
    },
    {
      name: 'a Windows toolchain image with no service of its own: info, as ContainerAdministrator',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV GOPATH=C:\\go\nRUN setx /m PATH "%GOPATH%\\bin;%PATH%"\n',
      errors: [{ messageId: 'noServiceOfItsOwn', line: 1, column: 1, level: 'info', message: 'as ContainerAdministrator unless that image sets a USER' }],
      output: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nENV GOPATH=C:\\go\nRUN setx /m PATH "%GOPATH%\\bin;%PATH%"\nUSER ContainerUser\n',
    },
    {
      name: 'looks like a thin extension, but EXPOSE says it is run as a service: warning',
      code: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nEXPOSE 8080\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
      output: 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nEXPOSE 8080\nRUN groupadd -r app && useradd -r -g app app\nUSER app\n',
    },
    {
      name: 'looks like a tool image, but its ENTRYPOINT is a program of its own: warning',
      code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends jq\nENTRYPOINT ["jq"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
      output:
        'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends jq\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["jq"]\n',
    },
    {
      name: "facts: the base runs as root and the file sets no command; the config's command is a shell: info",
      code: 'FROM myorg/toolchain:3\nRUN make install\n',
      imageFacts: { 'myorg/toolchain:3': { user: '', cmd: ['bash'] } },
      errors: [
        {
          messageId: 'noServiceOfItsOwn',
          line: 1,
          column: 1,
          level: 'info',
          message:
            'sets no USER (sha256:abababababab…, from the image facts lock file) and has no service of its own to run (no CMD or ENTRYPOINT), like a base or toolchain image: its container runs what its base image runs (`bash`), as root. Set',
        },
      ],
      output: 'FROM myorg/toolchain:3\nRUN make install\nUSER 65532:65532\n',
    },
    {
      name: 'facts: the file sets no command, and the command it inherits is a server with unprivileged workers: info',
      code: 'FROM myorg/web:2\nCOPY site /usr/share/nginx/html\nEXPOSE 8080\n',
      imageFacts: { 'myorg/web:2': { user: '', entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'] } },
      errors: [{ messageId: 'serverDrops', line: 1, column: 1, level: 'info', message: 'so nginx starts as root' }],
      output: 'FROM myorg/web:2\nCOPY site /usr/share/nginx/html\nEXPOSE 8080\nUSER 65532:65532\n',
    },
    {
      name: 'facts: looks like a thin extension, but the inherited command is a root service of its own (catalina.sh): warning',
      code: 'FROM myorg/tomcat:10\nCOPY app.war /usr/local/tomcat/webapps/\n',
      imageFacts: { 'myorg/tomcat:10': { user: '', cmd: ['catalina.sh', 'run'] } },
      errors: [{ messageId: 'imageRoot', line: 1, column: 1, level: 'warning' }],
      output: 'FROM myorg/tomcat:10\nCOPY app.war /usr/local/tomcat/webapps/\nRUN groupadd -r app && useradd -r -g app app\nUSER app\n',
    },
    {
      name: 'a FROM scratch stage with a CMD is meant to run',
      code: 'FROM scratch\nCOPY minio /minio\nCMD ["/minio"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
      output: 'FROM scratch\nCOPY minio /minio\nUSER 65532:65532\nCMD ["/minio"]\n',
    },
    {
      name: 'entrypoint script that never drops: still a warning, even with gosu installed',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      files: { 'docker-entrypoint.sh': '#!/bin/sh\n# gosu is for the users of this image\ngosu --version\nexec "$@"\n' },
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /usr/local/bin/\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["docker-entrypoint.sh"]\n',
    },
    {
      name: 'an entrypoint that switches to root itself (gosu root, setpriv --reuid=0, chroot --userspec=0:0) drops nothing',
      code: 'FROM debian:12\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["app"]\n',
      files: {
        'entrypoint.sh':
          '#!/bin/sh\ncase "$1" in\n  a) exec gosu root "$@" ;;\n  b) exec setpriv --reuid=0 --regid=0 --clear-groups "$@" ;;\n  c) exec chroot --userspec=0:0 / "$@" ;;\n  *) exec su-exec root:root "$@" ;;\nesac\n',
      },
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
      output: 'FROM debian:12\nCOPY entrypoint.sh /\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["app"]\n',
    },
    {
      name: 'a relative entrypoint under another WORKDIR than the one it was copied to is not that script',
      code: 'FROM debian:12\nWORKDIR /app\nCOPY docker/entrypoint.sh .\nWORKDIR /srv\nENTRYPOINT ["./entrypoint.sh"]\n',
      files: { 'docker/entrypoint.sh': '#!/bin/sh\nexec gosu app "$@"\n' },
      errors: [{ messageId: 'noUser', line: 1, column: 1, level: 'warning' }],
      output: 'FROM debian:12\nWORKDIR /app\nCOPY docker/entrypoint.sh .\nWORKDIR /srv\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["./entrypoint.sh"]\n',
    },
    {
      name: 'gosu installed, entrypoint not in the checkout: info that says what was seen',
      code: 'FROM debian:12\nRUN set -eux; \\\n  wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64"; \\\n  gosu nobody true\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n',
      files: { 'README.md': 'x' },
      errors: [
        {
          messageId: 'likelyDrop',
          line: 1,
          column: 1,
          level: 'info',
          message:
            'has gosu (line 2), so docker-entrypoint.sh probably runs the service as another user, but Bosun could not read it: docker-entrypoint.sh is not in the build context',
        },
      ],
      output:
        'FROM debian:12\nRUN set -eux; \\\n  wget -O /usr/local/bin/gosu "https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64"; \\\n  gosu nobody true\nCOPY docker-entrypoint.sh /usr/local/bin/\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["docker-entrypoint.sh"]\n',
    },
    {
      name: 'entrypoint copied from another stage cannot be read',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nCOPY --from=tools /entrypoint.sh /entrypoint.sh\nUSER root\nENTRYPOINT ["/entrypoint.sh"]\n',
      errors: [{ messageId: 'likelyDrop', line: 4, column: 1, level: 'info', message: 'it is copied from tools' }],
      output:
        'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nCOPY --from=tools /entrypoint.sh /entrypoint.sh\nUSER root\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nENTRYPOINT ["/entrypoint.sh"]\n',
    },
    {
      name: 'nginx keeps root in its master process only: info',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["nginx", "-g", "daemon off;"]\n',
      errors: [{ messageId: 'serverDrops', line: 1, column: 1, level: 'info', message: 'so nginx starts as root' }],
      output:
        'FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCOPY docker-entrypoint.sh /\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["/docker-entrypoint.sh"]\nCMD ["nginx", "-g", "daemon off;"]\n',
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
      errors: [{ messageId: 'noServiceOfItsOwn', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'no fix after a heredoc that is never closed (the USER line would be script)',
      code: 'FROM alpine:3.20\nRUN <<EOF\napk add curl\n',
      errors: [{ messageId: 'noServiceOfItsOwn', line: 1, column: 1 }],
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
      name: 'reuses the user Debian adduser creates with its own configuration file (--conf takes a value)',
      code: 'FROM debian:12-slim\nRUN adduser --conf /etc/adduser-app.conf --system app\nCMD ["/app"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM debian:12-slim\nRUN adduser --conf /etc/adduser-app.conf --system app\nUSER app\nCMD ["/app"]\n',
    },
    {
      name: 'a user created inside another root (useradd --root) is not one to switch to',
      code: 'FROM debian:12-slim\nRUN useradd --root /target -r app\nCMD ["/app"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM debian:12-slim\nRUN useradd --root /target -r app\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nCMD ["/app"]\n',
    },
    {
      name: 'reuses a user created inside an if',
      code: 'FROM ubuntu:24.04\nRUN if ! id appuser; then useradd -r appuser; fi\nCMD ["/app"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM ubuntu:24.04\nRUN if ! id appuser; then useradd -r appuser; fi\nUSER appuser\nCMD ["/app"]\n',
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
      output: 'FROM alpine:3.20\nARG RUN_AS=root\nUSER ${RUN_AS}\nRUN addgroup -S app && adduser -S -G app app\nUSER app\n',
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
