/**
 * The image facts lock file is repository content: written only as a regular file inside the root
 * (never through a symlink, never into a symlinked folder that leads out), read only as a regular
 * file with a byte cap, every value cleaned; the only folder made is `.bosun` directly in the root.
 * Real file system.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImageFacts } from '../../rules/engine/types.js';
import { readLock, serialiseLock, writeLock } from '../../server/src/registry/facts-lock.js';

const facts: ImageFacts = {
  reference: 'docker.io/library/node:20',
  platform: 'linux/amd64',
  digest: `sha256:${'a'.repeat(64)}`,
  user: 'node',
  env: ['PATH=/usr/bin'],
  exposedPorts: [],
  labels: {},
  fetchedAt: '2026-11-01T00:00:00.000Z',
  source: 'cache',
};

describe('image facts lock file on disk', { skip: process.platform === 'win32' && 'symlinks' }, () => {
  let root = '';
  let ws = '';
  let outside = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'bosun-lock-'));
    ws = join(root, 'ws');
    outside = join(root, 'outside');
    mkdirSync(ws);
    mkdirSync(outside);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes a sorted lock file and reads it back', () => {
    const path = join(ws, '.bosun/images.lock.json');
    writeLock(path, ws, [{ ...facts, reference: 'docker.io/library/redis:7' }, facts]);
    const text = readFileSync(path, 'utf8');
    assert.equal(text, serialiseLock([facts, { ...facts, reference: 'docker.io/library/redis:7' }]));
    assert.ok(text.indexOf('node:20') < text.indexOf('redis:7'));
    const back = readLock(path);
    assert.equal(back.problem, undefined);
    assert.deepEqual(back.facts.get('docker.io/library/node:20|linux/amd64'), { ...facts, source: 'lock' });
  });

  it('never writes through a symlink or into a folder that leads outside the root', () => {
    const target = join(outside, 'victim.json');
    writeFileSync(target, 'precious\n');
    const linkDir = join(ws, 'linked');
    mkdirSync(linkDir);
    symlinkSync(target, join(linkDir, 'images.lock.json'));
    assert.throws(() => writeLock(join(linkDir, 'images.lock.json'), ws, [facts]), /symbolic link to a file outside/);
    symlinkSync(outside, join(ws, 'out'));
    assert.throws(() => writeLock(join(ws, 'out/images.lock.json'), ws, [facts]), /leads outside/);
    assert.throws(() => writeLock(join(root, 'elsewhere.json'), ws, [facts]), /outside/);
    assert.equal(readFileSync(target, 'utf8'), 'precious\n');
    assert.equal(existsSync(join(outside, 'images.lock.json')), false);
  });

  it('creates .bosun directly in the root (the one folder it creates), and no other folder', () => {
    const fresh = join(root, 'fresh');
    mkdirSync(fresh);
    writeLock(join(fresh, '.bosun/images.lock.json'), fresh, [facts]);
    assert.equal(readLock(join(fresh, '.bosun/images.lock.json')).facts.size, 1);
    // Written again over what it wrote: the same file, replaced.
    writeLock(join(fresh, '.bosun/images.lock.json'), fresh, [facts, { ...facts, reference: 'docker.io/library/redis:7' }]);
    assert.equal(readLock(join(fresh, '.bosun/images.lock.json')).facts.size, 2);
    // A lock file named in the config under a folder that does not exist: no folder is made.
    assert.throws(() => writeLock(join(fresh, 'ci/locks/images.lock.json'), fresh, [facts]), /folder does not exist/);
    assert.equal(existsSync(join(fresh, 'ci')), false);
    // `.bosun` below the root is not the root's `.bosun`.
    assert.throws(() => writeLock(join(fresh, 'sub/.bosun/images.lock.json'), fresh, [facts]), /folder does not exist/);
    assert.equal(existsSync(join(fresh, 'sub')), false);
  });

  it('refuses a .bosun that is a symbolic link (even to a folder inside the root) or not a folder', () => {
    const linked = join(root, 'linked-bosun');
    mkdirSync(linked);
    mkdirSync(join(linked, 'real'));
    symlinkSync(join(linked, 'real'), join(linked, '.bosun'));
    assert.throws(() => writeLock(join(linked, '.bosun/images.lock.json'), linked, [facts]), /\.bosun is a symbolic link/);
    assert.equal(existsSync(join(linked, 'real/images.lock.json')), false);
    const out = join(root, 'out-bosun');
    mkdirSync(out);
    symlinkSync(outside, join(out, '.bosun'));
    assert.throws(() => writeLock(join(out, '.bosun/images.lock.json'), out, [facts]), /\.bosun is a symbolic link/);
    assert.equal(existsSync(join(outside, 'images.lock.json')), false);
    const file = join(root, 'file-bosun');
    mkdirSync(file);
    writeFileSync(join(file, '.bosun'), 'not a folder\n');
    assert.throws(() => writeLock(join(file, '.bosun/images.lock.json'), file, [facts]), /\.bosun exists and is not a folder/);
  });

  it('reads only regular files, and cleans what it reads', () => {
    const fifoLike = join(ws, 'dir.json');
    mkdirSync(fifoLike);
    assert.match(readLock(fifoLike).problem ?? '', /not a regular file|EISDIR|directory/);
    const hostile = join(ws, 'hostile.json');
    writeFileSync(
      hostile,
      JSON.stringify({
        version: 1,
        images: {
          'docker.io/library/node:20|linux/amd64': { ...facts, user: 'root\u001b]0;pwned\u0007', labels: { 'org.opencontainers.image.title': 'x'.repeat(5000), other: 'dropped' } },
          'not a key': { digest: 'sha256:zz' },
        },
      }),
    );
    const lock = readLock(hostile);
    const f = lock.facts.get('docker.io/library/node:20|linux/amd64')!;
    assert.equal(f.user, 'root ]0;pwned ');
    assert.deepEqual(Object.keys(f.labels), ['org.opencontainers.image.title']);
    assert.ok(f.labels['org.opencontainers.image.title'].length < 1100);
    assert.equal(lock.facts.size, 1);
    assert.match(lock.problem ?? '', /1 entry is not image facts/);
  });
});
