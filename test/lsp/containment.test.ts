/**
 * A hostile workspace against the language server (every file of a workspace is written by an
 * attacker), on the real file system: no code
 * action and no workspace fix-all sends an edit that writes outside the workspace folder (a
 * `.dockerignore` linked to `~/.bashrc`, a build context in `../x`, a Dockerfile linked outside) —
 * such fixes are shown disabled, with the reason; a FIFO `.bosun.yaml` or `sub/.gitignore` never
 * blocks the server; a config whose options expand too many aliases still lets every file be
 * checked and gets one diagnostic; messages carry no absolute path of the machine.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { type TestClient, startServer } from './lsp-client.js';

const posix = process.platform !== 'win32';
const SUDO = 'FROM alpine:3.20\nRUN sudo apk add curl\n';
const COPY_ALL = 'FROM alpine:3.20\nUSER app\nCOPY . .\n';

/** Every uri an edit would write (created files and edited documents). */
function writtenUris(edit: WorkspaceEdit | undefined): string[] {
  if (!edit) return [];
  return [
    ...Object.keys(edit.changes ?? {}),
    ...(edit.documentChanges ?? []).map((c) => ('textDocument' in c ? c.textDocument.uri : 'uri' in c ? c.uri : (c as { newUri: string }).newUri)),
  ];
}

describe('the language server in a hostile workspace', { skip: posix ? false : 'symbolic links and FIFOs' }, () => {
  let base: string;
  let ws: string;
  let client: TestClient;
  const uriOf = (rel: string) => pathToFileURL(join(ws, rel)).href;
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    writeFileSync(join(base, rel), text);
  };

  before(async () => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'bosun-lsp-contain-')));
    ws = join(base, 'ws');
    write('outside/.bashrc', '# my shell\n');
    write('outside/Dockerfile', SUDO);
    write('ws/link/Dockerfile', COPY_ALL);
    write('ws/link/.env', 'API_TOKEN=abcdef0123456789\n');
    symlinkSync('../../outside/.bashrc', join(ws, 'link', '.dockerignore'));
    write('ws/evil/.keep', '');
    symlinkSync('../../outside/Dockerfile', join(ws, 'evil', 'Dockerfile'));
    write('ws/fine/Dockerfile', SUDO);
    write('ws/up/compose.yaml', 'services:\n  api:\n    build: ../../x\n    env_file: ../../x/.env\n');
    write('x/Dockerfile', COPY_ALL);
    write('x/.env', 'DB_PASSWORD=s3cr3t-value-x\n');
    write('ws/deploy/compose.yaml', 'services:\n  api:\n    build: ../services/api\n');
    write('ws/services/api/Dockerfile', 'FROM alpine:3.20\nCMD ["sh"]\n');
    let bomb = 'x-0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n';
    for (let i = 1; i <= 5; i++)
      bomb += `x-${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    write('ws/bomb/.bosun.yaml', `${bomb}rules:\n  DF011: { level: error, options: { big: *a5 } }\n`);
    write('ws/bomb/Dockerfile', SUDO);
    mkdirSync(join(ws, 'fifo', 'sub'), { recursive: true });
    assert.equal(spawnSync('mkfifo', [join(ws, 'fifo', '.bosun.yaml')]).status, 0);
    assert.equal(spawnSync('mkfifo', [join(ws, 'fifo', 'sub', '.gitignore')]).status, 0);
    write('ws/fifo/Dockerfile', SUDO);
    client = await startServer({
      workspaceFolders: [pathToFileURL(ws).href],
      capabilities: {
        textDocument: { codeAction: { disabledSupport: true } },
        workspace: { applyEdit: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
      },
    });
  });
  after(async () => {
    await client.stop();
    rmSync(base, { recursive: true, force: true });
  });

  async function actionsFor(rel: string, text: string, code: string): Promise<{ d: Diagnostic; actions: CodeAction[] }> {
    const uri = uriOf(rel);
    const since = client.published.length;
    client.open(uri, rel.endsWith('.yaml') ? 'dockercompose' : 'dockerfile', text);
    const p = await client.next(uri, (x) => x.version === 1 && x.diagnostics.some((d) => d.code === code), since);
    const d = p.diagnostics.find((x) => x.code === code)!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    })) as CodeAction[];
    return { d, actions };
  }

  it('DF080 with a .dockerignore linked to ~/.bashrc: the fix is shown disabled with the reason, and no edit reaches it', async () => {
    const { actions } = await actionsFor('link/Dockerfile', COPY_ALL, 'DF080');
    const fix = actions.find((a) => /dockerignore/i.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.edit, undefined);
    assert.match(fix.disabled?.reason ?? '', /not applied automatically: \.dockerignore: it is a symbolic link to a file outside the folders being fixed/);
    assert.deepEqual(
      actions.flatMap((a) => writtenUris(a.edit)).filter((u) => u.includes('dockerignore')),
      [],
    );
  });

  it('DC082 with a build context in ../x: no edit of ../x/.dockerignore, the fix says why', async () => {
    const text = 'services:\n  api:\n    build: ../../x\n    env_file: ../../x/.env\n';
    const { actions } = await actionsFor('up/compose.yaml', text, 'DC082');
    const outside = actions.flatMap((a) => writtenUris(a.edit)).filter((u) => !u.startsWith(pathToFileURL(ws).href));
    assert.deepEqual(outside, []);
    const fix = actions.find((a) => a.title.startsWith('Add .env to'));
    assert.ok(fix?.disabled, actions.map((a) => a.title).join(' | '));
    assert.match(String(fix.disabled.reason), /\.\.\/\.\.\/x\/\.dockerignore: it is outside the folders being fixed/);
  });

  it('workspace fix-all leaves out a Dockerfile linked outside; one really inside is fixed (looks alike, is fine)', async () => {
    await client.next(uriOf('evil/Dockerfile'), (p) => p.diagnostics.some((d) => d.code === 'DF011'));
    await client.next(uriOf('fine/Dockerfile'), (p) => p.diagnostics.some((d) => d.code === 'DF011'));
    const before = client.applied.length;
    await client.connection.sendRequest('workspace/executeCommand', { command: 'bosun.server.fixAllWorkspace', arguments: [] });
    const edits = client.applied.slice(before).flatMap((a) => a.edit.documentChanges as TextDocumentEdit[]);
    const uris = edits.map((e) => e.textDocument.uri);
    assert.ok(uris.includes(uriOf('fine/Dockerfile')), uris.join('\n'));
    assert.ok(!uris.includes(uriOf('evil/Dockerfile')), 'the link out is not edited');
  });

  it('a FIFO .bosun.yaml and a FIFO sub/.gitignore never block the server', async () => {
    const uri = uriOf('fifo/Dockerfile');
    const since = client.published.length;
    client.open(uri, 'dockerfile', SUDO);
    const p = await client.next(uri, (x) => x.version === 1, since);
    assert.ok(
      p.diagnostics.some((d) => d.code === 'DF011'),
      'the file is checked with the defaults',
    );
    const config = await client.next(uriOf('fifo/.bosun.yaml'), (x) => x.diagnostics.length > 0);
    assert.match(String(config.diagnostics[0].message), /cannot read config: not a regular file \(a FIFO\)/);
    // A file created under sub/ makes the server look at sub/.gitignore.
    write('ws/fifo/sub/Dockerfile', SUDO);
    const mark = client.published.length;
    void client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('fifo/sub/Dockerfile'), type: 1 }] });
    await client.next(uriOf('fifo/sub/Dockerfile'), (x) => x.diagnostics.some((d) => d.code === 'DF011'), mark);
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 5 } });
    assert.ok(hover, 'still answering');
  });

  it('a .bosun.yaml whose options expand too many aliases: files are still checked, with one diagnostic on the config', async () => {
    const p = await client.next(uriOf('bomb/Dockerfile'), (x) => x.diagnostics.some((d) => d.code === 'DF011'));
    assert.equal(p.diagnostics.find((d) => d.code === 'DF011')?.severity, 1, 'the level next to the bomb still applies (error)');
    const config = await client.next(uriOf('bomb/.bosun.yaml'), (x) => x.diagnostics.some((d) => d.severity === 1));
    const errors = config.diagnostics.filter((d) => d.severity === 1);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0].message), /options of DF011 cannot be used: Excessive alias count/);
  });

  it('messages name a Dockerfile built from ../ relative to the compose file, never by its absolute path', async () => {
    const p = await client.next(uriOf('deploy/compose.yaml'), (x) => x.diagnostics.some((d) => d.code === 'DC080'));
    const messages = p.diagnostics.map((d) => String(d.message));
    assert.ok(
      messages.some((m) => m.includes('builds ../services/api/Dockerfile')),
      messages.join('\n'),
    );
    assert.deepEqual(
      messages.filter((m) => m.includes(base)),
      [],
    );
  });
});
