/**
 * Credential helpers (`docker-credential-<name>`) run only from absolute PATH directories outside the
 * workspace: a helper planted in the workspace must not run through an empty or relative PATH entry
 * or a PATH entry inside the workspace, and a name that is not a plain program name is refused, with
 * a message that says so. Real programs, real PATH lookup; each test says whether the program ran.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { lookupCredentials } from '../../server/src/registry/credentials.js';

const isWindows = process.platform === 'win32';

describe('credential helpers are resolved outside the workspace only', { skip: isWindows && 'POSIX shell helpers' }, () => {
  let root = '';
  let workspace = '';
  let system = '';
  let configDir = '';
  const savedPath = process.env.PATH;
  const savedCwd = process.cwd();
  const ran = (dir: string) => existsSync(join(dir, 'ran'));

  /** A helper that records that it ran, next to itself, and answers with credentials. */
  function plantHelper(dir: string, name: string): void {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `docker-credential-${name}`);
    writeFileSync(file, `#!/bin/sh\nread server\necho "$server" >> '${join(dir, 'ran')}'\nprintf '{"Username":"u","Secret":"s"}'\n`);
    chmodSync(file, 0o755);
  }
  const lookup = (domain = 'registry.example.com') =>
    lookupCredentials(domain, { useDockerCredentials: true, credentialHelpers: true, signal: new AbortController().signal, configDir, workspaceFolders: [workspace] });
  const useHelper = (name: string) => writeFileSync(join(configDir, 'config.json'), JSON.stringify({ credsStore: name }));

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bosun-helpers-'));
    workspace = join(root, 'workspace');
    system = join(root, 'system-bin');
    configDir = join(root, 'docker');
    mkdirSync(configDir);
    plantHelper(workspace, 'desktop'); // what a hostile repository would commit
    plantHelper(join(workspace, 'bin'), 'desktop');
    plantHelper(system, 'installed'); // what the user installed
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    process.chdir(savedCwd);
    for (const d of [workspace, join(workspace, 'bin'), system]) rmSync(join(d, 'ran'), { force: true });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("an empty PATH entry with the workspace as current directory does not run the workspace's helper", async () => {
    process.chdir(workspace);
    process.env.PATH = ['', '/usr/bin', '/bin'].join(delimiter);
    useHelper('desktop');
    const r = await lookup();
    assert.equal(ran(workspace), false, 'the planted helper ran');
    assert.equal(r.credentials, undefined);
    assert.match(r.hint ?? '', /docker-credential-desktop was not found in any absolute PATH directory outside the workspace/);
  });

  it('a relative PATH entry ("." or "bin") is not searched', async () => {
    process.chdir(workspace);
    process.env.PATH = ['.', 'bin', '/usr/bin'].join(delimiter);
    useHelper('desktop');
    await lookup();
    assert.equal(ran(workspace), false);
    assert.equal(ran(join(workspace, 'bin')), false);
  });

  it('an absolute PATH entry inside the workspace is refused, and the message says so', async () => {
    process.env.PATH = [join(workspace, 'bin'), '/usr/bin'].join(delimiter);
    useHelper('desktop');
    const r = await lookup();
    assert.equal(ran(join(workspace, 'bin')), false);
    assert.match(r.hint ?? '', /refused to run .*docker-credential-desktop: it is inside the workspace/);
  });

  it('names that are not plain program names are refused, not reported as "no credentials"', async () => {
    process.env.PATH = [system, '/usr/bin'].join(delimiter);
    for (const name of ['../system-bin/installed', 'installed;true', 'a b', '.hidden', '-installed', 'x'.repeat(200), '']) {
      writeFileSync(join(configDir, 'config.json'), JSON.stringify({ credHelpers: { 'registry.example.com': name } }));
      const r = await lookup();
      assert.equal(ran(system), false, name);
      assert.match(r.hint ?? '', /refused the credential helper name .* in .*config\.json: not a plain program name/, name);
      assert.doesNotMatch(r.hint ?? '', /has no credentials/);
    }
  });

  it('a helper installed in an absolute PATH directory outside the workspace runs (looks risky, is fine)', async () => {
    process.chdir(workspace);
    process.env.PATH = ['', system, '/usr/bin'].join(delimiter);
    useHelper('installed');
    const r = await lookup();
    assert.equal(r.credentials?.password, 's');
    assert.equal(readFileSync(join(system, 'ran'), 'utf8'), 'registry.example.com\n');
    assert.equal(ran(workspace), false);
  });
});
