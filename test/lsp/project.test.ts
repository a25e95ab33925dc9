/**
 * Cross-file checks over a real LSP connection: a Compose file's finding uses the real Dockerfile on
 * disk (in a temp folder), an open unsaved Dockerfile buffer wins over the disk, closing it brings
 * the disk back, and a fix that creates another file comes as CreateFile + TextDocumentEdit.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CreateFile, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { HANG_CEILING_MS } from '../support/scaling.js';
import { type TestClient, startServer } from './lsp-client.js';

const ROOT_DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
const COMPOSE = 'services:\n  web:\n    build: .\n    restart: on-failure:5\n';

describe('cross-file checks in the language server', () => {
  let client: TestClient;
  let dir: string;
  const published: PublishDiagnosticsParams[] = [];

  /** The next diagnostics for `uri` (published after `since`) that satisfy `ok`. */
  const next = (uri: string, since: number, ok: (d: Diagnostic[]) => boolean, timeoutMs = HANG_CEILING_MS): Promise<Diagnostic[]> =>
    new Promise((resolve, reject) => {
      const t0 = Date.now();
      const poll = () => {
        const hit = published.slice(since).find((p) => p.uri === uri && ok(p.diagnostics));
        if (hit) return resolve(hit.diagnostics);
        if (Date.now() - t0 > timeoutMs)
          return reject(new Error(`no matching diagnostics for ${uri}: ${JSON.stringify(published.filter((p) => p.uri === uri).map((p) => p.diagnostics.map((d) => d.code)))}`));
        setTimeout(poll, 20);
      };
      poll();
    });
  const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-project-'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'Dockerfile'), ROOT_DOCKERFILE);
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    build: .\n');
    writeFileSync(join(dir, '.env'), 'DB_PASSWORD=s3cr3t-Passw0rd\n');
    // The folder is the workspace: fixes may write other files inside it (and only there).
    client = await startServer({ workspaceFolders: [pathToFileURL(dir).href], capabilities: { textDocument: { codeAction: { disabledSupport: true } } } });
    // Keep every publication (the helper's own list keeps only what it was asked for).
    client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
    });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;

  it('reports the Compose service with the Dockerfile on disk as related information', async () => {
    // The buffer differs from the file on disk: the open text is what is linted.
    client.open(uriOf('compose.yaml'), 'dockercompose', COMPOSE);
    const ds = await next(uriOf('compose.yaml'), 0, (d) => codes(d).includes('DC080'));
    const d = ds.find((x) => x.code === 'DC080')!;
    assert.deepEqual(d.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
    assert.match(String(d.message), /builds Dockerfile, whose final stage never sets USER/);
    const rel = d.relatedInformation?.[0];
    assert.equal(rel?.location.uri, uriOf('Dockerfile'));
    assert.deepEqual(rel?.location.range.start, { line: 0, character: 0 });
    assert.ok(codes(ds).includes('DC081'), 'no healthcheck in either file');
  });

  it('an open, unsaved Dockerfile buffer wins over the disk, and closing it brings the disk back', async () => {
    const since = published.length;
    const fixed = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nHEALTHCHECK CMD wget -qO- http://localhost:3000/ || exit 1\nCMD ["node", "server.js"]\n';
    client.open(uriOf('Dockerfile'), 'dockerfile', fixed);
    const ds = await next(uriOf('compose.yaml'), since, (d) => !codes(d).includes('DC080'));
    assert.ok(!codes(ds).includes('DC081'));

    const again = published.length;
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf('Dockerfile') } });
    const back = await next(uriOf('compose.yaml'), again, (d) => codes(d).includes('DC080'));
    assert.ok(codes(back).includes('DC081'));
  });

  it('DF080 offers to create .dockerignore, as CreateFile plus an edit of the new file', async () => {
    const uri = uriOf('Dockerfile');
    const since = published.length;
    client.open(uri, 'dockerfile', ROOT_DOCKERFILE);
    const ds = await next(uri, since, (d) => codes(d).includes('DF080'));
    const d = ds.find((x) => x.code === 'DF080')!;
    assert.match(String(d.message), /\.env, \.git\/ will be in the image/);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith('Create .dockerignore'));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.isPreferred, true);
    const changes = fix.edit?.documentChanges ?? [];
    const create = changes[0] as CreateFile;
    const edit = changes[1] as TextDocumentEdit;
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, uriOf('.dockerignore'));
    assert.equal(edit.textDocument.uri, uriOf('.dockerignore'));
    assert.deepEqual(edit.edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '.env\n.git\n' }]);

    // The editor creates the file (here: on disk, as a workspace edit would): the Dockerfile is re-linted.
    const before = published.length;
    writeFileSync(join(dir, '.dockerignore'), '.env\n.git\n');
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('.dockerignore'), type: 1 }] });
    await next(uri, before, (x) => !codes(x).includes('DF080'));
  });
});
