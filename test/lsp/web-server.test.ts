/**
 * The web language server (dist/web/server.js, the bundle vscode.dev runs in a web worker) over a
 * real connection, in a worker thread without Node's globals. It has no disk: every other file
 * comes from the client's `bosun/fs/*` answers (here: this test, reading a temp folder like
 * `workspace.fs` would). Cross-file rules see the real .dockerignore, .env and built Dockerfile, a
 * lint never publishes what it found before those files arrived, a second lint reads nothing again,
 * and a file event makes the server ask again. Pin to digest and base-image facts are off there and
 * say why.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type WebTestClient, startWebServer } from './lsp-client.js';

const DOCKERFILE = 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';

describe('the web server reads the workspace through the client', () => {
  let client: WebTestClient;
  let dir: string;
  const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;
  const messages: { type: number; message: string }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-web-'));
    // bare/: `COPY . .` of a context with an .env and no .dockerignore (DF080).
    mkdirSync(join(dir, 'bare'));
    writeFileSync(join(dir, 'bare', 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(dir, 'bare', '.env'), 'DB_PASSWORD=s3cr3t-Passw0rd\n');
    // ignored/: the same, but its .dockerignore excludes the .env — fine, unless the lint ran without it.
    mkdirSync(join(dir, 'ignored'));
    writeFileSync(join(dir, 'ignored', 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(dir, 'ignored', '.env'), 'DB_PASSWORD=s3cr3t-Passw0rd\n');
    writeFileSync(join(dir, 'ignored', '.dockerignore'), '.env\n');
    // app/: a Compose file that builds a Dockerfile nobody opens (DC080 reads it through the client).
    mkdirSync(join(dir, 'app'));
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM node:20-alpine\nCMD ["node", "server.js"]\n');
    writeFileSync(join(dir, 'app', 'compose.yaml'), 'services:\n  web:\n    build: .\n');
    client = await startWebServer({ workspaceFolders: [pathToFileURL(dir).href] });
    client.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      messages.push(m);
    });
  });
  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in a worker with no Node globals, and lints an open Dockerfile', async () => {
    const doc = client.open('untitled:Untitled-1', 'dockerfile', 'FROM alpine:3.20\nRUN echo hi\n');
    const p = await client.next(doc.uri, (x) => x.diagnostics.length > 0);
    assert.ok(codes(p.diagnostics).includes('DF001'), JSON.stringify(codes(p.diagnostics)));
  });

  it('reads RUN scripts with the bash grammar embedded in the bundle: a shell rule fires, also inside compound commands', async () => {
    const doc = client.open('untitled:Untitled-2', 'dockerfile', 'FROM alpine:3.20\nRUN if [ -n "$X" ]; then \\\n      curl -k https://example.com/x -o /x; \\\n    fi\n');
    const p = await client.next(doc.uri, (x) => x.diagnostics.length > 0);
    const insecure = p.diagnostics.find((d) => d.code === 'DF025');
    assert.ok(insecure, JSON.stringify(codes(p.diagnostics)));
    assert.deepEqual(insecure.range.start, { line: 2, character: 11 }, 'located by the grammar, inside the if');
    assert.ok(!client.logs.some((l) => /shell grammar/.test(l)), client.logs.join('\n'));
  });

  it('a cross-file rule sees the real .dockerignore: DF080 where none excludes the .env, none where one does', async () => {
    client.open(uriOf('bare/Dockerfile'), 'dockerfile', DOCKERFILE);
    client.open(uriOf('ignored/Dockerfile'), 'dockerfile', DOCKERFILE);
    const bare = await client.next(uriOf('bare/Dockerfile'), (x) => x.version === 1);
    const ignored = await client.next(uriOf('ignored/Dockerfile'), (x) => x.version === 1);
    assert.ok(codes(bare.diagnostics).includes('DF080'), JSON.stringify(codes(bare.diagnostics)));
    assert.match(String(bare.diagnostics.find((d) => d.code === 'DF080')?.message), /\.env will be in the image/);
    // Published once per version, and never with the DF080 a lint without the .dockerignore would have found.
    const versions = client.published.filter((x) => x.uri === uriOf('ignored/Dockerfile') && x.version === 1);
    assert.equal(versions.length, 1, 'one publication for version 1');
    assert.ok(!codes(ignored.diagnostics).includes('DF080'), JSON.stringify(codes(ignored.diagnostics)));
    assert.ok(
      client.fsRequests.some((r) => r === `bosun/fs/read ${uriOf('ignored/.dockerignore')}`),
      'the .dockerignore came from the client',
    );
  });

  it('a Compose file that builds an unopened Dockerfile gets DC080, from the workspace scan', async () => {
    const p = await client.next(uriOf('app/compose.yaml'), (x) => codes(x.diagnostics).includes('DC080'), 0, 20_000);
    const d = p.diagnostics.find((x) => x.code === 'DC080')!;
    assert.equal(d.relatedInformation?.[0]?.location.uri, uriOf('app/Dockerfile'));
  });

  it('a second lint reads nothing again; a file event makes the server ask for that file again', async () => {
    const uri = uriOf('ignored/Dockerfile');
    const before = client.fsRequests.length;
    const since = client.published.length;
    client.edit(TextDocument.create(uri, 'dockerfile', 1, DOCKERFILE), [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '# note\n' }]);
    const edited = await client.next(uri, (x) => x.version === 2, since);
    assert.ok(!codes(edited.diagnostics).includes('DF080'));
    assert.deepEqual(client.fsRequests.slice(before), [], 'nothing read again for an edit');

    // The .dockerignore changes on its source: the server forgets it, asks again, and DF080 appears.
    writeFileSync(join(dir, 'ignored', '.dockerignore'), '# nothing ignored\n');
    const again = client.published.length;
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('ignored/.dockerignore'), type: 2 }] });
    await client.next(uri, (x) => codes(x.diagnostics).includes('DF080'), again);
    assert.ok(client.fsRequests.slice(before).includes(`bosun/fs/read ${uriOf('ignored/.dockerignore')}`));
  });

  it('reads nothing outside the workspace: the client refuses, the server treats it as missing', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'bosun-outside-'));
    try {
      writeFileSync(join(outside, 'compose.yaml'), 'services:\n  web:\n    build: .\n');
      const uri = pathToFileURL(join(outside, 'compose.yaml')).href;
      client.open(uri, 'dockercompose', 'services:\n  web:\n    build: .\n');
      const p: PublishDiagnosticsParams = await client.next(uri, (x) => x.version === 1);
      assert.ok(!codes(p.diagnostics).includes('DC080'), 'no Dockerfile could be read there');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('offers no Pin to digest, and says why when asked to pin', async () => {
    const uri = uriOf('bare/Dockerfile');
    const p = await client.next(uri, (x) => x.diagnostics.length > 0);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
      context: { diagnostics: p.diagnostics },
    })) as CodeAction[];
    assert.ok(actions.length > 0);
    assert.ok(!actions.some((a) => /^Pin /.test(a.title)), actions.map((a) => a.title).join(' | '));
    await client.connection.sendRequest('workspace/executeCommand', { command: 'bosun.server.pinAllImages', arguments: [uri] });
    assert.ok(
      messages.some((m) => /not available in the browser.*CORS/.test(m.message)),
      JSON.stringify(messages),
    );
    assert.ok(
      client.logs.some((l) => /started with \d+ rules \(web worker/.test(l)),
      'the start-up log says where it runs',
    );
    assert.equal(client.logs.filter((l) => /not available in the browser/.test(l)).length, 1, 'said once in the log');
  });

  it('fetches no base-image facts: rules judge images by name, and the log says why once', async () => {
    // Several documents have been linted by now: each lint would have asked for facts on the desktop.
    const uri = uriOf('app/Dockerfile');
    client.open(uri, 'dockerfile', 'FROM myorg/base:1.4\nCMD ["run"]\n');
    const p = await client.next(uri, (x) => x.version === 1);
    assert.ok(codes(p.diagnostics).includes('DF001'), JSON.stringify(codes(p.diagnostics)));
    assert.ok(!String(p.diagnostics.find((d) => d.code === 'DF001')?.message).includes('config'), 'judged by the name, not by facts');
    const said = client.logs.filter((l) => /base-image facts .*are not fetched in the browser.*CORS/.test(l));
    assert.equal(said.length, 1, JSON.stringify(client.logs));
    assert.ok(!client.fsRequests.some((r) => r.includes('images.lock.json')), 'no lock file is asked for');
  });
});
