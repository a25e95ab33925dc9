/**
 * The language server over a real LSP connection (stdio, JSON-RPC), as an editor drives it:
 * open a document, get diagnostics, ask for code actions, apply the edit, see the finding go.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { type TestClient, startServer } from './lsp-client.js';

const DOCKERFILE = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nCMD ["/app"]\n';
const whole = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

/** Other rules also report on these small files; each test looks at the codes it is about. */
function ofCodes(diagnostics: Diagnostic[], ...codes: string[]): Diagnostic[] {
  return diagnostics.filter((d) => codes.includes(String(d.code)));
}

function forCode(actions: CodeAction[], code: string): CodeAction[] {
  return actions.filter((a) => a.diagnostics?.some((d) => d.code === code));
}

function editsOf(action: CodeAction) {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action '${action.title}' has no documentChanges`);
  // Bosun never sends snippet edits: every edit is a plain TextEdit.
  return { textDocument: change.textDocument, edits: change.edits as TextEdit[] };
}

describe('language server over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.stop();
  });

  it('publishes DF001 with code, docs link and source for an opened Dockerfile', async () => {
    const uri = 'file:///ws/a/Dockerfile';
    client.open(uri, 'dockerfile', DOCKERFILE);
    const { diagnostics, version } = await client.diagnostics(uri, 1);
    assert.equal(version, 1);
    const d = diagnostics.find((x) => x.code === 'DF001') as Diagnostic;
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.source, 'bosun');
    assert.equal(d.severity, 2);
    // No docs website: the page installed with the server (dist/docs), which another editor can open.
    assert.match(d.codeDescription!.href, /^file:\/\/\/.*\/dist\/docs\/dockerfile\/no-root-user\.md$/);
    assert.ok(existsSync(fileURLToPath(d.codeDescription!.href)), d.codeDescription!.href);
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } });
  });

  it('applies the Add USER quick fix and the finding disappears', async () => {
    const uri = 'file:///ws/b/Dockerfile';
    let doc = client.open(uri, 'dockerfile', DOCKERFILE);
    const diagnostics = ofCodes((await client.diagnostics(uri, 1)).diagnostics, 'DF001');
    const actions = forCode(
      (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostics[0].range,
        context: { diagnostics, only: ['quickfix'] },
      })) as CodeAction[],
      'DF001',
    );
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, ['Add USER app (created with addgroup/adduser)', 'Ignore DF001 for this line', 'Show documentation for DF001 (no-root-user)']);
    const fix = editsOf(actions[0]);
    assert.equal(fix.textDocument.version, 1, 'edit is stamped with the document version');
    doc = client.edit(doc, fix.edits);
    assert.equal(doc.getText(), 'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nCMD ["/app"]\n');
    const after = await client.diagnostics(uri, 2);
    assert.deepEqual(
      after.diagnostics.filter((d) => d.code === 'DF001'),
      [],
    );
    const docs = actions[2];
    assert.deepEqual(docs.command?.arguments, ['dockerfile', 'no-root-user']);
  });

  it('"Ignore for this line" inserts a bosun-ignore comment that silences the finding', async () => {
    const uri = 'file:///ws/c/Dockerfile';
    let doc = client.open(uri, 'dockerfile', DOCKERFILE);
    const diagnostics = ofCodes((await client.diagnostics(uri, 1)).diagnostics, 'DF001');
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const ignore = actions.find((a) => a.title === 'Ignore DF001 for this line')!;
    doc = client.edit(doc, editsOf(ignore).edits);
    assert.match(doc.getText(), /^# bosun-ignore DF001 -- .+\nFROM alpine/);
    const after = await client.diagnostics(uri, 2);
    assert.deepEqual(ofCodes(after.diagnostics, 'DF001'), []);
    assert.ok(after.diagnostics.length > 0, 'other rules still report: only DF001 was silenced');
  });

  it('re-lints on every incremental edit, without saving', async () => {
    const uri = 'file:///ws/d/Dockerfile';
    let doc = client.open(uri, 'dockerfile', 'FROM alpine:3.22\nUSER app\n');
    assert.deepEqual(ofCodes((await client.diagnostics(uri, 1)).diagnostics, 'DF001'), []);
    // Type "USER root" over "USER app" one keystroke at a time.
    doc = client.edit(doc, [{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 8 } }, newText: '' }]);
    for (const ch of 'root') {
      const end = doc.getText().split('\n')[1].length;
      doc = client.edit(doc, [{ range: { start: { line: 1, character: end }, end: { line: 1, character: end } }, newText: ch }]);
    }
    assert.equal(doc.getText(), 'FROM alpine:3.22\nUSER root\n');
    const last = await client.diagnostics(uri, doc.version);
    assert.deepEqual(
      ofCodes(last.diagnostics, 'DF001').map((d) => [d.code, d.range.start.line]),
      [['DF001', 1]],
    );
  });

  it('shows the rule title and why on hover', async () => {
    const uri = 'file:///ws/e/Dockerfile';
    client.open(uri, 'dockerfile', DOCKERFILE);
    await client.diagnostics(uri, 1);
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 3 },
    })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /DF001 · Final stage runs as root/);
    assert.match(value, /runs its process as root/);
    const none = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 2 } });
    assert.equal(none, null);
  });

  it('follows per-resource settings: a rule level override and bosun.enable', async () => {
    client.settings = { rules: { 'no-root-user': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = 'file:///ws/f/Dockerfile';
    client.open(uri, 'dockerfile', DOCKERFILE);
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.equal(diagnostics.find((d) => d.code === 'DF001')?.severity, 1);
    client.settings = { enable: false };
    const uri2 = 'file:///ws/g/Dockerfile';
    client.open(uri2, 'dockerfile', DOCKERFILE);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await client.diagnostics(uri2, 1)).diagnostics, []);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('leaves a rule that is off by default off, until bosun.rules gives it a level', async () => {
    // `apk add curl` without a version: DF019's case, but DF019 is off by default.
    const uri = 'file:///ws/off/Dockerfile';
    client.open(uri, 'dockerfile', DOCKERFILE);
    assert.deepEqual(ofCodes((await client.diagnostics(uri, 1)).diagnostics, 'DF019'), []);
    client.settings = { rules: { 'pin-os-packages': 'hint' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri2 = 'file:///ws/on/Dockerfile';
    client.open(uri2, 'dockerfile', DOCKERFILE);
    const on = ofCodes((await client.diagnostics(uri2, 1)).diagnostics, 'DF019');
    assert.deepEqual(
      on.map((d) => [d.severity, d.range.start.line]),
      [[4, 1]],
    );
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('leaves YAML that is not a Compose file alone, and survives binary junk', async () => {
    const uri = 'file:///ws/h/values.yaml';
    client.open(uri, 'yaml', 'privileged: true\n');
    assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
    const junk = 'file:///ws/h/Dockerfile';
    client.open(junk, 'dockerfile', '\u0000\u0001FROM \uFFFD\u0000\nRUN <<EOF\n\u0000');
    const { diagnostics } = await client.diagnostics(junk, 1);
    assert.ok(
      diagnostics.every((d) => d.code !== 'BOSUN000'),
      JSON.stringify(diagnostics),
    );
  });

  it('lints a Compose file opened as YAML; its safe fix and fix-all rewrite it', async () => {
    const uri = 'file:///ws/i/compose.yaml';
    const text = 'services:\n  web:\n    image: nginx:1.27 # pinned\n    privileged: true\n';
    let doc = client.open(uri, 'yaml', text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.deepEqual(
      ofCodes(diagnostics, 'DC001', 'DC003')
        .map((d) => [d.code, d.severity, d.range.start.line])
        .sort(),
      [
        ['DC001', 1, 3],
        ['DC003', 4, 1],
      ],
    );
    const fixAll = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: whole,
      context: { diagnostics: [], only: ['source.fixAll.bosun'] },
    })) as CodeAction[];
    assert.deepEqual(
      fixAll.map((a) => [a.title, a.kind]),
      [['Fix all safe Bosun problems', 'source.fixAll.bosun']],
    );
    doc = client.edit(doc, editsOf(fixAll[0]).edits);
    // Only safe fixes ran: no-new-privileges added; privileged (unsafe to remove) and the comment kept.
    assert.match(doc.getText(), /^services:\n  web:\n    image: nginx:1\.27 # pinned\n    privileged: true\n/);
    assert.match(doc.getText(), /\n    security_opt:\n      - no-new-privileges:true\n/);
    const after = await client.diagnostics(uri, 2);
    assert.deepEqual(
      ofCodes(after.diagnostics, 'DC001', 'DC003').map((d) => d.code),
      ['DC001'],
    );
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: ofCodes(after.diagnostics, 'DC001')[0].range,
      context: { diagnostics: after.diagnostics, only: ['quickfix'] },
    })) as CodeAction[];
    const remove = forCode(actions, 'DC001').find((a) => a.title.includes('privileged'))!;
    assert.equal(remove.isPreferred, false, 'an unsafe fix is never preferred');
    doc = client.edit(doc, editsOf(remove).edits);
    assert.doesNotMatch(doc.getText(), /privileged/);
    assert.deepEqual(ofCodes((await client.diagnostics(uri, 3)).diagnostics, 'DC001'), []);
  });

  it('stamps every edit with the document version it was computed for', async () => {
    const uri = 'file:///ws/j/Dockerfile';
    let doc = client.open(uri, 'dockerfile', DOCKERFILE);
    await client.diagnostics(uri, 1);
    doc = client.edit(doc, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '# c\n' }]);
    await client.diagnostics(uri, 2);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: whole,
      context: { diagnostics: [], only: ['quickfix'] },
    })) as CodeAction[];
    assert.equal(editsOf(actions[0]).textDocument.version, 2);
  });
});

describe('bosun/status after each lint', () => {
  /** The status notifications a client gets while a document is opened and edited twice. */
  async function statusesFor(initializationOptions: unknown): Promise<{ version: number; findings: number }[]> {
    const client = await startServer({ initializationOptions });
    try {
      const statuses: { version: number; findings: number }[] = [];
      client.connection.onNotification('bosun/status', (p: { version: number; findings: number }) => {
        statuses.push(p);
      });
      const uri = 'file:///ws/s/Dockerfile';
      let doc = client.open(uri, 'dockerfile', DOCKERFILE);
      await client.diagnostics(uri, 1);
      for (const version of [2, 3]) {
        doc = client.edit(doc, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '#\n' }]);
        await client.diagnostics(uri, version);
      }
      // A status follows its diagnostics: ask something and wait for the answer, so any status sent has arrived.
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
      return statuses;
    } finally {
      await client.stop();
    }
  }

  it("goes to Bosun's own client, which asks for it: one per lint, with the version and findings", async () => {
    const statuses = await statusesFor({ statusNotifications: true });
    assert.deepEqual(
      statuses.map((s) => s.version),
      [1, 2, 3],
    );
    assert.ok(statuses.every((s) => s.findings > 0));
  });

  it('is not sent to other editors (a second message per keystroke they would drop)', async () => {
    assert.deepEqual(await statusesFor(undefined), []);
    assert.deepEqual(await statusesFor({ statusNotifications: 'yes' }), []);
  });
});

describe('stopping a test server', () => {
  it('ends a server that never answers shutdown, and leaves nothing of it to keep the tests alive', { timeout: 60_000 }, async () => {
    const client = await startServer();
    const { process: child } = client;
    // A stopped process answers nothing and ignores SIGTERM: the worst a busy or stuck server can do.
    child.kill('SIGSTOP');
    await client.stop(200);
    assert.ok(child.exitCode !== null || child.signalCode !== null, 'the server process is gone');
    for (const stream of [child.stdin, child.stdout, child.stderr]) assert.equal(stream?.destroyed, true, 'its pipes are closed');
  });
});
