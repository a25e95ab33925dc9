/**
 * The CLI as installed (scripts/cli-build.mjs): the launcher, the V8 code cache and the lazily loaded
 * parser chunks. Output must be byte-identical to the single bundle the other CLI tests run, whether
 * a cache is missing, used, damaged or cannot be written.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { asciiOnly, buildCli } from '../../scripts/cli-build.mjs';
import { type CliHarness, cliHarness, copyDocs, ROOT, type Run } from '../support/cli.js';
import { HANG_CEILING_MS } from '../support/scaling.js';

const DOCKERFILE = 'FROM node:20\nENV API_TOKEN=abc123def456\nRUN curl -k https://example.com/x.sh | sh\n';
const COMPOSE = 'services:\n  web:\n    image: nginx\n    privileged: true\n';
const COMPOSE_BUILD = 'services:\n  app:\n    build: .\n    ports: ["8080:8080"]\n';

let h: CliHarness;
let dist: string;
let cacheDir: string;
let tmp: string;

before(async () => {
  h = await cliHarness();
  tmp = mkdtempSync(join(tmpdir(), 'bosun-launcher-test-'));
  dist = join(tmp, 'dist');
  await buildCli(ROOT, dist, { target: 'node20', logLevel: 'warning', define: { BOSUN_VERSION: '"0.0.0-test"' } });
  copyDocs(dist);
  cacheDir = join(dist, '.cache');
});
after(() => {
  h?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

function installed(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'BOSUN_DEBUG', 'BOSUN_CODE_CACHE', 'BOSUN_THREADS']) delete base[k];
  const r = spawnSync(process.execPath, [join(dist, 'cli.js'), ...args], {
    cwd,
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: HANG_CEILING_MS,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The cache lines BOSUN_DEBUG prints, e.g. `cli-main.js: used`, `wrote cli-main.js`. */
function cacheEvents(r: Run): string[] {
  return [...r.stderr.matchAll(/^bosun: code cache: (.*)$/gm)].map((m) => m[1].replace(/wrote .*\/([^/]+?)\.[0-9a-f]{8}\.cache$/, 'wrote $1'));
}

const cacheFiles = () => (existsSync(cacheDir) ? readdirSync(cacheDir).sort() : []);

describe('the installed CLI', () => {
  beforeEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('prints what the single bundle prints, without a cache and with one', () => {
    const ws = h.workspace({
      Dockerfile: DOCKERFILE,
      'compose.yaml': COMPOSE_BUILD,
      'web/compose.yaml': COMPOSE,
      '.bosun.yaml': 'rules:\n  no-privileged: warning\n',
    });
    for (const format of ['text', 'json', 'sarif', 'github']) {
      // Each points at the docs beside itself.
      const docs = (r: Run, dir: string) => ({ ...r, stdout: r.stdout.replaceAll(pathToFileURL(join(dir, 'docs')).href, '<docs>') });
      const expected = docs(h.bosun(['--format', format], { cwd: ws }), join(h.tmp, 'bin'));
      for (const pass of ['no cache', 'cache']) {
        const r = docs(installed(['--format', format], ws), dist);
        assert.deepEqual(r, expected, `${format}, ${pass}`);
      }
    }
    assert.ok(cacheFiles().length >= 3, `caches were written: ${cacheFiles()}`);
  });

  it('writes caches after a run that linted, uses them next time, and adds what a later run needed', () => {
    const ws = h.workspace({ Dockerfile: DOCKERFILE, 'web/compose.yaml': COMPOSE });
    const debug = { BOSUN_DEBUG: '1' };
    const wrote = (r: Run) =>
      cacheEvents(r)
        .filter((e) => e.startsWith('wrote '))
        .sort();
    assert.deepEqual(wrote(installed(['--version'], ws, debug)), [], 'nothing linted: no cache written');
    assert.deepEqual(cacheFiles(), []);
    const first = installed(['Dockerfile'], ws, debug);
    assert.ok(cacheEvents(first).includes('cli-main.js: none'));
    assert.deepEqual(
      wrote(first).filter((e) => !e.includes('yaml')),
      ['wrote cli-dockerfile-ast.js', 'wrote cli-main.js'],
    );
    const again = installed(['Dockerfile'], ws, debug);
    assert.deepEqual(wrote(again), []);
    assert.ok(
      cacheEvents(again).every((e) => e.endsWith(': used')),
      cacheEvents(again).join('\n'),
    );
    // The Compose rules are not in the cache yet: written again after the first run that lints Compose.
    assert.ok(wrote(installed(['web/compose.yaml'], ws, debug)).includes('wrote cli-main.js'));
    installed(['.'], ws, debug);
    const both = installed(['.'], ws, debug);
    assert.deepEqual(wrote(both), [], 'every cache now holds both kinds');
    assert.deepEqual(cacheEvents(both).sort(), ['cli-dockerfile-ast.js: used', 'cli-main.js: used', 'cli-yaml.js: used']);
  });

  it('loads the Dockerfile parser only for Dockerfiles', () => {
    const ws = h.workspace({ Dockerfile: DOCKERFILE, 'web/compose.yaml': COMPOSE });
    const events = cacheEvents(installed(['web/compose.yaml'], ws, { BOSUN_DEBUG: '1' }));
    assert.ok(events.some((e) => e.startsWith('cli-yaml.js')));
    assert.ok(!events.some((e) => e.startsWith('cli-dockerfile-ast.js')), events.join('\n'));
  });

  it('loads the YAML parser only for Compose files and configs', () => {
    const ws = h.workspace({ Dockerfile: DOCKERFILE });
    const events = cacheEvents(installed(['Dockerfile'], ws, { BOSUN_DEBUG: '1' }));
    assert.ok(!events.some((e) => e.startsWith('cli-yaml.js')), events.join('\n'));
  });

  it('ignores a damaged cache and replaces it', () => {
    const ws = h.workspace({ Dockerfile: DOCKERFILE });
    const expected = installed(['Dockerfile'], ws);
    const main = cacheFiles().find((f) => f.startsWith('cli-main.js.'));
    assert.ok(main);
    writeFileSync(join(cacheDir, main), `bosun-code-cache 1\n["dockerfile"]\n${'garbage'.repeat(5000)}`);
    const r = installed(['Dockerfile'], ws, { BOSUN_DEBUG: '1' });
    assert.deepEqual(cacheEvents(r).slice(0, 1), ['cli-main.js: rejected']);
    assert.ok(cacheEvents(r).includes('wrote cli-main.js'));
    assert.equal(r.stdout, expected.stdout);
    writeFileSync(join(cacheDir, main), 'not a cache at all');
    assert.deepEqual(installed(['Dockerfile'], ws).stdout, expected.stdout);
    assert.deepEqual(cacheEvents(installed(['Dockerfile'], ws, { BOSUN_DEBUG: '1' })).slice(0, 1), ['cli-main.js: used'], 'rewritten');
  });

  it('BOSUN_CODE_CACHE=off writes nothing; a cache folder that cannot be made only means no cache', () => {
    const ws = h.workspace({ Dockerfile: DOCKERFILE, 'a-file': 'x' });
    const expected = h.bosun(['Dockerfile'], { cwd: ws });
    assert.deepEqual(installed(['Dockerfile'], ws, { BOSUN_CODE_CACHE: 'off' }), expected);
    assert.deepEqual(cacheFiles(), []);
    const r = installed(['Dockerfile'], ws, { BOSUN_CODE_CACHE: join(ws, 'a-file', 'cache') });
    assert.deepEqual(r, expected);
    const elsewhere = join(ws, 'my-cache');
    installed(['Dockerfile'], ws, { BOSUN_CODE_CACHE: elsewhere });
    assert.ok(
      readdirSync(elsewhere).some((f) => f.startsWith('cli-main.js.')),
      'BOSUN_CODE_CACHE names the folder',
    );
  });
});

describe('the CLI bundles', () => {
  it('are ASCII: the launcher reads each as a one-byte string, not a megabyte decoded from UTF-8 into two bytes a character', () => {
    const bundles = readdirSync(dist).filter((f) => f.endsWith('.js'));
    assert.ok(bundles.includes('cli-main.js'), bundles.join());
    for (const f of bundles) {
      const at = readFileSync(join(dist, f), 'latin1').search(/[^\0-\x7f]/);
      assert.equal(at, -1, `${f}: a non-ASCII byte at ${at}`);
    }
  });

  it('escape a non-ASCII character to the same character in a string, a regular expression and a comment', () => {
    const source = "/* a … comment */ module.exports = [/^…$/.test('…'), /🐳/u.test('🐳'), /^🐳$/.test('🐳'), 'ελληνικά 🐳'];";
    const escaped = asciiOnly(source);
    assert.match(escaped, /^[\0-\x7f]*$/);
    const run = (code: string) => {
      const m = { exports: undefined as unknown };
      new Function('module', code)(m);
      return m.exports;
    };
    assert.deepEqual(run(escaped), [true, true, true, 'ελληνικά 🐳']);
    assert.deepEqual(run(escaped), run(source));
  });
});
