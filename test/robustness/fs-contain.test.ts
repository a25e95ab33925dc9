/**
 * The one read and the one write (server/src/fs), on the real file system in a temp folder: reads open
 * regular files only (checked on the descriptor), with a cap that ignores the reported size (a real
 * FIFO, `/dev/zero`, `/proc/self/pagemap`); writes go only to regular files really inside the
 * folders being fixed (symbolic links out of them, dangling links, hard links, `..` refused), never
 * over a file that changed since it was read; `--fix` edits bytes, so a BOM, CRLF and bytes that are
 * not UTF-8 outside the edits survive.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixAllSafe, lintText } from '../../rules/api.js';
import { decodeWithOffsets, editBytesInSteps } from '../../server/src/fs/bytes-edit.js';
import { Containment } from '../../server/src/fs/containment.js';
import { readBounded } from '../../server/src/fs/read.js';
import { writeContained } from '../../server/src/fs/write.js';
import { fixFile, type FixRun } from '../../server/src/cli/fix-file.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const posix = process.platform !== 'win32';
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-fs-contain-')));
after(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A fresh folder `ws` (the workspace) beside a folder `outside`. */
function layout(): { ws: string; outside: string } {
  const base = join(tmp, `case-${n++}`);
  const ws = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(ws, { recursive: true });
  mkdirSync(outside, { recursive: true });
  return { ws, outside };
}

describe('readBounded: regular files only, a cap that does not trust the size', { skip: posix ? false : 'FIFOs, /dev and /proc' }, () => {
  it('a FIFO is refused at once (opened without blocking, checked on the descriptor)', () => {
    const { ws } = layout();
    assert.equal(spawnSync('mkfifo', [join(ws, 'fifo')]).status, 0);
    const r = readBounded(join(ws, 'fifo'));
    assert.deepEqual(r, { ok: false, reason: 'not a regular file (a FIFO)' });
  });

  it('a symbolic link to /dev/zero is refused (a device), not read without end', () => {
    const { ws } = layout();
    symlinkSync('/dev/zero', join(ws, 'zero'));
    assert.deepEqual(readBounded(join(ws, 'zero')), { ok: false, reason: 'not a regular file (a device)' });
  });

  it('/proc/self/pagemap (a "regular" file of size 0 with no end) stops at the cap', { skip: existsSync('/proc/self/pagemap') ? false : 'no procfs' }, () => {
    const { ws } = layout();
    symlinkSync('/proc/self/pagemap', join(ws, 'pagemap'));
    const before = process.memoryUsage().arrayBuffers;
    const r = readBounded(join(ws, 'pagemap'), 1024 * 1024);
    assert.equal(r.ok, false);
    assert.match((r as { reason: string }).reason, /^too large \(over 1 MB\)$/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'memory stays bounded');
  });

  it('a directory, a missing file; a small regular file is read whole (looks risky: a symlink to it, inside)', () => {
    const { ws } = layout();
    assert.deepEqual(readBounded(ws), { ok: false, reason: 'not a regular file (a directory)' });
    assert.deepEqual(readBounded(join(ws, 'nope')), { ok: false, reason: 'does not exist', missing: true });
    writeFileSync(join(ws, 'Dockerfile'), 'FROM alpine\n');
    symlinkSync('Dockerfile', join(ws, 'link'));
    const r = readBounded(join(ws, 'link'));
    assert.ok(r.ok && r.bytes.toString() === 'FROM alpine\n');
  });
});

describe('Containment.checkWrite: only regular files really inside the folders being fixed', { skip: posix ? false : 'symbolic links' }, () => {
  it('refuses a path outside, a link out, a link through a linked folder out, a dangling link, a hard link, a FIFO', () => {
    const { ws, outside } = layout();
    writeFileSync(join(outside, '.bashrc'), '# bashrc\n');
    symlinkSync('../outside/.bashrc', join(ws, '.dockerignore'));
    symlinkSync('../outside', join(ws, 'linked'));
    symlinkSync('../outside/not-yet', join(ws, 'dangling'));
    linkSync(join(outside, '.bashrc'), join(ws, 'hardlink'));
    spawnSync('mkfifo', [join(ws, 'fifo')]);
    const c = new Containment([ws]);
    const reason = (p: string) => {
      const r = c.checkWrite(p);
      return r.ok ? 'ok' : r.reason;
    };
    assert.equal(reason(join(outside, '.dockerignore')), 'it is outside the folders being fixed');
    assert.equal(reason(join(ws, '..', 'outside', '.gitignore')), 'it is outside the folders being fixed');
    assert.equal(reason(join(ws, '.dockerignore')), 'it is a symbolic link to a file outside the folders being fixed');
    assert.equal(reason(join(ws, 'linked', '.dockerignore')), 'its folder is a symbolic link that leads outside the folders being fixed');
    assert.equal(reason(join(ws, 'dangling')), 'it is a symbolic link to nothing (writing would create a file where it points)');
    assert.equal(reason(join(ws, 'hardlink')), 'it has other hard links (the same file may be reachable from outside)');
    assert.equal(reason(join(ws, 'fifo')), 'it is not a regular file');
    assert.equal(reason(join(ws, 'missing-dir', '.dockerignore')), 'its folder does not exist');
  });

  it('allows a new file, a regular file, and a link whose target is inside (looks risky, is fine)', () => {
    const { ws } = layout();
    mkdirSync(join(ws, 'app'));
    writeFileSync(join(ws, 'app', 'Dockerfile'), 'FROM alpine\n');
    symlinkSync('app/Dockerfile', join(ws, 'Dockerfile'));
    symlinkSync('app', join(ws, 'current'));
    const c = new Containment([ws]);
    assert.deepEqual(c.checkWrite(join(ws, '.dockerignore')), { ok: true, real: join(ws, '.dockerignore'), exists: false });
    assert.equal(c.checkWrite(join(ws, 'Dockerfile')).ok, true);
    assert.equal((c.checkWrite(join(ws, 'Dockerfile')) as { real: string }).real, join(ws, 'app', 'Dockerfile'));
    assert.equal(c.checkWrite(join(ws, 'current', '.dockerignore')).ok, true);
  });

  it('where(): inside, outside (spelled with ..) and escapes (a link out)', () => {
    const { ws, outside } = layout();
    symlinkSync('../outside', join(ws, 'linked'));
    const c = new Containment([ws]);
    assert.equal(c.where(join(ws, 'a', 'b')), 'inside');
    assert.equal(c.where(join(outside, 'x')), 'outside');
    assert.equal(c.where(join(ws, 'linked', 'x')), 'escapes');
  });
});

describe('writeContained: never over a file that changed since it was read', { skip: posix ? false : 'symbolic links' }, () => {
  it('refuses when the content on disk differs from what was read, and leaves it alone', () => {
    const { ws } = layout();
    const path = join(ws, 'Dockerfile');
    writeFileSync(path, 'FROM alpine\nRUN echo edited-by-someone-else\n');
    const r = writeContained(new Containment([ws]), path, Buffer.from('FROM alpine\n'), Buffer.from('FROM alpine\nRUN sudo x\n'));
    assert.deepEqual(r, { ok: false, reason: 'it changed on disk since it was read', changed: true });
    assert.equal(readFileSync(path, 'utf8'), 'FROM alpine\nRUN echo edited-by-someone-else\n');
  });

  it('creates a file only if it still does not exist; writes when nothing changed', () => {
    const { ws } = layout();
    const c = new Containment([ws]);
    writeFileSync(join(ws, '.dockerignore'), 'x\n');
    assert.deepEqual(writeContained(c, join(ws, '.dockerignore'), Buffer.from('.env\n'), null), { ok: false, reason: 'it appeared since it was read', changed: true });
    assert.deepEqual(writeContained(c, join(ws, '.dockerignore'), Buffer.from('x\n.env\n'), Buffer.from('x\n')), { ok: true });
    assert.equal(readFileSync(join(ws, '.dockerignore'), 'utf8'), 'x\n.env\n');
    assert.deepEqual(writeContained(c, join(ws, '.gitignore'), Buffer.from('/.env\n'), null), { ok: true });
    assert.equal(readFileSync(join(ws, '.gitignore'), 'utf8'), '/.env\n');
  });

  it('never writes through a link out, even when asked with the right content', () => {
    const { ws, outside } = layout();
    writeFileSync(join(outside, '.bashrc'), '# bashrc\n');
    symlinkSync('../outside/.bashrc', join(ws, '.gitignore'));
    const r = writeContained(new Containment([ws]), join(ws, '.gitignore'), Buffer.from('# bashrc\ntouch PWNED\n'), Buffer.from('# bashrc\n'));
    assert.equal(r.ok, false);
    assert.equal(readFileSync(join(outside, '.bashrc'), 'utf8'), '# bashrc\n');
  });
});

describe('--fix edits bytes: what lies outside the edits stays byte for byte', () => {
  const SUDO = 'RUN sudo apk add curl';
  const lintAt = (text: string) => lintText('/ws/Dockerfile', text, 'dockerfile', { only: ['DF011'] });

  function fixedBytes(bytes: Buffer): Buffer {
    const text = decodeWithOffsets(bytes).text;
    const fixed = fixAllSafe(text, lintAt);
    assert.ok(fixed.steps.length > 0, 'there was something to fix');
    const r = editBytesInSteps(bytes, fixed.steps);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    return r.bytes;
  }

  it('keeps a UTF-8 BOM and CRLF line endings', () => {
    const before = Buffer.from(`\uFEFFFROM alpine:3.20\r\n${SUDO}\r\n`, 'utf8');
    assert.deepEqual(fixedBytes(before), Buffer.from('\uFEFFFROM alpine:3.20\r\nRUN apk add curl\r\n', 'utf8'));
  });

  it('keeps Latin-1 bytes of unrelated lines (never U+FFFD), and in the edited line around the edit', () => {
    const latin1 = (s: string) => Buffer.from(s, 'latin1');
    const before = Buffer.concat([latin1('# Geb\xe4ude f\xfcr M\xfcnchen\nFROM alpine:3.20\n'), latin1(`${SUDO} # caf\xe9\n`)]);
    const after = fixedBytes(before);
    assert.deepEqual(after, Buffer.concat([latin1('# Geb\xe4ude f\xfcr M\xfcnchen\nFROM alpine:3.20\n'), latin1('RUN apk add curl # caf\xe9\n')]));
    assert.ok(!after.includes(Buffer.from('\uFFFD', 'utf8')));
  });

  it('decodes as Node does (WHATWG: one U+FFFD per maximal invalid sequence) on random bytes', () => {
    const alphabet = [0x41, 0x0a, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0xff, 0xe0, 0xf4, 0x90, 0xbf, 0xef, 0xbb];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 5000; k++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 14) }, () => alphabet[Math.floor(rand() * alphabet.length)]));
      let expected = bytes.toString('utf8');
      if (expected.charCodeAt(0) === 0xfeff) expected = expected.slice(1);
      assert.equal(decodeWithOffsets(bytes).text, expected, bytes.toString('hex'));
    }
  });

  it('refuses an edit that would join stray bytes into a different character', () => {
    // E2 82 | X | AC: two U+FFFD around X; deleting X would make E2 82 AC, a euro sign.
    const bytes = Buffer.from([0x61, 0xe2, 0x82, 0x58, 0xac, 0x0a]);
    const decoded = decodeWithOffsets(bytes);
    assert.equal(decoded.text, 'a\uFFFDX\uFFFD\n');
    const r = editBytesInSteps(bytes, [{ edits: [{ start: 2, end: 3, text: '' }], text: 'a\uFFFD\uFFFD\n' }]);
    assert.equal(r.ok, false);
  });

  it('fixFile reports a file that changed on disk while it was being fixed, and does not overwrite it', () => {
    const { ws } = layout();
    const path = join(ws, 'Dockerfile');
    const original = `FROM alpine:3.20\n${SUDO}\n`;
    writeFileSync(path, original);
    const errors: string[] = [];
    const run: FixRun = { containment: new Containment([ws]), dryRun: false, show: (p) => p, out: () => {}, err: (t) => errors.push(t) };
    let calls = 0;
    // Someone saves the file while Bosun lints it.
    const racing = (text: string) => {
      if (calls++ === 0) writeFileSync(path, `${original}# saved meanwhile\n`);
      return lintText(path, text, 'dockerfile', { only: ['DF011'] });
    };
    fixFile({ abs: path, display: 'Dockerfile' }, { text: original, bytes: Buffer.from(original) }, racing, run);
    assert.equal(readFileSync(path, 'utf8'), `${original}# saved meanwhile\n`, 'the newer content stands');
    assert.equal(run.failed, true);
    assert.match(errors.join(''), /Dockerfile: fixes not applied: it changed on disk since it was read/);
  });
});
