import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-undefined-arg-in-from.js';

ruleTester(rule, {
  valid: [
    'ARG NODE_VERSION=22\nFROM node:${NODE_VERSION}-alpine\n',
    { name: 'platform ARGs are predefined', code: 'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM alpine:3.20-${TARGETARCH}\n' },
    { name: 'global defaults built from each other', code: 'ARG REGISTRY=ghcr.io\nARG IMAGE=${REGISTRY}/acme/base\nFROM ${IMAGE}:1.0\n' },
    { name: 'a variable that names an earlier stage', code: 'ARG VARIANT=prod\nFROM alpine:3.20 AS prod\nFROM ${VARIANT}\n' },
    { name: 'scratch from a default', code: 'ARG BASE=scratch\nFROM $BASE\n' },
    { name: 'optional suffix from an ARG without default', code: 'ARG SUFFIX\nFROM alpine:3.20${SUFFIX:+-$SUFFIX}\n' },
    { name: 'a stage ARG used after FROM is fine', code: 'FROM alpine:3.20\nARG VERSION=1\nRUN echo $VERSION\n' },
    { name: 'BuildKit removes quotes inside ${X:-"word"}', code: 'ARG X=${X:-"supported"}\nFROM name-${X}\n' },
    { name: 'quoted default with a } inside the quotes', code: "ARG T=${T:-'3.20'}\nFROM alpine:${T}\n" },
    'FROM\n',
    { name: 'a real digest after the tag', code: 'FROM python:3.12-alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
  ],
  invalid: [
    {
      name: 'quotes removed, the default is still not a valid reference',
      code: 'ARG X=${X:-"Supported"}\nFROM name-${X}\n',
      errors: [{ messageId: 'invalidDefault', line: 2, column: 6, message: '`name-Supported`' }],
    },
    {
      name: 'the ARG goes after the BOM, not before it (the BOM once moved into the file)',
      code: '\uFEFFFROM alpine:3.20 AS tools\nARG GO_VERSION=1.23\nFROM golang:${GO_VERSION} AS build\n',
      errors: [{ messageId: 'stageArg', line: 3, column: 13 }],
      fixTitle: 'Declare ARG GO_VERSION=1.23 before the first FROM',
      output: '\uFEFFARG GO_VERSION=1.23\nFROM alpine:3.20 AS tools\nARG GO_VERSION=1.23\nFROM golang:${GO_VERSION} AS build\n',
    },
    {
      name: 'ARG declared inside a stage: fix declares it globally',
      code: '# syntax=docker/dockerfile:1\nFROM alpine:3.20 AS tools\nARG GO_VERSION=1.23\n# build\nFROM golang:${GO_VERSION} AS build\n',
      errors: [{ messageId: 'stageArg', line: 5, column: 13, endLine: 5, endColumn: 26, message: 'declared on line 3, inside a stage' }],
      fixTitle: 'Declare ARG GO_VERSION=1.23 before the first FROM',
      safe: false,
      output: '# syntax=docker/dockerfile:1\nARG GO_VERSION=1.23\nFROM alpine:3.20 AS tools\nARG GO_VERSION=1.23\n# build\nFROM golang:${GO_VERSION} AS build\n',
    },
    {
      name: 'typo: did you mean, rename fix',
      code: 'ARG NODE_VERSION=22\nFROM node:$NODE_VERSON\n',
      errors: [{ messageId: 'undefined', line: 2, column: 11, message: 'did you mean NODE_VERSION?' }],
      fixTitle: 'Use the declared ARG NODE_VERSION',
      output: 'ARG NODE_VERSION=22\nFROM node:$NODE_VERSION\n',
    },
    {
      name: 'not declared anywhere, in --platform too: no fix',
      code: 'FROM --platform=$PLATFORM $IMAGE\n',
      errors: [
        { messageId: 'undefined', line: 1, column: 17, message: 'no ARG PLATFORM' },
        { messageId: 'undefined', line: 1, column: 27, message: 'no ARG IMAGE' },
      ],
      output: null,
    },
    {
      name: 'undeclared with a default: cannot be overridden; fix declares the default',
      code: '# comment about the image\nFROM python:${PY:-3.12}-slim\n',
      errors: [{ messageId: 'notOverridable', line: 2, column: 13, level: 'info' }],
      output: 'ARG PY=3.12\n# comment about the image\nFROM python:${PY:-3.12}-slim\n',
    },
    {
      name: 'declared without a default',
      code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n',
      errors: [{ messageId: 'noDefault', line: 2, column: 6, level: 'info', message: 'ARG BASE_IMAGE has no default' }],
      output: null,
    },
    {
      name: 'a default that gives an invalid reference',
      code: 'ARG TAG=\nFROM node:${TAG}\nARG X\n',
      errors: [{ messageId: 'invalidDefault', line: 2, column: 6, level: 'warning', message: 'node:' }],
    },
    {
      name: 'a digest without its hash: the build fails (error)',
      code: 'FROM python:3.12-alpine@sha256\nFROM python:3.8-alpine@v1 AS old\n',
      errors: [
        {
          messageId: 'invalidDigest',
          line: 1,
          column: 6,
          endColumn: 31,
          level: 'error',
          message: '`python:3.12-alpine@sha256` is not a valid image reference (invalid digest "sha256")',
        },
        { messageId: 'invalidDigest', line: 2, column: 6, level: 'error', message: 'invalid digest "v1"' },
      ],
    },
    {
      name: 'an upper-case name written out: the error names what is wrong, not digests',
      code: 'FROM ALPINE:3.22\n',
      errors: [
        {
          messageId: 'invalidReference',
          line: 1,
          column: 6,
          level: 'error',
          message: '`ALPINE:3.22` is not a valid image reference (repository name "library/ALPINE" must be lower case): the build fails here.',
        },
      ],
    },
    {
      name: 'upper case from a default',
      code: 'ARG IMG=Node:22\nFROM $IMG\n',
      errors: [{ messageId: 'invalidDefault', line: 2, column: 6, message: 'must be lower case' }],
    },
  ],
});
