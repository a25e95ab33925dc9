/**
 * Names an attacker picks: services, networks, volumes, secrets, configs, build args, environment
 * keys, labels and image names spelled like Object.prototype's keys (`constructor`, `__proto__`,
 * `toString`…). A table looked up with `obj[name]` or `name in obj` finds a function there; no rule
 * may fail on it, and the findings must still be the ones the same file with plain names gets.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type LintResult, lintText, normalisePlatform } from '../../rules/api.js';
import { checkDigest } from '../../rules/languages/image-ref.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { memoryFiles } from '../support/files-view.js';

before(() => loadShellGrammar());

const HOSTILE = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

/** A name as an image reference takes it: lower case, no leading or trailing `_` (`__proto__` → `proto`). */
const image = (name: string) => name.toLowerCase().replace(/^_+|_+$/g, '');

/** A project whose every name is `n(i)`: a compose file, its .env, an env_file, a Dockerfile it builds. */
function project(n: (i: number) => string): { compose: string; files: Record<string, string> } {
  const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map(n);
  const compose = `name: ${c.toLowerCase()}
x-${a}: &${b}
  restart: always
services:
  ${a}:
    <<: *${b}
    image: ${image(a)}:${c}
    platform: linux/${image(a)}
    build:
      context: .
      args:
        ${a}: x
        ${b}: \${${c}:-y}
        ${d}_PASSWORD: hunter2-Prod-Passw0rd
      secrets: [${a}]
    environment:
      ${a}: x
      ${b}: \${${b}}
      ${c}: \${${d}:?set it}
      ${e}_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789
    env_file: [${a}.env]
    labels:
      ${a}: x
      ${b}: y
    networks:
      ${a}:
        aliases: [${c}]
      ${b}: {}
    volumes:
      - ${a}:/data
      - ${b}:/var/run/docker.sock
      - /var/run/docker.sock:/var/run/${c}.sock
    secrets: [${a}, ${b}]
    configs: [${c}]
    depends_on:
      ${b}:
        condition: service_healthy
      ${c}:
        condition: service_started
    ports: ["8080:80", "${a.length}000:${a.length}000"]
    cap_add: [${a}, SYS_ADMIN]
    sysctls:
      ${a}: 1
    ulimits:
      ${a}: 1
    extra_hosts:
      ${a}: 10.0.0.1
    logging:
      options:
        ${a}: x
    deploy:
      resources:
        limits:
          ${a}: 1
    profiles: [${a}]
    user: ${a}
    privileged: true
    security_opt: [${a}]
    healthcheck:
      test: ["CMD", "${a}"]
  ${b}:
    image: ${image(b)}
    network_mode: service:${a}
    pid: service:${a}
    ipc: service:${a}
  ${c}:
    extends: ${a}
    image: ${image(c)}@${image(a)}:${'a'.repeat(64)}
    volumes_from: [${a}]
  ${d}:
    extends:
      service: ${e}
      file: ${f}.yaml
networks:
  ${a}: {}
  ${b}:
    driver: host
  ${c}:
    external: true
volumes:
  ${a}: {}
  ${b}:
    driver_opts:
      ${a}: x
      type: none
      device: /
      o: bind
  ${c}: {}
secrets:
  ${a}:
    file: ./${a}
  ${b}:
    environment: ${b}
  ${c}:
    file: ./id_rsa
configs:
  ${c}:
    content: x
`;
  const files = {
    'compose.yaml': compose,
    '.env': `${a}=x\n${b}=y\n${c}=z\n${d}_PASSWORD=hunter2-Prod-Passw0rd\n`,
    [`${a}.env`]: `${a}=x\n${b}=\n${e}_SECRET=s3cr3t-Passw0rd-Pr0d\n`,
    [`${f}.yaml`]: `services:\n  ${e}:\n    image: ${image(e)}\n    environment:\n      ${a}: x\n`,
    Dockerfile: `FROM --platform=linux/${image(a)} alpine:3.20\nARG ${a}\nARG ${b}=x\nENV ${c}=/run/${a} ${d}=1 ${e}=0\nLABEL ${a}=x\nCOPY ${a} /run/${a}\nRUN echo $${a}\nUSER ${a}\n`,
    [a]: 'x\n',
  };
  return { compose, files };
}

/** Lints the project's compose file and its Dockerfile: no rule fails, no message shows a function found by a name. */
function lintProject(n: (i: number) => string): LintResult[] {
  const { compose, files } = project(n);
  const view = memoryFiles(files);
  const results = [lintText('/project/compose.yaml', compose, 'compose', { files: view }), lintText('/project/Dockerfile', files.Dockerfile, 'dockerfile', { files: view })];
  for (const result of results) {
    assert.deepEqual(result.errors, [], `no rule and no parser failed on ${result.file.path}`);
    for (const f of result.findings) assert.doesNotMatch(f.message, /\[native code\]|\bfunction \w*\(/, `${f.code} shows a prototype's function`);
  }
  return results;
}

/** How many findings of each rule, per file. */
const counts = (results: LintResult[]) =>
  results.map((r) => {
    const m = new Map<string, number>();
    for (const f of r.findings) m.set(f.code, (m.get(f.code) ?? 0) + 1);
    return [...m].sort(([a], [b]) => a.localeCompare(b));
  });

describe('names spelled like Object.prototype keys in a Compose project and the Dockerfile it builds', () => {
  it('make no rule fail, and find what the same file with plain names finds', () => {
    const plain = counts(lintProject((i) => `name${i}`));
    assert.ok(plain[0].length > 5 && plain[1].length > 2, 'the plain files have findings to compare with');
    for (let k = 0; k < HOSTILE.length; k++) {
      // Each hostile name in every position in turn, the others plain.
      const names = (i: number) => (i === 0 ? HOSTILE[k] : HOSTILE[(k + i) % HOSTILE.length]);
      assert.deepEqual(counts(lintProject(names)), plain, `the findings with names ${[0, 1, 2, 3, 4, 5].map(names).join(', ')}`);
    }
  });
});

describe('tables below the rules, looked up by a written name', () => {
  it('a digest algorithm named constructor is unsupported, not of a function length', () => {
    assert.equal(checkDigest(`constructor:${'a'.repeat(64)}`), 'unsupported digest algorithm "constructor"');
    assert.equal(checkDigest(`sha256:${'a'.repeat(64)}`), undefined);
  });
  it('a platform whose architecture is named toString is kept as written; aliases still apply', () => {
    assert.equal(normalisePlatform('linux/tostring'), 'linux/tostring');
    assert.equal(normalisePlatform('linux/constructor'), 'linux/constructor');
    assert.equal(normalisePlatform('linux/x86_64'), 'linux/amd64');
  });
});
