/** CLI features for CI adoption: --fix round trips, .bosun.yaml, baselines across line shifts, stdin names. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliHarness, cliHarness, parseJson } from '../support/cli.js';

let h: CliHarness;
before(async () => {
  h = await cliHarness();
});
after(() => h?.dispose());

const COMPOSE = 'services:\n  web:\n    image: nginx:1.27 # pinned\n    privileged: true\n  worker:\n    image: busybox:1.36\n';
const safeFixable = (out: any) => out.files.flatMap((f: any) => f.findings).filter((x: any) => x.fixable === 'safe');

describe('--fix and --fix-dry-run', () => {
  it('--fix applies safe fixes in place; a second run finds nothing safe to fix', () => {
    const ws = h.workspace({ 'compose.yaml': COMPOSE });
    const before = parseJson(h.bosun(['--format', 'json', '--fail-level', 'none'], { cwd: ws }));
    assert.ok(safeFixable(before).length >= 2, 'there is something to fix');
    const r = h.bosun(['--fix', '--format', 'json', '--fail-level', 'none'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(safeFixable(parseJson(r)), []);
    const text = readFileSync(join(ws, 'compose.yaml'), 'utf8');
    assert.match(text, /image: nginx:1\.27 # pinned\n/, 'comment kept');
    assert.match(text, /privileged: true/, 'unsafe fix not applied');
    assert.equal((text.match(/no-new-privileges:true/g) ?? []).length, 2, 'both services fixed');
    const again = h.bosun(['--fix', '--format', 'json', '--fail-level', 'none'], { cwd: ws });
    assert.equal(readFileSync(join(ws, 'compose.yaml'), 'utf8'), text, 'idempotent');
    assert.deepEqual(safeFixable(parseJson(again)), []);
  });

  it('--fix-dry-run prints a unified diff and changes nothing', () => {
    const ws = h.workspace({ 'compose.yaml': COMPOSE });
    const r = h.bosun(['--fix-dry-run', '--rule', 'DC003'], { cwd: ws });
    assert.equal(readFileSync(join(ws, 'compose.yaml'), 'utf8'), COMPOSE);
    assert.equal(
      r.stdout,
      [
        '--- a/compose.yaml',
        '+++ b/compose.yaml',
        '@@ -2,5 +2,9 @@',
        '   web:',
        '     image: nginx:1.27 # pinned',
        '     privileged: true',
        '+    security_opt:',
        '+      - no-new-privileges:true',
        '   worker:',
        '     image: busybox:1.36',
        '+    security_opt:',
        '+      - no-new-privileges:true',
        '',
      ].join('\n'),
    );
    assert.equal(r.code, 0, 'nothing left at error level after the fixes');
  });

  it('refuses --fix with stdin', () => {
    const r = h.bosun(['--fix', '--stdin', '--stdin-filename', 'compose.yaml'], { input: COMPOSE });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--fix cannot write to stdin/);
  });
});

describe('.bosun.yaml in the CLI', () => {
  it('applies levels, overrides, ignore paths and failLevel from the nearest config', () => {
    const ws = h.workspace({
      '.bosun.yaml': 'rules:\n  no-privileged: off\nfailLevel: hint\nignore: [legacy/**]\noverrides:\n  - files: ["dev/*"]\n    rules: { DC003: off }\n',
      'compose.yaml': COMPOSE,
      'dev/compose.yaml': COMPOSE,
      'legacy/compose.yaml': COMPOSE,
    });
    const r = h.bosun(['--format', 'json', '--rule', 'DC001,DC003'], { cwd: ws });
    const out = parseJson(r);
    assert.deepEqual(
      out.files.map((f: any) => [f.path, f.findings.map((x: any) => x.code)]),
      [
        ['compose.yaml', ['DC003', 'DC003']],
        ['dev/compose.yaml', []],
      ],
    );
    assert.equal(r.code, 1, 'failLevel hint from the config');
    assert.equal(h.bosun(['--rule', 'DC003', '--fail-level', 'error'], { cwd: ws }).code, 0, '--fail-level wins over the config');
  });

  it('a broken config is a located error on stderr and exit 2; the files are still checked', () => {
    const ws = h.workspace({ '.bosun.yaml': 'rules:\n  DC001: loud\n', 'compose.yaml': COMPOSE });
    const r = h.bosun(['--rule', 'DC001'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^bosun: \.bosun\.yaml:2:10: error: Level of DC001 must be one of/m);
    assert.match(r.stdout, /DC001/);
  });

  it('--print-config shows the effective configuration for a file', () => {
    const ws = h.workspace({ '.bosun.yaml': 'rules: { DF001: error }\noverrides:\n  - files: ["*.dev"]\n    rules: { DF001: off }\n' });
    const out = parseJson(h.bosun(['--print-config', 'Dockerfile.dev'], { cwd: ws }));
    assert.deepEqual(out, { file: 'Dockerfile.dev', config: '.bosun.yaml', ignored: false, failLevel: 'error', levels: { DF001: 'off' }, ruleOptions: {}, problems: [] });
  });
});

describe('baselines', () => {
  it('--write-baseline then --baseline fails only on new findings, across line shifts', () => {
    const ws = h.workspace({ Dockerfile: 'FROM alpine:3.20\nENV GITHUB_TOKEN=$GITHUB_TOKEN\n' });
    const w = h.bosun(['--write-baseline', 'bosun-baseline.json', '--rule', 'DF002'], { cwd: ws });
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /wrote 1 findings to bosun-baseline\.json/);
    assert.equal(h.bosun(['--baseline', 'bosun-baseline.json', '--rule', 'DF002', '--fail-level', 'warning'], { cwd: ws }).code, 0);
    writeFileSync(join(ws, 'Dockerfile'), '# header\n\nFROM alpine:3.20\nRUN true\nENV GITHUB_TOKEN=$GITHUB_TOKEN\nARG NPM_TOKEN\n');
    const r = h.bosun(['--baseline', 'bosun-baseline.json', '--rule', 'DF002', '--fail-level', 'warning', '--format', 'json'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.deepEqual(
      parseJson(r).files[0].findings.map((x: any) => [x.line, x.message.split(' ').slice(0, 2).join(' ')]),
      [[6, 'ARG NPM_TOKEN']],
    );
  });

  it('an unreadable baseline is a one-line usage error', () => {
    const ws = h.workspace({ Dockerfile: 'FROM alpine:3.20\n', 'b.json': '{"nope": 1}' });
    const r = h.bosun(['--baseline', 'b.json'], { cwd: ws });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /b\.json is not a Bosun baseline/);
  });
});

describe('--stdin-filename', () => {
  it('names stdin input for kind detection and output', () => {
    const r = h.bosun(['--stdin', '--stdin-filename', 'deploy/compose.yaml', '--rule', 'DC001', '--format', 'json'], { input: COMPOSE, cwd: h.tmp });
    const out = parseJson(r);
    assert.deepEqual(
      out.files.map((f: any) => [f.path, f.language, f.findings.map((x: any) => x.code)]),
      [['deploy/compose.yaml', 'compose', ['DC001']]],
    );
  });
});

describe('--fix with fixes to other files', () => {
  it('appends the secret file to .dockerignore (dry run shows the diff first)', () => {
    const ws = h.workspace({
      Dockerfile: 'FROM alpine:3.22\nWORKDIR /app\nCOPY . .\nUSER 65532\n',
      '.env': 'DB_PASSWORD=hunter2hunter2\n',
      '.dockerignore': 'node_modules\n',
    });
    const dry = h.bosun(['--fix-dry-run', '--rule', 'DF080'], { cwd: ws });
    assert.match(dry.stdout, /^--- a\/\.dockerignore\n\+\+\+ b\/\.dockerignore\n@@ -1,1 \+1,2 @@\n node_modules\n\+\.env/m);
    assert.equal(readFileSync(join(ws, '.dockerignore'), 'utf8'), 'node_modules\n', 'dry run writes nothing');
    const r = h.bosun(['--fix', '--rule', 'DF080', '--format', 'json', '--fail-level', 'none'], { cwd: ws });
    assert.match(readFileSync(join(ws, '.dockerignore'), 'utf8'), /^node_modules\n\.env\n?/);
    assert.deepEqual(parseJson(r).files[0].findings, [], 'the finding is gone after the fix');
  });
});
