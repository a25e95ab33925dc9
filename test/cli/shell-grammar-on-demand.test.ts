/**
 * The CLI loads the bash grammar only when a lint reads shell: a Compose-only run never needs it
 * (loading it was a twentieth of a 5,000-service run). Each run is a fresh process
 * (shell-grammar-probe.ts), so nothing has loaded the grammar before it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'bosun-grammar-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function bosun(args: string[]): { code: number; stdout: string; stderr: string; grammarLoaded: boolean } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'shell-grammar-probe.ts'), dir, ...args], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

describe('the CLI loads the shell grammar on demand', () => {
  it('a Compose file without a build is linted without loading it', () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:latest\n    ports:\n      - "8080:80"\n');
    const r = bosun(['--format', 'json', 'compose.yaml']);
    assert.equal(r.stderr, '');
    assert.ok(JSON.parse(r.stdout).files[0].findings.length > 0, 'the Compose rules ran');
    assert.equal(r.grammarLoaded, false);
  });

  it('a Compose build whose Dockerfile needs the shell gets the same findings and notes (the grammar is loaded then)', () => {
    // DC080 reads the built Dockerfile's RUN for a privilege-drop tool: a shell parse. The Dockerfile
    // is outside the folder being checked, which the run notes, though the second lint reads it from cache.
    mkdirSync(join(dir, 'two', 'app'), { recursive: true });
    writeFileSync(join(dir, 'two', 'Dockerfile.app'), 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n');
    writeFileSync(join(dir, 'two', 'app', 'compose.yaml'), 'services:\n  tool:\n    build:\n      context: ..\n      dockerfile: Dockerfile.app\n');
    const r = bosun(['--format', 'json', '--rule', 'DC080', 'two/app']);
    const findings: { code: string; message: string }[] = JSON.parse(r.stdout).files[0].findings;
    assert.deepEqual(
      findings.map((f) => f.code),
      ['DC080'],
      r.stdout,
    );
    assert.ok(!findings.some((f) => /failed on this file/.test(f.message)));
    assert.equal(r.stderr, 'bosun: note: read files outside the folders being checked: two/Dockerfile.app\n');
    assert.equal(r.grammarLoaded, true);
  });

  it('a Dockerfile run loads it', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUN curl -k https://example.com/x | sh\n');
    const r = bosun(['--format', 'json', 'Dockerfile']);
    const findings: { message: string }[] = JSON.parse(r.stdout).files[0].findings;
    assert.ok(findings.length > 0);
    assert.ok(!findings.some((f) => /failed on this file|not loaded/.test(f.message)), r.stdout);
    assert.equal(r.grammarLoaded, true);
  });
});
