import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-root-user.js';

ruleTester(rule, {
  valid: [
    // With image facts (the front-end read the base image's config): its User decides.
    { name: 'facts: the config user is non-root (Chainguard)', code: 'FROM cgr.dev/chainguard/node\nCOPY . /app\nCMD ["node", "/app"]\n', imageFacts: { 'cgr.dev/chainguard/node': { user: '65532' } } },
    { name: 'facts: an internal base image that runs as app', code: 'FROM myorg/base:1.4\nCMD ["run"]\n', imageFacts: { 'myorg/base:1.4': { user: 'app' } } },
    { name: 'facts: the platform of FROM --platform is the one looked up', code: 'FROM --platform=linux/arm64/v8 myorg/base:1.4\nCMD ["run"]\n', imageFacts: { 'myorg/base:1.4|linux/arm64': { user: '1000:1000' } } },
    { name: 'facts: a root build stage over a non-root base image (looks risky, is fine)', code: 'FROM myorg/base:1.4 AS base\nFROM base\nCMD ["run"]\n', imageFacts: { 'docker.io/myorg/base:1.4': { user: 'nobody' } } },
    'FROM alpine:3.20\nRUN adduser -D app\nUSER app\nCMD ["sh"]\n',
    { name: 'root build stage, non-root final stage', code: 'FROM golang:1.22 AS build\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 10001\nENTRYPOINT ["/app"]\n' },
    { name: 'USER inherited from a parent stage', code: 'FROM node:20 AS base\nUSER node\nFROM base\nCMD ["node"]\n' },
    { name: 'distroless nonroot tag', code: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n' },
    { name: 'USER from an unresolved variable is not assumed root', code: 'FROM alpine:3.20\nARG RUNTIME_USER\nUSER $RUNTIME_USER\n' },
    { name: 'root in a middle step, non-root at the end', code: 'FROM debian:12\nUSER root\nRUN apt-get update\nUSER 1000:1000\n' },
    { name: 'base image unknown', code: 'ARG BASE\nFROM $BASE\nCMD ["run"]\n' },
    '',
  ],
  invalid: [
    {
      name: 'facts: a root config user is flagged even under a nonroot tag, and the message says the config was read',
      code: 'FROM gcr.io/distroless/static:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n',
      imageFacts: { 'gcr.io/distroless/static:nonroot': { user: '', digest: `sha256:${'12'.repeat(32)}` } },
      errors: [{ messageId: 'imageRoot', line: 1, column: 1, endLine: 1, endColumn: 38, message: "the image's config sets no USER (sha256:121212121212…, from the image facts lock file)" }],
      fixTitle: 'Add USER nonroot',
    },
    {
      name: 'facts: USER 0:0 in the config is root',
      code: 'FROM myorg/base:1.4\nCMD ["run"]\n',
      imageFacts: { 'myorg/base:1.4': { user: '0:0' } },
      errors: [{ messageId: 'imageRoot', line: 1, column: 1, message: 'sets USER 0:0' }],
    },
    {
      name: 'facts for another platform only: judged by the name',
      code: 'FROM --platform=linux/arm64 myorg/base:1.4\nCMD ["run"]\n',
      imageFacts: { 'myorg/base:1.4': { user: 'app' } },
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
    },
    {
      name: 'facts: a USER root in the file decides, whatever the image says',
      code: 'FROM myorg/base:1.4\nUSER root\n',
      imageFacts: { 'myorg/base:1.4': { user: 'app' } },
      errors: [{ messageId: 'rootUser', line: 2, column: 1 }],
    },
    {
      name: 'no USER; alpine gets addgroup/adduser before CMD',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 17 }],
      fixTitle: 'Add USER app',
      safe: false,
      output: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nCMD ["sh"]\n',
    },
    {
      name: 'debian family gets groupadd/useradd',
      code: 'FROM python:3.12-slim\nCOPY . /app\nENTRYPOINT ["python", "/app/main.py"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM python:3.12-slim\nCOPY . /app\nRUN groupadd -r app && useradd -r -g app app\nUSER app\nENTRYPOINT ["python", "/app/main.py"]\n',
    },
    {
      name: 'reuses the user the file creates; keeps the CMD comment attached',
      code: 'FROM ubuntu:24.04\nRUN useradd --uid 10001 -m appuser\n# start\nCMD ["bash"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM ubuntu:24.04\nRUN useradd --uid 10001 -m appuser\nUSER appuser\n# start\nCMD ["bash"]\n',
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
      code: 'FROM alpine:3.20\r\nCMD ["sh"]\r\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1 }],
      output: 'FROM alpine:3.20\r\nRUN addgroup -S app && adduser -S -G app app\r\nUSER app\r\nCMD ["sh"]\r\n',
    },
  ],
});
