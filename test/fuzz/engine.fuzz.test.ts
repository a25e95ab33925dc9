/**
 * Property fuzzing of the engine with every rule, a few thousand seeded cases per run:
 * random instruction sequences, random Compose files and random YAML, corpus files mutated
 * (lines deleted/duplicated/swapped, unbalanced quotes and heredocs, CRLF, lone CR, BOM, NUL,
 * invalid UTF-8, tabs) and cut at every length, and one file typed character by character.
 * The properties are in properties.ts; `npm run fuzz` runs the same with ≥ 100,000 cases.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { composeLanguage } from '../../rules/languages/compose-language.js';
import { anyInput, generatedCompose, generatedDockerfile, generatedYaml, mutatedSeed, seedPrefix } from './arbitraries.js';
import { type CheckOptions, checkInput, newStats } from './properties.js';
import { FUZZ_SEED } from './seed.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const CHEAP: CheckOptions = { determinism: false, fixes: false };

/**
 * Safe fixes on YAML the parser could not fully read are only downgraded once the Compose model
 * reports its parse errors (LanguageSupport.parseErrors); until then such fixes are checked for
 * their finding only, not for YAML validity.
 */
const composeReportsParseErrors = typeof composeLanguage.parseErrors === 'function';

function run(name: string, arb: fc.Arbitrary<Parameters<typeof checkInput>[0]>, numRuns: number, options: CheckOptions = {}) {
  it(`${name}: ${numRuns} cases`, () => {
    const stats = newStats();
    fc.assert(
      fc.property(arb, (input) => {
        checkInput(input, { yamlValidity: composeReportsParseErrors, ...options }, stats);
      }),
      { numRuns, seed: FUZZ_SEED, endOnFailure: true },
    );
    assert.equal(stats.cases, numRuns);
  });
}

describe('engine fuzzing: every property on every input kind', () => {
  run('random Dockerfile instruction sequences', generatedDockerfile, 450, CHEAP);
  run('random Compose files (anchors, merges, !reset/!override, flow and block styles)', generatedCompose, 260, CHEAP);
  run('random YAML documents, linted as Compose', generatedYaml, 220, CHEAP);
  run('corpus files with structural and encoding mutations', mutatedSeed(), 420, CHEAP);
  run('corpus files cut at a random length', seedPrefix(), 320, CHEAP);
  run('determinism and fixes (safe fixes re-parse and remove their finding)', anyInput, 100, { maxFixedFindings: 3 });
});

describe('engine fuzzing: a file typed character by character', () => {
  const DOCKERFILE = `# syntax=docker/dockerfile:1
FROM node:20 AS build
ARG NPM_TOKEN
RUN --mount=type=secret,id=npm,target=/root/.npmrc \\
    npm ci && curl -fsSL https://x.io/i.sh | sh
COPY <<EOF /etc/app.conf
password = "hunter2"
EOF
FROM alpine:3.20
USER root
EXPOSE 22
CMD ["node"]
`;
  const COMPOSE = `x-base: &base
  cap_drop: [ALL]
services:
  web:
    <<: *base
    image: nginx
    privileged: true
    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
    ports: ["0.0.0.0:80:80"]
`;
  for (const [language, path, text] of [
    ['dockerfile', '/project/Dockerfile', DOCKERFILE],
    ['compose', '/project/compose.yaml', COMPOSE],
  ] as const) {
    it(`${language}: all ${text.length + 1} prefixes`, () => {
      const stats = newStats();
      for (let n = 0; n <= text.length; n++) {
        checkInput({ language, path, text: text.slice(0, n), origin: `typed prefix ${n}` }, { ...CHEAP, fixes: n % 40 === 0, yamlValidity: composeReportsParseErrors }, stats);
      }
      assert.equal(stats.cases, text.length + 1);
    });
  }
});
