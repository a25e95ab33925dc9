import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-latest-tag.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

ruleTester(rule, {
  valid: [
    'FROM nginx:1.27-alpine\n',
    { name: 'scratch', code: 'FROM scratch\nCOPY app /app\n' },
    { name: 'a stage reference', code: 'FROM golang:1.22 AS build\nRUN go build ./...\nFROM build\nCMD ["/app"]\n' },
    { name: 'pinned by digest without tag', code: `FROM nginx@${DIGEST}\n` },
    { name: 'a digest wins over :latest', code: `FROM nginx:latest@${DIGEST}\n` },
    { name: 'unknowable base: ARG without default', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'unknowable tag: ARG without default', code: 'ARG NODE_VERSION\nFROM node:${NODE_VERSION}\n' },
    { name: 'ARG default with a version', code: 'ARG NODE_VERSION=20.15\nFROM node:${NODE_VERSION}-slim\n' },
    { name: 'registry with a port and a tag', code: 'FROM localhost:5000/team/app:1.4.2\n' },
    { name: 'platform flag and alias', code: 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n' },
    { name: 'a tag that only contains "latest"', code: 'FROM example/app:latest-2024\nFROM example/tool:LATEST\n' },
    '',
  ],
  invalid: [
    {
      name: 'no tag',
      code: 'FROM node\nCMD ["node"]\n',
      errors: [{ messageId: 'noTag', line: 1, column: 6, endLine: 1, endColumn: 10, level: 'info', message: 'FROM node has no tag' }],
      output: null,
    },
    {
      name: ':latest',
      code: 'FROM python:latest\n',
      errors: [{ messageId: 'latestTag', line: 1, column: 6, endColumn: 19, message: 'FROM python:latest uses :latest' }],
      output: null,
    },
    {
      name: 'registry port is not a tag',
      code: 'FROM localhost:5000/team/app\n',
      errors: [{ messageId: 'noTag', line: 1, column: 6, endColumn: 29 }],
    },
    {
      name: 'image from an ARG default is reported at the FROM image text',
      code: 'ARG BASE=node\nFROM ${BASE} AS app\n',
      errors: [{ messageId: 'noTag', line: 2, column: 6, endColumn: 13, message: 'FROM ${BASE} (= node) has no tag' }],
    },
    {
      name: 'tag latest from an ARG default',
      code: 'ARG TAG=latest\nFROM node:${TAG}\n',
      errors: [{ messageId: 'latestTag', line: 2, column: 6, message: 'node:${TAG} (= node:latest)' }],
    },
    {
      name: 'build stages are checked too; stage references are not',
      code: 'FROM golang AS build\nRUN go build -o /out/app ./...\nFROM build AS test\nRUN go test ./...\nFROM gcr.io/distroless/static:latest\nCOPY --from=build /out/app /app\n',
      errors: [
        { messageId: 'noTag', line: 1, column: 6 },
        { messageId: 'latestTag', line: 5, column: 6, endColumn: 37 },
      ],
    },
    {
      name: 'after a --platform flag',
      code: 'FROM --platform=linux/amd64 ubuntu AS base\n',
      errors: [{ messageId: 'noTag', line: 1, column: 29, endColumn: 35 }],
    },
    {
      name: 'lower-case keyword and CRLF',
      code: 'from alpine:latest\r\nrun echo hi\r\n',
      errors: [{ messageId: 'latestTag', line: 1, column: 6 }],
    },
  ],
});
