import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FilesView } from '../../rules/engine/types.js';
import { RecentFiles, TTL_MS } from '../../server/src/lsp/recent-files.js';

/** A disk in memory that counts how often it is asked. */
function countingDisk(files: Record<string, string>) {
  const asked: string[] = [];
  const view: FilesView = {
    read(path) {
      asked.push(`read ${path}`);
      return files[path];
    },
    list(dir) {
      asked.push(`list ${dir}`);
      const names = Object.keys(files)
        .filter((p) => p.startsWith(`${dir}/`))
        .map((p) => p.slice(dir.length + 1).split('/')[0]);
      return names.length ? [...new Set(names)] : undefined;
    },
  };
  return { files, asked, view };
}

describe('RecentFiles: what lints read, kept a moment and forgotten on file events', () => {
  it('answers again from memory within the TTL, and from the disk after it', () => {
    const disk = countingDisk({ '/w/.dockerignore': 'node_modules\n' });
    let now = 0;
    const recent = new RecentFiles(disk.view, () => now);
    assert.equal(recent.read('/w/.dockerignore'), 'node_modules\n');
    assert.equal(recent.read('/w/missing'), undefined);
    now = TTL_MS - 1;
    assert.equal(recent.read('/w/.dockerignore'), 'node_modules\n');
    assert.equal(recent.read('/w/missing'), undefined);
    assert.deepEqual(disk.asked, ['read /w/.dockerignore', 'read /w/missing']);
    disk.files['/w/.dockerignore'] = 'dist\n';
    now = TTL_MS;
    assert.equal(recent.read('/w/.dockerignore'), 'dist\n', 'an answer as old as the TTL is read again');
    assert.equal(disk.asked.length, 3);
  });

  it("forgets a file named by an event, its folder's listing and what is under a folder", () => {
    const disk = countingDisk({ '/w/a/Dockerfile': 'FROM x\n', '/w/a/sub/f': '1' });
    const recent = new RecentFiles(disk.view, () => 0);
    assert.deepEqual(recent.list('/w/a')?.sort(), ['Dockerfile', 'sub']);
    recent.read('/w/a/Dockerfile');
    recent.read('/w/a/sub/f');
    disk.files['/w/a/.dockerignore'] = '*\n';
    disk.files['/w/a/sub/f'] = '2';
    recent.forget('/w/a/.dockerignore');
    assert.deepEqual(recent.list('/w/a')?.sort(), ['.dockerignore', 'Dockerfile', 'sub'], 'the folder is listed again');
    assert.equal(recent.read('/w/a/.dockerignore'), '*\n');
    assert.equal(recent.read('/w/a/sub/f'), '1', 'a file no event named stays as it was read');
    recent.forget('/w/a/sub');
    assert.equal(recent.read('/w/a/sub/f'), '2', 'a folder event forgets what is under it');
  });

  it('hands out its own copy of a listing', () => {
    const disk = countingDisk({ '/w/b': '', '/w/a': '' });
    const recent = new RecentFiles(disk.view, () => 0);
    recent.list('/w')!.sort().push('changed');
    assert.deepEqual(recent.list('/w'), ['b', 'a']);
  });
});
