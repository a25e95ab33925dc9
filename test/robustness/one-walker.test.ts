/**
 * One tree, three front-ends: the CLI's directory walk, the desktop language server's workspace scan
 * (the disk) and the web language server's (the client's `workspace.fs`, emulated here from the
 * same disk) find the same files. The one difference is deliberate: the editor leaves out what
 * `.gitignore` ignores (generated output it should not flag), the CLI lints what it is pointed at.
 * Also what a file event adds: a file created in a folder the scan skips is not added either.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { discover } from '../../server/src/cli/discover.js';
import { ClientAccess } from '../../server/src/lsp/client-access.js';
import { diskAccess } from '../../server/src/lsp/disk-access.js';
import type { FileAccess } from '../../server/src/lsp/file-access.js';
import { type WorkspaceHost, WorkspaceIndex } from '../../server/src/lsp/workspace.js';
import { FS_LIST_REQUEST, FS_READ_REQUEST, FS_STAT_REQUEST, type FsParams } from '../../server/src/protocol.js';

const FILES: Record<string, string> = {
  Dockerfile: 'FROM alpine:3.20\n',
  'api/Containerfile': 'FROM alpine:3.20\n',
  'api/compose.yaml': 'services: {}\n',
  'deploy/prod/docker-compose.prod.yml': 'services: {}\n',
  'deploy/prod/notes.txt': 'not a Dockerfile\n',
  // Skipped by every front-end: dependencies, build output, hidden folders.
  'node_modules/pkg/Dockerfile': 'FROM alpine\n',
  'dist/compose.yaml': 'services: {}\n',
  '.devcontainer/Dockerfile': 'FROM alpine\n',
  // Found by the CLI, left out by the editor (gitignored).
  '.gitignore': 'generated/\n*.local.Dockerfile\n',
  'generated/Dockerfile': 'FROM alpine\n',
  'api/dev.local.Dockerfile': 'FROM alpine\n',
  // What a link to a file leads to (outside the tree).
  '../outside/Dockerfile': 'FROM alpine\n',
  '../outside/compose.yaml': 'services: {}\n',
};

let base: string;
let ws: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'bosun-walk-'));
  ws = join(base, 'ws');
  for (const [rel, text] of Object.entries(FILES)) {
    const abs = join(ws, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  // Looks risky but is fine: a linked folder (to a folder in the tree, and to one outside it) is never
  // walked — its files are found once, where they are, or not at all — and a link to a file is a file.
  symlinkSync(join(ws, 'api'), join(ws, 'api-link'), 'dir');
  symlinkSync(join(base, 'outside'), join(ws, 'outside-link'), 'dir');
  symlinkSync(join(base, 'outside', 'Dockerfile'), join(ws, 'deploy', 'Dockerfile'));
  // A link to nothing, and a FIFO named like a Dockerfile (never opened: reading would block).
  symlinkSync(join(base, 'nowhere'), join(ws, 'Containerfile'));
  if (process.platform !== 'win32') assert.equal(spawnSync('mkfifo', [join(ws, 'api', 'Dockerfile')]).status, 0);
});

after(() => rmSync(base, { recursive: true, force: true }));

const rel = (paths: Iterable<string>) => [...paths].map((p) => p.slice(ws.length + 1)).sort();

/** A stand-in for the client's answers to `bosun/fs/*` (client/src/workspace-files.ts), from the disk. */
function clientOverDisk(hostile: Record<string, string[]> = {}): ClientAccess {
  const disk = diskAccess();
  const pathOf = (uri: string) => decodeURIComponent(new URL(uri).pathname);
  return new ClientAccess({
    uriOf: (path) => `vscode-vfs://test${path}`,
    async request(method: string, params: FsParams) {
      const path = pathOf(params.uri);
      if (method === FS_LIST_REQUEST) {
        const entries = await disk.readDir(path);
        if (!entries) return { error: 'missing' };
        return { entries: [...entries, ...(hostile[path] ?? []).map((name) => ({ name, kind: 'dir' as const }))] };
      }
      if (method === FS_STAT_REQUEST) {
        const kind = await disk.kind(path);
        return kind ? { kind } : { error: 'missing' };
      }
      if (method === FS_READ_REQUEST) {
        const r = await disk.readTarget(path);
        return r.ok ? { text: r.text, binary: false } : { error: 'missing' };
      }
      return undefined;
    },
  });
}

/** The editor's workspace index over a file access, with nothing linted (only what it finds matters here). */
function editorIndex(access: FileAccess, excludes: string[] = []) {
  const quiet = { info() {}, error() {}, warn() {}, log() {} };
  const host: WorkspaceHost = {
    connection: { console: quiet, window: { createWorkDoneProgress: async () => ({ begin() {}, report() {}, done() {} }) } } as unknown as WorkspaceHost['connection'],
    isOpen: () => false,
    options: async () => undefined,
    excludes: async () => excludes,
    files: access.files,
    access,
    uriOf: (path) => `file://${path}`,
    pathOf: (uri) => decodeURIComponent(new URL(uri).pathname),
    openDocuments: () => [],
    report: () => {},
    configChanged: () => {},
  };
  return new WorkspaceIndex(host);
}

async function editorFinds(access: FileAccess, excludes: string[] = []): Promise<string[]> {
  const index = editorIndex(access, excludes);
  await index.setFolders([{ uri: `file://${ws}`, path: ws }]);
  return rel(index.all().map((e) => e.path));
}

describe('one walker: the CLI, the desktop and the web server find the same files', () => {
  const expected = ['Dockerfile', 'api/Containerfile', 'api/compose.yaml', 'deploy/Dockerfile', 'deploy/prod/docker-compose.prod.yml'];
  const gitignored = ['api/dev.local.Dockerfile', 'generated/Dockerfile'];

  it('the CLI: everything by name except skipped folders, linked folders, a dangling link and a FIFO', async () => {
    const found = await discover([ws], ws);
    assert.deepEqual(rel(found.targets.map((t) => t.abs)), [...expected, ...gitignored].sort());
    // The FIFO is asked for (a file named like a Dockerfile that cannot be read); the dangling link is only noted.
    const skipped = found.skipped.map((s) => [s.path, s.askedFor]).sort();
    const fifo = process.platform === 'win32' ? [] : [['api/Dockerfile', true]];
    assert.deepEqual(skipped, [['Containerfile', false], ...fifo].sort());
  });

  it('the desktop server (the disk) finds the same, minus what .gitignore ignores', async () => {
    assert.deepEqual(await editorFinds(diskAccess()), expected);
  });

  it('the web server (the client reads) finds the same as the desktop', async () => {
    assert.deepEqual(await editorFinds(clientOverDisk()), expected);
  });

  it('a folder name the client sends that is not one name (`..`, a slash) is never walked', async () => {
    // The client is the editor, but what it lists comes from a file system provider: a name that
    // would lead out of the folder is dropped, not joined into a path.
    const hostile = clientOverDisk({ [ws]: ['..', '../outside', 'a/../../outside', '.'] });
    assert.deepEqual(await editorFinds(hostile), expected);
  });

  it('files.exclude applies at every depth, and the files a file event adds obey it too', async () => {
    const access = diskAccess();
    const index = editorIndex(access, ['deploy']);
    await index.setFolders([{ uri: `file://${ws}`, path: ws }]);
    assert.deepEqual(rel(index.all().map((e) => e.path)), ['Dockerfile', 'api/Containerfile', 'api/compose.yaml']);
    // A Dockerfile created under the excluded folder (and one under a gitignored, a hidden and a skipped one) is not added.
    const created = ['deploy/prod/Dockerfile', 'generated/x/Dockerfile', '.devcontainer/sub/Dockerfile', 'node_modules/a/Dockerfile', 'api/new/Dockerfile'];
    for (const path of created) {
      mkdirSync(dirname(join(ws, path)), { recursive: true });
      writeFileSync(join(ws, path), 'FROM alpine\n');
    }
    try {
      await index.onFileEvents(created.map((path) => ({ uri: `file://${join(ws, path)}`, type: 1 })));
      assert.deepEqual(rel(index.all().map((e) => e.path)), ['Dockerfile', 'api/Containerfile', 'api/compose.yaml', 'api/new/Dockerfile']);
    } finally {
      for (const path of created) rmSync(join(ws, path));
      rmSync(join(ws, 'api/new'), { recursive: true });
    }
  });

  it('the tree is as the cases above say (the test can fail)', () => {
    assert.ok(statSync(join(ws, 'api-link')).isDirectory());
    assert.deepEqual(readdirSync(join(ws, 'api-link')).sort(), readdirSync(join(ws, 'api')).sort());
    assert.equal(readFileSync(join(ws, 'deploy', 'Dockerfile'), 'utf8'), 'FROM alpine\n');
  });
});
