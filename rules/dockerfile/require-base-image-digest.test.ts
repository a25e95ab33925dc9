import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-base-image-digest.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

ruleTester(rule, {
  valid: [
    `FROM nginx:1.27-alpine@${DIGEST}\n`,
    { name: 'digest without tag', code: `FROM nginx@${DIGEST}\n` },
    { name: 'scratch', code: 'FROM scratch\nCOPY app /app\n' },
    { name: 'a stage reference is not an image', code: `FROM golang:1.22@${DIGEST} AS build\nFROM build\n` },
    { name: 'unknowable base: ARG without default', code: 'ARG BASE\nFROM $BASE\n' },
    { name: 'digest from an ARG default', code: `ARG BASE=node:20@${DIGEST}\nFROM \${BASE}\n` },
    { name: 'flags and alias around a pinned image', code: `FROM --platform=$BUILDPLATFORM golang:1.22@${DIGEST} AS build\n` },
    '',
  ],
  invalid: [
    {
      name: 'a malformed digest pins nothing',
      code: 'FROM python:3.12-alpine@sha256\n',
      errors: [{ messageId: 'notPinned', line: 1, column: 6, message: 'FROM python:3.12-alpine@sha256 is not pinned by digest' }],
    },
    {
      name: 'a version tag is still movable; hint level; no offline fix (the editor resolves it lazily)',
      code: 'FROM nginx:1.27-alpine\nUSER nginx\n',
      errors: [{ messageId: 'notPinned', line: 1, column: 6, endLine: 1, endColumn: 23, level: 'hint', message: 'FROM nginx:1.27-alpine is not pinned by digest' }],
      output: null,
    },
    {
      name: 'no tag and :latest',
      code: 'FROM node\nFROM python:latest\n',
      errors: [
        { messageId: 'notPinned', line: 1, column: 6, endColumn: 10 },
        { messageId: 'notPinned', line: 2, column: 6, endColumn: 19 },
      ],
    },
    {
      name: 'every stage that names an image, not stage references',
      code: 'FROM golang:1.22 AS build\nRUN go build -o /out/app ./...\nFROM build AS test\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /out/app /app\n',
      errors: [
        { messageId: 'notPinned', line: 1, column: 6, endColumn: 17 },
        { messageId: 'notPinned', line: 4, column: 6, endColumn: 38 },
      ],
    },
    {
      name: 'registry with a port; --platform and AS kept out of the span',
      code: 'FROM --platform=linux/amd64 127.0.0.1:5000/demo/app:latest AS base\n',
      errors: [{ messageId: 'notPinned', line: 1, column: 29, endColumn: 59 }],
    },
    {
      name: 'image from an ARG default is reported at the FROM image text',
      code: 'ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-slim\n',
      errors: [{ messageId: 'notPinned', line: 2, column: 6, message: 'FROM node:${NODE_VERSION}-slim (= node:20-slim) is not pinned' }],
    },
    {
      name: 'lower-case keyword and CRLF',
      code: 'from alpine:3.20\r\nrun echo hi\r\n',
      errors: [{ messageId: 'notPinned', line: 1, column: 6 }],
    },
  ],
});
