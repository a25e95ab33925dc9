/**
 * CI determinism with image facts: `bosun --image-facts refresh` fetches the facts of every image a
 * workspace pulls from a real registry into `.bosun/images.lock.json`; lint runs then read the lock
 * file only. With the registry stopped, the CLI gives the same findings, and so does the language
 * server (which reads the lock file first). Stale entries are reported as info; the lock file's
 * place comes from `.bosun.yaml`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type CliHarness, cliHarness, parseJson } from '../support/cli.js';
import { type RegistryFixture, startRegistries } from './fixture.js';
import { pushConfigImage } from './images.js';
import { startPinClient } from './lsp.js';

interface Found {
  path: string;
  code: string;
  line: number;
  message: string;
}

const FACT_CODES = new Set(['DF001', 'DF052', 'DF056', 'DC080', 'DC081']);

function findings(json: { files: { path: string; findings: { code: string; line: number; message: string }[] }[] }): Found[] {
  return json.files
    .flatMap((f) => f.findings.map((x) => ({ path: f.path, code: x.code, line: x.line, message: x.message })))
    .filter((f) => FACT_CODES.has(f.code))
    .sort((a, b) => `${a.path}:${a.code}:${a.line}`.localeCompare(`${b.path}:${b.code}:${b.line}`));
}

describe('image facts lock file: refresh, then lint without the registry', () => {
  let fx: RegistryFixture | undefined;
  let cli: CliHarness;
  let ws = '';
  let reg = '';
  before(async () => {
    fx = await startRegistries();
    reg = fx.anonymous;
    cli = await cliHarness();
    await pushConfigImage(reg, 'facts/nonroot', '1', 'oci', [
      { platform: 'linux/amd64', config: { User: '65532' } },
      { platform: 'linux/arm64', config: { User: '1000' } },
    ]);
    await pushConfigImage(reg, 'facts/distroless', 'nonroot', 'docker', [
      { platform: 'linux/amd64', config: {} },
      { platform: 'linux/arm64', config: {} },
    ]);
    await pushConfigImage(reg, 'facts/api', '2', 'oci', [
      { platform: 'linux/amd64', created: '2023-01-15T08:00:00Z', config: { User: 'app', Healthcheck: { Test: ['CMD', '/api', 'health'] } } },
    ]);
    ws = cli.workspace({
      'app/Dockerfile': `FROM ${reg}/facts/nonroot:1\nCOPY . /app\nCMD ["/app"]\n`,
      'tagged/Dockerfile': `FROM ${reg}/facts/distroless:nonroot\nCMD ["/app"]\n`,
      'api/Dockerfile': `FROM ${reg}/facts/api:2\nCMD ["serve"]\n`,
      'compose.yaml': `services:\n  web:\n    build: ./app\n  tagged:\n    build: ./tagged\n  api:\n    image: ${reg}/facts/api:2\n`,
      // DF056 is off by default: the config turns it on to see what the facts say about health checks.
      '.bosun.yaml': 'rules:\n  DF056: hint\n',
    });
  });
  after(async () => {
    await fx?.stop();
    cli?.dispose();
  });

  const lint = () => {
    const r = cli.bosun(['--format', 'json', '--fail-level', 'none', '.'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    return { found: findings(parseJson(r)), stderr: r.stderr };
  };
  let withFacts: Found[] = [];

  it('without facts, rules judge by names; the refresh writes every image of the workspace', () => {
    const before = lint().found;
    assert.ok(before.some((f) => f.path === 'app/Dockerfile' && f.code === 'DF001' && /never sets USER, so the container runs as root/.test(f.message)));
    assert.ok(!before.some((f) => f.path === 'tagged/Dockerfile' && f.code === 'DF001'), 'the nonroot tag is trusted without facts');
    const r = cli.bosun(['--image-facts', 'refresh'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Image facts of 3 images written to \.bosun\/images\.lock\.json \(3 fetched, 0 failed/);
    const lock = JSON.parse(readFileSync(join(ws, '.bosun/images.lock.json'), 'utf8'));
    assert.deepEqual(Object.keys(lock.images), [`${reg}/facts/api:2|linux/amd64`, `${reg}/facts/distroless:nonroot|linux/amd64`, `${reg}/facts/nonroot:1|linux/amd64`]);
    assert.equal(lock.images[`${reg}/facts/nonroot:1|linux/amd64`].user, '65532');
  });

  it('with the lock file: facts decide, and the messages say so', () => {
    const { found, stderr } = lint();
    withFacts = found;
    assert.equal(stderr, '');
    const at = (path: string, code: string) => found.filter((f) => f.path === path && f.code === code);
    assert.deepEqual(at('app/Dockerfile', 'DF001'), [], 'config user 65532: not flagged');
    assert.match(
      at('tagged/Dockerfile', 'DF001')[0]?.message ?? '',
      /base image .*facts\/distroless:nonroot runs as root: the image's config sets no USER \(sha256:[0-9a-f]{12}…, from the image facts lock file\)/,
    );
    assert.deepEqual(at('api/Dockerfile', 'DF056'), [], 'inherited healthcheck counts');
    assert.match(at('app/Dockerfile', 'DF056')[0]?.message ?? '', /has none in its config either/);
    assert.match(at('api/Dockerfile', 'DF052')[0]?.message ?? '', /was built on 2023-01-15, \d+ months before its config was read/);
    assert.deepEqual(
      at('compose.yaml', 'DC080').map((f) => f.line),
      [5],
      'only the service on the root-config base',
    );
  });

  it('registry stopped: the CLI gives identical findings, and so does the editor', async () => {
    await fx!.stop();
    fx = undefined;
    assert.deepEqual(lint().found, withFacts);
    const c = await startPinClient({ rootUri: pathToFileURL(ws).href, initializationOptions: { workspaceTrusted: true } });
    try {
      const editor: Found[] = [];
      for (const path of ['app/Dockerfile', 'tagged/Dockerfile', 'api/Dockerfile', 'compose.yaml']) {
        const uri = pathToFileURL(join(ws, path)).href;
        c.open(uri, path.endsWith('.yaml') ? 'dockercompose' : 'dockerfile', readFileSync(join(ws, path), 'utf8'));
        const { diagnostics } = await c.diagnostics(uri, 1);
        for (const d of diagnostics)
          if (FACT_CODES.has(String(d.code)))
            editor.push({ path, code: String(d.code), line: d.range.start.line + 1, message: typeof d.message === 'string' ? d.message : d.message.value });
      }
      editor.sort((a, b) => `${a.path}:${a.code}:${a.line}`.localeCompare(`${b.path}:${b.code}:${b.line}`));
      assert.deepEqual(editor, withFacts);
    } finally {
      await c.stop();
    }
  });

  it('stale entries are reported as info; the lock file may live where .bosun.yaml says', async () => {
    const path = join(ws, '.bosun/images.lock.json');
    const lock = JSON.parse(readFileSync(path, 'utf8'));
    for (const e of Object.values(lock.images) as { fetchedAt: string }[]) e.fetchedAt = '2025-02-03T00:00:00.000Z';
    writeFileSync(path, JSON.stringify(lock, null, 2));
    const { found, stderr } = lint();
    assert.match(stderr, /bosun: info: 3 image facts in \.bosun\/images\.lock\.json are older than 30 days \(oldest fetched 2025-02-03\); run bosun --image-facts refresh/);
    assert.ok(
      found.some((f) => f.code === 'DF052' && /built on 2023-01-15, 24 months before its config was read on 2025-02-03/.test(f.message)),
      'ages are measured to when the facts were fetched',
    );
    // The editor says it on the lock file itself, at each stale entry's key.
    const c = await startPinClient({ rootUri: pathToFileURL(ws).href, initializationOptions: { workspaceTrusted: true } });
    try {
      const uri = pathToFileURL(join(ws, 'app/Dockerfile')).href;
      c.open(uri, 'dockerfile', readFileSync(join(ws, 'app/Dockerfile'), 'utf8'));
      await c.diagnostics(uri, 1);
      const onLock = await c.until(pathToFileURL(path).href, (p) => p.diagnostics.length > 0);
      assert.equal(onLock.diagnostics.length, 3);
      assert.ok(onLock.diagnostics.every((d) => d.severity === 3 && /were fetched on 2025-02-03, more than 30 days ago: run bosun --image-facts refresh/.test(String(d.message))));
      const lines = readFileSync(path, 'utf8').split('\n');
      assert.deepEqual(
        onLock.diagnostics.map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)).sort(),
        Object.keys(lock.images)
          .map((k) => JSON.stringify(k))
          .sort(),
        "each at its entry's key",
      );
    } finally {
      await c.stop();
    }
    writeFileSync(join(ws, '.bosun.yaml'), 'imageFacts:\n  lockFile: ci/facts.json\n  maxAgeDays: 10000\n');
    const moved = cli.bosun(['--format', 'json', '--fail-level', 'none', '.'], { cwd: ws });
    assert.equal(moved.stderr, '', 'no lock at ci/facts.json: no facts, no note');
    assert.ok(findings(parseJson(moved)).some((f) => f.path === 'app/Dockerfile' && f.code === 'DF001'));
    // Bosun creates no folder but `.bosun` in the root: the config's folder must exist.
    const noFolder = cli.bosun(['--image-facts', 'refresh'], { cwd: ws });
    assert.equal(noFolder.code, 2);
    assert.match(noFolder.stderr, /cannot write ci\/facts\.json: its folder does not exist: not written/);
    assert.equal(existsSync(join(ws, 'ci')), false);
    mkdirSync(join(ws, 'ci'));
    const refresh = cli.bosun(['--image-facts', 'refresh'], { cwd: ws });
    assert.equal(refresh.code, 2, 'the registry is gone: the refresh fails…');
    assert.match(refresh.stderr, /image facts: .*facts\/nonroot:1 for linux\/amd64: .*refused the connection/);
    assert.equal(existsSync(join(ws, 'ci/facts.json')), true, '…and writes what it has where the config says');
  });

  it('a lock file path that leaves the folder is a config problem, not a write', () => {
    writeFileSync(join(ws, '.bosun.yaml'), 'imageFacts:\n  lockFile: ../outside.json\n');
    const r = cli.bosun(['--format', 'json', '--fail-level', 'none', '.'], { cwd: ws });
    assert.match(r.stderr, /imageFacts\.lockFile must be a relative path inside this folder/);
    assert.equal(existsSync(join(ws, '../outside.json')), false);
  });
});

describe('image facts refresh without a registry', { skip: process.platform === 'win32' && 'symlinks' }, () => {
  let cli: CliHarness;
  before(async () => {
    cli = await cliHarness();
  });
  after(() => cli?.dispose());

  it('a file asked for that cannot be read fails the refresh (exit 2); .bosun is made in the root', () => {
    // FROM scratch pulls nothing: no registry is asked, the lock file is written with no images.
    const ws = cli.workspace({ Dockerfile: 'FROM scratch\nCOPY app /app\n' });
    const ok = cli.bosun(['--image-facts', 'refresh', 'Dockerfile'], { cwd: ws });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(existsSync(join(ws, '.bosun/images.lock.json')), true);
    // A Dockerfile that is a link to a device: found by the walk, never read.
    mkdirSync(join(ws, 'other'));
    symlinkSync('/dev/zero', join(ws, 'other/Dockerfile'));
    const unreadable = cli.bosun(['--image-facts', 'refresh', '.'], { cwd: ws });
    assert.equal(unreadable.code, 2, unreadable.stderr);
    assert.match(unreadable.stderr, /other\/Dockerfile: not a regular file.*\(skipped\)/);
    assert.match(unreadable.stderr, /1 file could not be read: their images may be missing from the lock file \(exit 2\)/);
  });
});
