import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-eol-base-image.js';

ruleTester(rule, {
  valid: [
    {
      name: 'facts: built five months before its facts were read',
      code: 'FROM myorg/base:1.4\n',
      imageFacts: { 'myorg/base:1.4': { created: '2026-06-02T10:00:00Z', fetchedAt: '2026-11-01T00:00:00Z' } },
    },
    {
      name: 'facts: old, but under a larger maxImageAgeMonths',
      code: 'FROM myorg/base:1.4\n',
      options: { maxImageAgeMonths: 60 },
      imageFacts: { 'myorg/base:1.4': { created: '2023-01-15T00:00:00Z' } },
    },
    {
      name: 'facts: the base.name label names a supported release',
      code: 'FROM myorg/base:1.4\n',
      imageFacts: { 'myorg/base:1.4': { labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:12' } } },
    },
    'FROM node:22-bookworm-slim\n',
    { name: 'supported releases', code: 'FROM python:3.12-slim\nFROM alpine:3.22\nFROM debian:bookworm\nFROM ubuntu:24.04\nFROM golang:1.26\n' },
    { name: 'tags without a version are not judged', code: 'FROM node:lts-alpine\nFROM python:3\nFROM ubuntu:latest\nFROM golang:alpine\n' },
    { name: 'version numbers of other images are not read', code: 'FROM bitnami/node:16\nFROM ghcr.io/acme/python:2.7\n' },
    { name: 'a custom tag that happens to contain a codename', code: 'FROM ghcr.io/acme/app:feature-buster\n' },
    { name: 'stage references and unknown ARGs', code: 'ARG V\nFROM node:${V} AS a\nFROM a\n' },
    { name: 'mysql:8 moves with the 8.x line', code: 'FROM mysql:8\n' },
  ],
  invalid: [
    {
      name: 'facts: an image built 45 months before its facts were read is a hint',
      code: 'FROM myorg/base:1.4\n',
      imageFacts: { 'myorg/base:1.4': { created: '2023-01-15T08:00:00Z', fetchedAt: '2026-11-01T00:00:00Z' } },
      errors: [{ messageId: 'old', line: 1, column: 6, level: 'hint', message: 'myorg/base:1.4 was built on 2023-01-15, 45 months before its config was read on 2026-11-01' }],
    },
    {
      name: 'facts: the org.opencontainers.image.base.name label names an end-of-life release',
      code: 'FROM myorg/base:1.4\n',
      imageFacts: { 'myorg/base:1.4': { labels: { 'org.opencontainers.image.base.name': 'docker.io/library/debian:buster-slim' } } },
      errors: [
        { messageId: 'eolBase', line: 1, column: 6, message: 'myorg/base:1.4 is built on docker.io/library/debian:buster-slim (its org.opencontainers.image.base.name label' },
      ],
    },
    {
      name: 'a malformed digest does not turn the check off',
      code: 'FROM node:18-alpine@v1\n',
      errors: [{ messageId: 'eol', line: 1, column: 6, message: 'node:18-alpine: Node.js 18 reached end of life' }],
    },
    {
      name: 'Node.js 18',
      code: 'FROM node:18-alpine\n',
      errors: [{ messageId: 'eol', line: 1, column: 6, endLine: 1, endColumn: 20, message: 'Node.js 18 reached end of life on 2025-04-30' }],
    },
    {
      name: 'Node 20 (ended 2026-04-30), by codename',
      code: 'FROM node:iron-slim\n',
      errors: [{ messageId: 'eol', line: 1, column: 6, message: 'Node.js 20 reached end of life on 2026-04-30' }],
    },
    {
      name: 'Python 2 and Python 3.9, in a build stage too',
      code: 'FROM python:2.7.18 AS legacy\nFROM python:3.9-slim\n',
      errors: [
        { messageId: 'eol', line: 1, column: 6, message: 'Python 2 reached end of life on 2020-01-01' },
        { messageId: 'eol', line: 2, column: 6, message: 'Python 3.9 reached end of life on 2025-10-31' },
      ],
    },
    {
      name: 'supported language on an end-of-life Debian',
      code: 'FROM python:3.12-slim-bullseye\n',
      errors: [{ messageId: 'eol', line: 1, column: 6, message: 'Debian 11 (bullseye) reached end of life on 2026-08-31' }],
    },
    {
      name: 'both the runtime and its Alpine branch',
      code: 'FROM node:16-alpine3.15\n',
      errors: [{ messageId: 'eol', line: 1, column: 6, message: 'Node.js 16 (2023-09-11) and Alpine Linux 3.15 (2023-11-01) reached end of life, so' }],
    },
    {
      name: 'CentOS and the deprecated openjdk image',
      code: 'FROM centos:7\nFROM openjdk:17-jdk-slim\n',
      errors: [
        { messageId: 'deprecated', line: 1, column: 6, message: 'CentOS Linux 7 — CentOS Linux has ended' },
        { messageId: 'deprecated', line: 2, column: 6, message: 'OpenJDK 17 — the Docker Hub openjdk image is deprecated' },
      ],
    },
    {
      name: 'Ubuntu codename, Debian number, Alpine patch release, after ARG substitution',
      code: 'ARG UBUNTU=focal\nFROM ubuntu:${UBUNTU}\nFROM debian:10-slim\nFROM alpine:3.18.4\n',
      errors: [
        { messageId: 'eol', line: 2, column: 6, message: 'Ubuntu 20.04 reached end of life on 2025-05-31' },
        { messageId: 'eol', line: 3, column: 6, message: 'Debian 10' },
        { messageId: 'eol', line: 4, column: 6, message: 'Alpine Linux 3.18' },
      ],
    },
    {
      name: 'fully qualified names and digests, .NET 6 on mcr',
      code: `FROM docker.io/library/golang:1.21@sha256:${'a'.repeat(64)}\nFROM mcr.microsoft.com/dotnet/aspnet:6.0\n`,
      errors: [
        { messageId: 'eol', line: 1, column: 6, message: 'Go 1.21' },
        { messageId: 'eol', line: 2, column: 6, message: '.NET 6.0 reached end of life on 2024-11-12' },
      ],
    },
    {
      name: 'COPY --from an end-of-life image',
      code: 'FROM alpine:3.22\nCOPY --from=python:3.8-alpine /usr/local/lib /usr/local/lib\n',
      errors: [{ messageId: 'eol', line: 2, column: 13, message: 'Python 3.8' }],
    },
  ],
});
