/**
 * Which images a file pulls, for which platform: every FROM (with --platform, ARG-resolved; not
 * `$BUILDPLATFORM`), Compose image: (with platform:, `${VAR}` from .env), and the base image of the
 * Dockerfile a service builds. What image facts are fetched for and hover shows them on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../../rules/api.js';
import { imageSitesOf } from '../../server/src/registry/image-sites.js';
import { TEST_ROOT, memoryFiles } from '../support/files-view.js';

const keys = (path: string, text: string, language: 'dockerfile' | 'compose', files?: Record<string, string>) => {
  const view = files ? memoryFiles(files, TEST_ROOT) : undefined;
  return imageSitesOf(lintText(path, text, language, { only: [], files: view }), view).map((s) => `${s.key}${s.elsewhere ? ' (elsewhere)' : ''}`);
};

describe('image sites', () => {
  it('Dockerfile: every stage base once, with its platform; stage references and scratch are not images', () => {
    const text = [
      'ARG BASE=node:20',
      'FROM --platform=linux/arm64 $BASE AS build',
      'FROM --platform=$BUILDPLATFORM golang:1.22 AS tools',
      'FROM build AS again',
      'FROM scratch',
      `FROM ghcr.io/acme/app@sha256:${'a'.repeat(64)}`,
      '',
    ].join('\n');
    assert.deepEqual(keys(`${TEST_ROOT}/Dockerfile`, text, 'dockerfile'), [
      'docker.io/library/node:20|linux/arm64',
      'docker.io/library/golang:1.22|linux/amd64',
      `ghcr.io/acme/app@sha256:${'a'.repeat(64)}|linux/amd64`,
    ]);
  });

  it("Compose: image: with platform: and .env variables; a built service names its Dockerfile's base", () => {
    const text = 'services:\n  db:\n    image: postgres:${PG}\n    platform: linux/arm64/v8\n  web:\n    build: ./web\n    image: myorg/web:dev\n  unknown:\n    image: ${NOPE}\n';
    assert.deepEqual(keys(`${TEST_ROOT}/compose.yaml`, text, 'compose', { '.env': 'PG=16\n', 'web/Dockerfile': 'FROM python:3.12-slim\n' }), [
      'docker.io/library/postgres:16|linux/arm64',
      'docker.io/library/python:3.12-slim|linux/amd64 (elsewhere)',
    ]);
  });
});
