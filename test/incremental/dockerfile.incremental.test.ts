import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { FUZZ_SEED } from '../fuzz/seed.js';
import { type LintOptions, type LintResult, lintText } from '../../rules/api.js';
import { dockerfileSeeds, editAndCompare, editArb, seen } from './differential.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const SEEDS = dockerfileSeeds(300);
const STRUCTURAL = ['\\', '<<EOF', 'EOF', '\n', '#', 'FROM ', 'FROM alpine AS s\n', 'USER root\n', 'COPY --from=0 / /\n', 'ARG X=1\n', '# bosun-ignore DF001\n'];
/** Edits that change what one stage inherits from or gives to another. */
const CROSS_STAGE = [
  'USER app\n',
  'USER root\n',
  'FROM base\n',
  ' AS base',
  'WORKDIR /w\n',
  'ENV A=1\n',
  'SHELL ["/bin/bash", "-c"]\n',
  'COPY --from=base / /\n',
  'CMD ["x"]\n',
  'ARG A\n',
];

describe('incremental Dockerfile linting', () => {
  it('edits linted with the previous result find exactly what a lint from scratch finds', () => {
    const differing = new Map<string, string>();
    let compared = 0;
    let reusing = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS.keys()), fc.array(editArb(STRUCTURAL), { minLength: 1, maxLength: 8 }), (seed, edits) => {
        editAndCompare('/project/Dockerfile', 'dockerfile', SEEDS[seed], edits, (incremental, scratch, text) => {
          if (incremental.memory?.unchangedUnits) reusing++;
          compared++;
          assert.deepEqual(seen(incremental, false), seen(scratch, false), text);
        });
      }),
      { numRuns: 60, seed: FUZZ_SEED },
    );
    assert.equal(differing.size, 0);
    assert.ok(reusing > compared / 2, `most lints re-used unchanged stages (${reusing} of ${compared})`);
  });

  it('edits that move what stages inherit from each other (one in three) keep the findings exact', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS.keys()), fc.array(editArb([...STRUCTURAL, ...CROSS_STAGE], 2), { minLength: 1, maxLength: 6 }), (seed, edits) => {
        editAndCompare('/project/Dockerfile', 'dockerfile', SEEDS[seed], edits, (incremental, scratch, text) => {
          assert.deepEqual(seen(incremental, false), seen(scratch, false), text);
        });
      }),
      { numRuns: 50, seed: FUZZ_SEED + 1 },
    );
  });

  /**
   * One edit, linted with the result before it and from scratch: the same findings and fixes.
   * Returns both lints of `after` and the lint of `before`, for checks that the edit changed something.
   */
  function compareEdit(before: string, after: string, options: LintOptions = {}) {
    const path = '/project/Dockerfile';
    const previous = lintText(path, before, 'dockerfile', { ...options, incremental: true });
    const incremental = lintText(path, after, 'dockerfile', { ...options, incremental: true }, previous);
    assert.ok(incremental.memory, 'the lint kept what the next one re-uses');
    const scratch = lintText(path, after, 'dockerfile', options);
    assert.deepEqual(seen(incremental, true), seen(scratch, true));
    return { previous, scratch };
  }

  /** Messages of one rule's findings on a 0-based line. */
  const on = (result: LintResult<unknown>, code: string, line: number) =>
    result.findings.filter((f) => f.code === code && f.range.start.line === line).map((f) => `${f.level}: ${f.message}`);

  it('a new FROM in the final stage changes what an unchanged build stage ships', () => {
    // Line numbers below matter: the checks name the build stage's lines.
    const base = [
      'FROM debian:12 AS base', // 0
      'ENV API_TOKEN=abc', // 1
      'COPY id_rsa /root/.ssh/id_rsa', // 2
      'RUN rm /root/.ssh/id_rsa', // 3
      'RUN apt-get install -y openssh-server gcc sudo', // 4
      "RUN echo 'root:secret' | chpasswd", // 5
      'VOLUME /var/run/docker.sock', // 6
      'EXPOSE 22', // 7
      'COPY --from=other / /', // 8
      'COPY .git /app/.git', // 9
      'USER admin', // 10
      'CMD node server.js', // 11
      '',
    ].join('\n');
    const before = `${base}FROM base\nRUN true\n`;
    const after = `${base}FROM debian:12\nRUN true\n`;
    const { previous, scratch } = compareEdit(before, after);
    // Every one of these findings in the build stage changes although the stage does not.
    for (const [code, line] of [
      ['DF002', 1],
      ['DF039', 2],
      ['DF040', 3],
      ['DF021', 4],
      ['DF059', 4],
      ['DF016', 4],
      ['DF015', 4],
      ['DF012', 5],
      ['DF058', 6],
      ['DF053', 7],
      ['DF061', 8],
      ['DF044', 9],
      ['DF010', 10],
      ['DF057', 11],
    ] as const) {
      assert.notDeepEqual(on(scratch, code, line), on(previous, code, line), `${code} on line ${line}`);
    }
  });

  it('a USER in the final stage takes the findings off the base stage USER', () => {
    const before = 'FROM alpine:3.20 AS base\nUSER root\nRUN true\n\nFROM base\nRUN true\n';
    const after = 'FROM alpine:3.20 AS base\nUSER root\nRUN true\n\nFROM base\nUSER 1000\nRUN true\n';
    const { previous, scratch } = compareEdit(before, after);
    assert.equal(on(previous, 'DF001', 1).length, 1);
    assert.equal(on(scratch, 'DF001', 1).length, 0);
  });

  it('a USER added in a base stage reaches the stages built FROM it', () => {
    // Fine for unit rules: a stage's key holds the stages it is built FROM.
    const before = 'FROM alpine:3.20 AS base\nRUN true\n\nFROM base\nRUN sudo apk add curl\nCOPY --chown=app app.js /app/\n';
    const after = 'FROM alpine:3.20 AS base\nRUN true\nUSER app\n\nFROM base\nRUN sudo apk add curl\nCOPY --chown=app app.js /app/\n';
    const { previous, scratch } = compareEdit(before, after);
    assert.notDeepEqual(on(scratch, 'DF011', 5), on(previous, 'DF011', 4));
    assert.equal(on(scratch, 'DF014', 6).length, 1);
  });

  it('an ENV changed in a child stage clears a COPY of its base stage', () => {
    // The finding's related location (the ENV's name) survives the edit, so nothing forces a whole-file run.
    const base = 'FROM alpine:3.20 AS base\nCOPY sa.json /creds/sa.json\n\nFROM base\n';
    const before = `${base}ENV GOOGLE_APPLICATION_CREDENTIALS=/creds/sa.json\nRUN true\n`;
    const after = `${base}ENV GOOGLE_APPLICATION_CREDENTIALS=/creds/other.json\nRUN true\n`;
    const { previous, scratch } = compareEdit(before, after);
    assert.equal(on(previous, 'DF038', 1).length, 1);
    assert.equal(on(scratch, 'DF038', 1).length, 0);
  });

  it('an ARG removed from a later stage changes the message on an earlier FROM', () => {
    const base = 'FROM node:${VERSION} AS build\nRUN true\n\nFROM alpine:3.20\n';
    const before = `${base}ARG VERSION=20\nRUN true\n`;
    const after = `${base}RUN true\n`;
    const { previous, scratch } = compareEdit(before, after);
    assert.notDeepEqual(on(scratch, 'DF051', 0), on(previous, 'DF051', 0));
  });

  it('COPY --from a stage named like an image stays a stage reference when only the copying stage changes', () => {
    const options: LintOptions = { ruleOptions: { DF050: { allowedRegistries: ['ghcr.io'] } } };
    const base = 'FROM alpine:3.20 AS centos\nRUN true\n\nFROM ghcr.io/acme/app:1\nCOPY --from=centos /x /y\n';
    const { scratch } = compareEdit(base, `${base}RUN true\n`, options);
    assert.deepEqual(on(scratch, 'DF052', 4), []);
    assert.deepEqual(on(scratch, 'DF050', 4), []);
    // Renaming the stage turns the reference into an image: the copying stage's key changes with it.
    const renamed = compareEdit(base, base.replace('AS centos', 'AS builder'), options);
    assert.equal(on(renamed.scratch, 'DF052', 4).length, 1);
    // And so does a COPY --from edited in the final stage.
    compareEdit(base, base.replace('--from=centos', '--from=centos:7'), options);
  });

  it('WORKDIR, USER and SHELL of a base stage apply in a changed child stage', () => {
    const base = [
      'FROM debian:12 AS base',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'WORKDIR /cache',
      'USER app',
      '',
      'FROM base',
      'RUN --mount=type=secret,id=npm --mount=type=cache,target=/cache cat /run/secrets/npm > token',
      'RUN --mount=type=secret,id=npm,env=NPM_TOKEN --mount=type=cache,target=/home/app npm config set //r/:_authToken=$NPM_TOKEN',
      'RUN curl -fsSL https://example.com/x.tgz | tar xz',
      'WORKDIR ../proc',
      '',
    ].join('\n');
    const { scratch } = compareEdit(base, `${base}RUN true\n`);
    assert.deepEqual(
      scratch.findings.filter((f) => ['DF035', 'DF041'].includes(f.code)).map((f) => f.code),
      [],
    );
    assert.equal(on(scratch, 'DF060', 9).length, 1);
  });

  it('a changed global ARG re-checks every stage', () => {
    const text = (v: string) => `ARG BASE=${v}\nFROM $BASE AS build\nRUN true\n\nFROM $BASE\nRUN true\n`;
    const { previous, scratch } = compareEdit(text('python:2.7'), text('python:3.13'));
    assert.equal(on(previous, 'DF052', 1).length, 1);
    assert.equal(on(scratch, 'DF052', 1).length, 0);
  });
});
