import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import { assertLinear } from '../../test/support/scaling.js';
import rule from './no-shared-host-mount.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    volumes:\n      - ./src:/app\n  db:\n    volumes:\n      - ./db:/var/lib/postgresql/data\n',
    {
      name: 'a named volume shared on purpose',
      code: 'services:\n  app:\n    volumes: [static:/app/static]\n  nginx:\n    volumes: [static:/usr/share/nginx/html]\nvolumes:\n  static: {}\n',
    },
    { name: 'read-only everywhere', code: 'services:\n  a:\n    volumes: [./conf:/conf:ro]\n  b:\n    volumes: [./conf:/etc/conf:ro]\n' },
    { name: 'one service mounting a path twice', code: 'services:\n  a:\n    volumes: [./x:/x, ./x:/y]\n' },
    { name: 'a shared socket (an agent, a proxy)', code: 'services:\n  a:\n    volumes: [/run/app.sock:/run/app.sock]\n  b:\n    volumes: [/run/app.sock:/run/app.sock]\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  a:\n    volumes: ["${DIR}:/x"]\n  b:\n    volumes: ["${DIR}:/x"]\n' },
    {
      name: 'a development setup: each service mounts the source its own image COPYs, where it COPYs it (live reload)',
      code: 'services:\n  api:\n    build: { context: ., target: dev }\n    volumes: [./src:/usr/src/app/src, ./app:/usr/src/app/app]\n  worker:\n    build: { context: ., target: dev }\n    volumes: [./src:/usr/src/app/src]\n',
      files: { Dockerfile: 'FROM php:8.3-cli AS dev\nWORKDIR /usr/src/app\nCOPY ./app app\nCOPY ./src /usr/src/app/src\nCMD ["php", "app/http.php"]\n' },
    },
    {
      name: 'a subfolder of a COPY . mounted at its place in the image is the same working copy',
      code: 'services:\n  web:\n    build: .\n    volumes: ["./src:/app/src"]\n  worker:\n    build: .\n    command: ["node", "worker.js"]\n    volumes: ["./src:/app/src"]\n',
      files: { Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n' },
    },
  ],
  invalid: [
    {
      name: 'writable in one, read-only in the other: only the writer is reported',
      code: 'services:\n  builder:\n    volumes:\n      - ./site:/out\n  nginx:\n    volumes:\n      - ./site/:/usr/share/nginx/html:ro\n',
      errors: [{ messageId: 'shared', line: 4, column: 9, level: 'hint', message: 'Service builder can write ./site, which nginx also mounts' }],
      output: null,
    },
    {
      name: 'writable in both',
      code: 'services:\n  web:\n    volumes: [./src:/app]\n  worker:\n    volumes: [./src:/app]\n  beat:\n    volumes: [./src:/app:ro]\n',
      errors: [
        { messageId: 'shared', line: 3, column: 15, message: 'which worker, beat also mount:' },
        { messageId: 'shared', line: 5, column: 15 },
      ],
    },
    {
      name: 'looks like a development overlay, but the mount lands elsewhere than the image COPYs it: a shared folder',
      code: 'services:\n  web:\n    build: ./sentry\n    volumes: [./sentry:/etc/sentry]\n  worker:\n    build: ./sentry\n    volumes: [./sentry:/etc/sentry]\n',
      files: { 'sentry/Dockerfile': 'FROM python:3.12-slim\nCOPY . /usr/src/sentry\nCMD ["sentry", "run", "web"]\n' },
      errors: [
        { messageId: 'shared', line: 4, column: 15 },
        { messageId: 'shared', line: 7, column: 15 },
      ],
    },
    {
      name: 'an overlay next to a service that builds nothing and can write the same folder: that one is reported',
      code: 'services:\n  app:\n    build: .\n    volumes: [./src:/app/src]\n  sync:\n    image: alpine:3.20\n    volumes: [./src:/data]\n',
      files: { Dockerfile: 'FROM node:22-alpine\nWORKDIR /app\nCOPY src src\nCMD ["node", "src/server.js"]\n' },
      errors: [{ messageId: 'shared', line: 7, column: 15, message: 'Service sync can write ./src, which app also mounts' }],
    },
    {
      name: 'shared through an anchor: reported at each alias',
      code: 'x-code: &code\n  volumes: [./src:/app]\nservices:\n  web:\n    <<: *code\n  worker:\n    <<: *code\n',
      errors: [
        { messageId: 'shared', line: 5, column: 9 },
        { messageId: 'shared', line: 7, column: 9 },
      ],
    },
  ],
});

describe('DC027 related information', () => {
  it("points at the other services' mounts", () => {
    const code = 'services:\n  a:\n    volumes: [/srv/x:/x]\n  b:\n    volumes:\n      - /srv/x:/y:ro\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC027'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.message]),
      [[5, 'b mounts /srv/x read-only here']],
    );
  });
});

describe('DC027 with many services sharing one folder', () => {
  const services = (n: number) => `services:\n${Array.from({ length: n }, (_, i) => `  s${i}:\n    volumes: [./shared:/data]\n`).join('')}`;

  it('names three of the others and counts the rest', () => {
    const [first, second] = lintText('compose.yaml', services(6), 'compose', { only: ['DC027'] }).findings;
    assert.match(first.message, /^Service s0 can write \.\/shared, which s1, s2, s3 and 2 other services also mount:/);
    assert.match(second.message, /^Service s1 can write \.\/shared, which s0, s2, s3 and 2 other services also mount:/);
    assert.deepEqual(
      first.related.map((r) => r.message),
      ['s1', 's2', 's3', 's4', 's5'].map((s) => `${s} mounts ./shared here`),
      'five of the other mounts',
    );
  });

  it('names all of up to four others', () => {
    const [f] = lintText('compose.yaml', services(5), 'compose', { only: ['DC027'] }).findings;
    assert.match(f.message, /^Service s0 can write \.\/shared, which s1, s2, s3, s4 also mount:/);
  });

  it('costs time linear in the services (each finding names a few, not all)', () => {
    assertLinear(
      'DC027 services sharing a folder',
      (n) => services(n),
      (text) => lintText('compose.yaml', text, 'compose', { only: ['DC027'] }),
      500,
    );
  });
});
