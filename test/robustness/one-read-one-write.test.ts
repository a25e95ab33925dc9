/**
 * The containment rule is enforced in one place for reads and one for writes: every
 * file Bosun reads from a workspace goes through server/src/fs/read.ts (regular files only, a byte
 * cap), every file it writes through server/src/fs/write.ts (containment.ts). This guard fails when
 * shipped code opens, reads or writes files any other way. The exceptions never touch a workspace:
 * the CLI launcher's own bundle and code cache, the registry's digest and image facts caches in the
 * editor's storage, the user's own `~/.docker/config.json`, Bosun's own rule pages and its own bash
 * grammar.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { sourceFiles } from '../support/source-files.js';

const ROOT = join(__dirname, '..', '..');

// Opening, reading or writing a file, or creating a folder (listing a folder or a stat is not: neither blocks on a FIFO nor reads without end).
const FILE_IO =
  /\b(?:readFileSync|writeFileSync|appendFileSync|openSync|createReadStream|createWriteStream|readSync|writeSync|truncateSync|ftruncateSync|copyFileSync|renameSync|unlinkSync|rmSync|symlinkSync|linkSync|mkdirSync|mkdtempSync)\s*\(|\b(?:readFile|writeFile|appendFile)\s*\(|\b(?:fsp|fs|promises)\.(?:readFile|writeFile|appendFile|open|rename|unlink|rm|copyFile|truncate|mkdir|mkdtemp)\s*\(/;

const NOT_WORKSPACE: Record<string, string> = {
  'server/src/cli/launcher.ts': "the CLI's own bundle and its V8 code cache beside it",
  'server/src/registry/cache.ts': "digests in the editor's global storage",
  'server/src/registry/facts-cache.ts': "base-image facts in the editor's global storage",
  'server/src/registry/credentials.ts': "the user's own ~/.docker/config.json",
  'server/src/docs-dir.ts': "Bosun's own rule pages beside its bundle",
  'server/src/shell-grammar-node.ts': "Bosun's own bash grammar (.wasm) beside its bundle, or in its node_modules from source",
};

describe('one read and one write', () => {
  const files = ['server/src', 'rules', 'client/src']
    .flatMap((d) => sourceFiles(join(ROOT, d)))
    .map((p) => ({ path: relative(ROOT, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));

  it('only server/src/fs opens, reads or writes files (and a few places that never touch a workspace)', () => {
    const users = files.filter((f) => f.text.split('\n').some((line) => FILE_IO.test(line) && !/^\s*(?:\/\/|\*|\/\*\*)/.test(line))).map((f) => f.path);
    const unexpected = users.filter((p) => !p.startsWith('server/src/fs/') && !(p in NOT_WORKSPACE) && !p.startsWith('client/src/'));
    assert.deepEqual(unexpected, [], 'read through server/src/fs/read.ts, write through server/src/fs/write.ts');
    assert.ok(users.includes('server/src/fs/read.ts') && users.includes('server/src/fs/write.ts'), 'the guard sees the two places themselves');
  });

  it('the read opens without blocking and checks the descriptor; the write checks containment first', () => {
    const read = files.find((f) => f.path === 'server/src/fs/read.ts')!.text;
    assert.match(read, /O_NONBLOCK/);
    assert.match(read, /fstatSync\(fd\)/);
    const write = files.find((f) => f.path === 'server/src/fs/write.ts')!.text;
    assert.match(write, /containment\.checkWrite\(path\)/);
    assert.match(write, /O_NOFOLLOW/);
  });
});
