/**
 * A hostile repository against the `bosun` CLI (CI runs `--fix` on code from forks), on the real
 * file system in temp folders:
 * `--fix` writes only regular files inside the folders it was given — never through a symbolic
 * link out (`.dockerignore` → `~/.bashrc`, `.gitignore`, the Dockerfile itself), never into a
 * build context or env file spelled `../…` — and those fixes are reported as not applied (JSON:
 * `fixable: unsafe`); a symlinked folder does not let DF080 name what lies outside; FIFOs,
 * `/dev/zero` and `/proc/self/pagemap` in every place Bosun reads end quickly with "skipped"; a
 * hostile `.bosun.yaml` degrades to defaults with one message; output carries no absolute path of
 * the machine and no raw control character.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliHarness, cliHarness, parseJson, type Run } from '../support/cli.js';

const posix = process.platform !== 'win32';
let h: CliHarness;
before(async () => {
  h = await cliHarness();
});
after(() => h.dispose());

/** A workspace `ws` (the folder given to bosun) next to `outside`, from `relative path -> content`. */
function layout(files: Record<string, string>): { base: string; ws: string; outside: string } {
  const base = realpathSync(h.workspace({}));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(base, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  mkdirSync(join(base, 'ws'), { recursive: true });
  mkdirSync(join(base, 'outside'), { recursive: true });
  return { base, ws: join(base, 'ws'), outside: join(base, 'outside') };
}

const json = (r: Run) => parseJson(r);
const findingsOf = (r: Run, code: string) => (json(r).files as any[]).flatMap((f) => f.findings.filter((x: any) => x.code === code));
const HOSTILE_NAME = '.env.$(touch${IFS}PWNED)';

describe('fixes never write outside the folders being fixed', { skip: posix ? false : 'symbolic links' }, () => {
  it('DF080: a .dockerignore linked to ~/.bashrc is left alone; the fix is reported, not applied, and unsafe in JSON', () => {
    const { ws, outside } = layout({
      'outside/.bashrc': '# my shell\n',
      'ws/Dockerfile': 'FROM alpine:3.20\nUSER app\nCOPY . .\n',
      [`ws/${HOSTILE_NAME}`]: 'API_TOKEN=abcdef0123456789\n',
    });
    symlinkSync('../outside/.bashrc', join(ws, '.dockerignore'));
    const r = h.bosun(['--fix', '.'], { cwd: ws });
    assert.equal(readFileSync(join(outside, '.bashrc'), 'utf8'), '# my shell\n', 'the link target is untouched');
    assert.ok(!existsSync(join(ws, 'PWNED')) && !existsSync(join(outside, 'PWNED')));
    assert.match(r.stderr, /Dockerfile: fix "Create \.dockerignore excluding .*" not applied: \.dockerignore: it is a symbolic link to a file outside the folders being fixed/);
    const listed = findingsOf(h.bosun(['--format', 'json', '.'], { cwd: ws }), 'DF080');
    assert.equal(listed.length, 1);
    assert.equal(listed[0].fixable, 'unsafe');
  });

  it('DC082: a .gitignore linked outside is left alone', () => {
    const { ws, outside } = layout({
      'outside/other.gitignore': 'node_modules\n',
      'ws/compose.yaml': 'services:\n  app:\n    image: alpine:3.20\n    env_file: ./prod.env\n',
      'ws/prod.env': 'DB_PASSWORD=s3cr3t-value-x\n',
      'ws/.git/HEAD': 'ref: refs/heads/main\n',
    });
    symlinkSync('../outside/other.gitignore', join(ws, '.gitignore'));
    const r = h.bosun(['--fix', '.'], { cwd: ws });
    assert.equal(readFileSync(join(outside, 'other.gitignore'), 'utf8'), 'node_modules\n');
    assert.match(r.stderr, /not applied: \.gitignore: it is a symbolic link to a file outside the folders being fixed/);
  });

  it('a Dockerfile linked to a file outside is not rewritten; one linked inside is (looks risky, is fine)', () => {
    const sudo = 'FROM alpine:3.20\nRUN sudo apk add curl\n';
    const { ws, outside } = layout({ 'outside/Dockerfile': sudo, 'ws/app/Dockerfile.real': sudo });
    mkdirSync(join(ws, 'evil'));
    symlinkSync('../../outside/Dockerfile', join(ws, 'evil', 'Dockerfile'));
    symlinkSync('Dockerfile.real', join(ws, 'app', 'Dockerfile'));
    const r = h.bosun(['--fix', '.'], { cwd: ws });
    assert.equal(readFileSync(join(outside, 'Dockerfile'), 'utf8'), sudo, 'the file outside is untouched');
    assert.match(r.stderr, /evil\/Dockerfile: fixes not applied: it is a symbolic link to a file outside the folders being fixed/);
    assert.equal(readFileSync(join(ws, 'app', 'Dockerfile.real'), 'utf8'), 'FROM alpine:3.20\nRUN apk add curl\n', 'the link inside is fixed');
  });

  it('build.context: ../x and env_file: ../other/prod.env: nothing created or edited there; an inside context is fixed', () => {
    const { base, ws } = layout({
      'ws/compose.yaml':
        'services:\n  api:\n    build: ../x\n    env_file: ../x/.env\n  db:\n    image: postgres:16\n    env_file: ../other/prod.env\n  web:\n    build: ./web\n    env_file: ./web/.env\n',
      'x/Dockerfile': 'FROM alpine:3.20\nUSER app\nCOPY . .\n',
      'x/.env': 'DB_PASSWORD=s3cr3t-value-x\n',
      'other/prod.env': 'DB_PASSWORD=s3cr3t-value-y\n',
      'other/.gitignore': 'node_modules\n',
      'other/.git/HEAD': 'ref: refs/heads/main\n',
      'ws/web/Dockerfile': 'FROM alpine:3.20\nUSER app\nCOPY . .\n',
      'ws/web/.env': 'DB_PASSWORD=s3cr3t-value-z\n',
    });
    const r = h.bosun(['--fix', '.'], { cwd: ws });
    assert.ok(!existsSync(join(base, 'x', '.dockerignore')), `no file created outside:\n${r.stderr}`);
    assert.equal(readFileSync(join(base, 'other', '.gitignore'), 'utf8'), 'node_modules\n', 'another repository is untouched');
    assert.match(r.stderr, /not applied: \.\.\/x\/\.dockerignore: it is outside the folders being fixed/);
    assert.match(readFileSync(join(ws, 'web', '.dockerignore'), 'utf8'), /^\.env$/m, 'inside the workspace the fix is applied');
    assert.match(r.stderr, /note: read files outside the folders being checked: .*\.\.\/x\/Dockerfile/);
  });

  it('a symlinked folder in a build context does not let DF080 name the files it leads to', () => {
    const { ws } = layout({
      'outside/creds/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\n',
      'outside/creds/.env': 'AWS_SECRET_ACCESS_KEY=abc\n',
      'ws/Dockerfile': 'FROM alpine:3.20\nUSER app\nCOPY . .\n',
      'ws/.dockerignore': '.git\n',
      'ws/local/id_rsa': '-----BEGIN OPENSSH PRIVATE KEY-----\n',
    });
    symlinkSync('../outside/creds', join(ws, 'creds'));
    const df080 = findingsOf(h.bosun(['--format', 'json', '.'], { cwd: ws }), 'DF080');
    assert.equal(df080.length, 1, 'the real key inside is still found');
    assert.match(df080[0].message, /local\/id_rsa/);
    assert.doesNotMatch(df080[0].message, /creds/);
  });
});

describe('--fix keeps every byte it does not fix', () => {
  it('a UTF-8 BOM, CRLF line endings and Latin-1 bytes on other lines survive', () => {
    const { ws } = layout({});
    const latin1 = (t: string) => Buffer.from(t, 'latin1');
    const file = (run: string) =>
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), latin1('FROM alpine:3.20\r\n# Geb\xe4ude f\xfcr M\xfcnchen\r\n'), latin1(`${run} # caf\xe9\r\n`)]);
    writeFileSync(join(ws, 'Dockerfile'), file('RUN sudo apk add curl'));
    const r = h.bosun(['--fix', '.'], { cwd: ws });
    assert.equal(r.stderr, '');
    assert.deepEqual(readFileSync(join(ws, 'Dockerfile')), file('RUN apk add curl'));
  });
});

describe('reads that could never end finish with "skipped"', { skip: posix ? false : 'FIFOs, /dev and /proc' }, () => {
  const specials: [string, (p: string) => void][] = [
    ['a FIFO', (p) => assert.equal(spawnSync('mkfifo', [p]).status, 0)],
    ['a link to /dev/zero', (p) => symlinkSync('/dev/zero', p)],
    ['a link to /proc/self/pagemap', (p) => symlinkSync('/proc/self/pagemap', p)],
  ];
  for (const [kind, make] of specials) {
    it(`${kind} as .bosun.yaml, env_file, extends.file, the built Dockerfile, .dockerignore and .gitignore`, () => {
      const { ws } = layout({
        'ws/compose.yaml':
          'services:\n  app:\n    build: { context: ./app, dockerfile: Dockerfile.special }\n    env_file: ./special.env\n  ext:\n    extends: { file: ./special.yaml, service: base }\n',
        'ws/app/Dockerfile': 'FROM alpine:3.20\nUSER app\nCOPY . .\n',
        'ws/app/.env': 'DB_PASSWORD=s3cr3t-value\n',
        'ws/.git/HEAD': 'ref: refs/heads/main\n',
      });
      for (const name of ['.bosun.yaml', 'special.env', 'special.yaml', 'app/Dockerfile.special', 'app/.dockerignore', '.gitignore']) make(join(ws, name));
      const t0 = Date.now();
      const r = h.bosun(['--format', 'json', '.'], { cwd: ws });
      assert.ok(Date.now() - t0 < 20_000, 'finished');
      assert.notEqual(r.code, null, `not killed by the timeout; stderr:\n${r.stderr}`);
      assert.match(r.stderr, /\.bosun\.yaml:1:1: error: cannot read config: (not a regular file|too large)/);
      assert.deepEqual((json(r).files as any[]).map((f) => f.path).sort(), ['app/Dockerfile', 'compose.yaml']);
    });
  }

  it('a FIFO named on the command line: skipped, exit 2', () => {
    const { ws } = layout({ 'ws/ok/Dockerfile': 'FROM alpine:3.20\nUSER app\n' });
    mkdirSync(join(ws, 'pipe'));
    spawnSync('mkfifo', [join(ws, 'pipe', 'Dockerfile')]);
    const r = h.bosun(['pipe/Dockerfile', 'ok/Dockerfile'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pipe\/Dockerfile: not a regular file \(a FIFO\) \(skipped\)/);
  });
});

describe('a hostile .bosun.yaml degrades to defaults with one message, never to silence', () => {
  it('options that expand more aliases than the limit: linting goes on, the rest of the config applies', () => {
    let yaml = 'x-0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n';
    for (let i = 1; i <= 5; i++)
      yaml += `x-${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    yaml += 'rules:\n  DF011: { level: error, options: { big: *a5 } }\n';
    const { ws } = layout({ 'ws/.bosun.yaml': yaml, 'ws/Dockerfile': 'FROM alpine:3.20\nRUN sudo apk add curl\n' });
    const r = h.bosun(['--format', 'json', '.'], { cwd: ws });
    assert.doesNotMatch(r.stderr, /internal error/);
    const errors = r.stderr.split('\n').filter((l) => / error: /.test(l));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], /\.bosun\.yaml:\d+:\d+: error: options of DF011 cannot be used: Excessive alias count/);
    assert.equal(findingsOf(r, 'DF011')[0]?.level, 'error', 'the level set beside the bomb still applies');
  });
});

describe('output: no absolute path of the machine, no raw control character', () => {
  it('SARIF and text name a Dockerfile built from ../ relative to the run, not by its absolute path', () => {
    const { ws } = layout({
      'ws/deploy/compose.yaml': 'services:\n  api:\n    build: ../services/api\n',
      'ws/services/api/Dockerfile': 'FROM alpine:3.20\nCMD ["sh"]\n',
    });
    const sarif = h.bosun(['--format', 'sarif', '.'], { cwd: ws });
    const results = JSON.parse(sarif.stdout).runs[0].results as any[];
    const texts = results.flatMap((x) => [x.message.text, ...(x.relatedLocations ?? []).map((l: any) => l.message.text)]);
    assert.ok(
      texts.some((t) => /builds \.\.\/services\/api\/Dockerfile/.test(t)),
      texts.join('\n'),
    );
    assert.deepEqual(
      texts.filter((t) => t.includes(ws)),
      [],
    );
    assert.ok(!h.bosun(['.'], { cwd: ws }).stdout.includes(ws));
  });

  const evil = 'services:\n  "web\\e]0;owned\\a\\nDockerfile:1:1  error  DF001  forged":\n    image: alpine:3.20\n    privileged: true\n';
  const raw = /[\x00-\x08\x0b-\x1f\x7f]/;

  it('text and github: a service name with ESC and a newline is shown escaped, and forges no line', () => {
    const { ws } = layout({ 'ws/compose.yaml': evil });
    const text = h.bosun(['.'], { cwd: ws }).stdout;
    assert.doesNotMatch(text, raw);
    assert.ok(!text.split('\n').some((l) => l.startsWith('Dockerfile:1:1')), text);
    assert.match(text, /web\\x1b\]0;owned\\x07\\nDockerfile/);
    const github = h.bosun(['--format', 'github', '.'], { cwd: ws }).stdout;
    assert.doesNotMatch(github, raw);
    assert.ok(
      github
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('::')),
    );
  });

  it('checkstyle: well-formed XML 1.0 even with control characters in names', () => {
    const { ws } = layout({ 'ws/compose.yaml': evil });
    const xml = h.bosun(['--format', 'checkstyle', '.'], { cwd: ws }).stdout;
    assert.doesNotMatch(xml, /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u, 'only characters XML 1.0 allows');
    assert.doesNotMatch(xml.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&/);
    assert.match(xml, /message="[^"]*\\x1b\]0;owned\\x07\\nDockerfile/);
  });
});
