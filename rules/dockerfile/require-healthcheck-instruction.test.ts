import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-healthcheck-instruction.js';

ruleTester(rule, {
  valid: [
    {
      name: 'facts: the base image has a HEALTHCHECK in its config',
      code: 'FROM myorg/api:2\nCMD ["/api"]\n',
      imageFacts: { 'myorg/api:2': { healthcheck: ['CMD', '/api', 'health'] } },
    },
    {
      name: 'facts: inherited through a stage',
      code: 'FROM myorg/api:2 AS base\nFROM base\nCMD ["/api"]\n',
      imageFacts: { 'myorg/api:2': { healthcheck: ['CMD-SHELL', 'wget -q --spider localhost'] } },
    },
    {
      name: 'a toolchain image with no service of its own (no CMD, no EXPOSE)',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nENV GOPATH=/go\n',
    },
    { name: 'a REPL as the command (CMD irb)', code: 'FROM debian:12\nRUN make install\nCMD ["irb"]\n' },
    {
      name: 'facts without a healthcheck on an image with no service of its own (looks flagged, is not)',
      code: 'FROM myorg/toolchain:3\nRUN make install\n',
      imageFacts: { 'myorg/toolchain:3': { user: 'app' } },
    },
    'FROM nginx:1.27\nHEALTHCHECK CMD curl -fsS http://localhost/ || exit 1\n',
    { name: 'HEALTHCHECK NONE is a deliberate choice', code: 'FROM alpine:3.20\nHEALTHCHECK NONE\nCMD ["sleep", "infinity"]\n' },
    { name: 'inherited from a parent stage', code: 'FROM node:22 AS base\nHEALTHCHECK CMD node healthcheck.js\nFROM base\nCMD ["node", "server.js"]\n' },
    {
      name: 'a build stage without one does not matter',
      code: 'FROM golang:1.23 AS build\nRUN go build\nFROM alpine:3.20\nHEALTHCHECK --interval=10s CMD wget -q --spider http://localhost:8080/\n',
    },
    { name: 'no stages at all', code: 'ARG X=1\n' },
  ],
  invalid: [
    {
      name: 'facts: the base image has no healthcheck either, and the message says so',
      code: 'FROM myorg/api:2\nCMD ["/api"]\n',
      imageFacts: { 'myorg/api:2': { user: 'app' } },
      errors: [{ messageId: 'missingInImage', line: 1, column: 1, message: 'its base image myorg/api:2 has none in its config either (sha256:abababababab…' }],
    },
    {
      name: 'facts: an inherited HEALTHCHECK NONE does not count',
      code: 'FROM myorg/api:2\nCMD ["/api"]\n',
      imageFacts: { 'myorg/api:2': { healthcheck: ['NONE'] } },
      errors: [{ messageId: 'missingInImage', line: 1, column: 1 }],
    },
    {
      name: 'no fix after a last instruction whose continuation leads on',
      code: 'FROM alpine:3.20\nEXPOSE 8080\nRUN echo ready \\\n',
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'Alpine with an EXPOSEd port: busybox wget probe before CMD',
      code: 'FROM alpine:3.20\nEXPOSE 8080\n# start the app\nCMD ["/app"]\n',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 17 }],
      fixTitle: 'Add a HEALTHCHECK probing http://localhost:8080/',
      safe: false,
      output:
        'FROM alpine:3.20\nEXPOSE 8080\nHEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD wget -q --spider http://localhost:8080/ || exit 1\n# start the app\nCMD ["/app"]\n',
    },
    {
      name: 'curl installed by the file, port from a parent stage, no CMD: appended',
      code: 'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nEXPOSE 3000/tcp\nFROM base',
      errors: [{ messageId: 'missing', line: 4, column: 1 }],
      output:
        'FROM debian:12 AS base\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nEXPOSE 3000/tcp\nFROM base\nHEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD curl -fsS http://localhost:3000/ || exit 1',
    },
    {
      name: 'no probe tool known: reported without a fix',
      code: 'FROM debian:12-slim\nEXPOSE 8080\nCMD ["/app"]\n',
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'no port known: no fix; ONBUILD HEALTHCHECK does not count',
      code: 'FROM alpine:3.20\nONBUILD HEALTHCHECK CMD true\nCMD ["/app"]\n',
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output: null,
    },
    {
      name: 'CRLF kept',
      code: 'FROM alpine:3.20\r\nEXPOSE 80\r\nENTRYPOINT ["/app"]\r\n',
      errors: [{ messageId: 'missing', line: 1, column: 1 }],
      output:
        'FROM alpine:3.20\r\nEXPOSE 80\r\nHEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD wget -q --spider http://localhost:80/ || exit 1\r\nENTRYPOINT ["/app"]\r\n',
    },
  ],
});
