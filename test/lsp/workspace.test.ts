/**
 * Workspace diagnostics, `.bosun.yaml` in the editor and fix-all, over a real stdio LSP connection
 * against a temp workspace on disk: files nobody opened are reported (and the skipped, gitignored
 * and files.exclude'd ones are not), disk edits / creations / deletions announced through
 * didChangeWatchedFiles keep them current, the config turns rules off everywhere and reports its own
 * problems, and fix-all fixes a file (or the whole workspace) in passes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  AnnotatedTextEdit,
  CodeAction,
  Diagnostic,
  PublishDiagnosticsParams,
  TextDocumentEdit,
  TextEdit,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
} from 'vscode-languageserver-protocol';
import { HANG_CEILING_MS } from '../support/scaling.js';
import { generateWorkspace } from '../support/workspace-gen.js';
import { type TestClient, startServer } from './lsp-client.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

const FILES: Record<string, string> = {
  '.gitignore': 'generated/\n',
  'api/Dockerfile': 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n',
  'worker/Containerfile': 'FROM python:3.12\nRUN pip install --trusted-host pypi.example.com flask==3.0.0\nCMD ["python", "w.py"]\n',
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
  'deploy/docker-compose.prod.yml': 'services:\n  api:\n    build: ../api\n',
  'legacy/Dockerfile': 'FROM alpine:3.20\nCMD ["/app"]\n',
  // A git repository whose env file with secrets is not ignored (DC082 reads both).
  '.git/HEAD': 'ref: refs/heads/main\n',
  'app/compose.yaml': 'services:\n  web:\n    image: app:1.0\n    env_file: secrets.env\n',
  'app/secrets.env': 'DB_USER=app\nDB_PASSWORD=s3cr3t-Passw0rd\n',
  'fixme/Dockerfile':
    'FROM node:20\nRUN sudo npm config set strict-ssl false && npm ci\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 GIT_SSL_NO_VERIFY=true\nUSER node\nCMD ["node", "server.js"]\n',
  // Never reported: a dependency, a vendored copy, a hidden folder, gitignored output, files.exclude.
  'node_modules/pkg/Dockerfile': 'FROM alpine\n',
  'vendor/lib/Dockerfile': 'FROM alpine\n',
  '.devcontainer/Dockerfile': 'FROM alpine\n',
  'generated/Dockerfile': 'FROM alpine\n',
  'excluded/compose.yaml': 'services:\n  x:\n    privileged: true\n',
};
const FIXED_FIXME = 'FROM node:20\nRUN npm ci\nUSER node\nCMD ["node", "server.js"]\n';
const whole = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };

const codes = (p: { diagnostics: Diagnostic[] }) => p.diagnostics.map((d) => String(d.code));
const has = (code: string) => (p: PublishDiagnosticsParams) => codes(p).includes(code);
const lacks = (code: string) => (p: PublishDiagnosticsParams) => !codes(p).includes(code);

function write(dir: string, rel: string, text: string): void {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

function documentEdits(action: CodeAction): { version: number | null; edits: TextEdit[] } {
  const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
  assert.ok(change, `action '${action.title}' has no documentChanges`);
  return { version: change.textDocument.version, edits: change.edits as TextEdit[] };
}

describe('workspace diagnostics, .bosun.yaml and fix-all over stdio', () => {
  let dir: string;
  let client: TestClient;
  const uriOf = (rel: string) => pathToFileURL(join(dir, rel)).href;
  const fileEvent = (rel: string, type: number) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rel), type }] });
  const mark = () => client.published.length;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-ws-'));
    for (const [rel, text] of Object.entries(FILES)) write(dir, rel, text);
    client = await startServer({
      workspaceFolders: [pathToFileURL(dir).href],
      sections: { files: { exclude: { '**/excluded': true, '**/*.tmp': false } } },
      capabilities: {
        window: { workDoneProgress: true },
        workspace: {
          applyEdit: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, changeAnnotationSupport: { groupsOnLabel: true } },
        },
      },
    });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports every Dockerfile, Containerfile and Compose file of the folder without opening any', async () => {
    const expected: Record<string, string[]> = {
      'api/Dockerfile': ['DF001'],
      'worker/Containerfile': ['DF001', 'DF026'],
      'compose.yaml': ['DC001', 'DC003'],
      // Cross-file: the service builds ../api, whose Dockerfile runs as root.
      'deploy/docker-compose.prod.yml': ['DC003', 'DC080'],
      'fixme/Dockerfile': ['DF011', 'DF026', 'DF027'],
      'legacy/Dockerfile': ['DF001'],
      'app/compose.yaml': ['DC082'],
    };
    for (const [rel, want] of Object.entries(expected)) {
      const p = await client.next(uriOf(rel));
      assert.equal(p.version, undefined, 'files on disk are published without a version');
      for (const code of want) assert.ok(codes(p).includes(code), `${rel}: ${code} in ${codes(p)}`);
      assert.ok(p.diagnostics.every((d) => d.source === 'bosun'));
      // DF056 (no HEALTHCHECK) is off by default: the config turns it on below.
      if (rel === 'legacy/Dockerfile') assert.ok(lacks('DF056')(p), `${rel}: ${codes(p)}`);
    }
    // Give a straggler time to show up, then check that nothing skipped was reported.
    await new Promise((r) => setTimeout(r, 300));
    const reported = new Set(client.published.map((p) => p.uri));
    for (const rel of ['node_modules/pkg/Dockerfile', 'vendor/lib/Dockerfile', '.devcontainer/Dockerfile', 'generated/Dockerfile', 'excluded/compose.yaml']) {
      assert.ok(!reported.has(uriOf(rel)), `${rel} must not be scanned`);
    }
  });

  it('updates a file edited on disk, and the Compose file that builds it', async () => {
    const since = mark();
    write(dir, 'api/Dockerfile', 'FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n');
    await fileEvent('api/Dockerfile', CHANGED);
    await client.next(uriOf('api/Dockerfile'), lacks('DF001'), since);
    // The dependant (it read api/Dockerfile) is re-linted too: the built image no longer runs as root.
    await client.next(uriOf('deploy/docker-compose.prod.yml'), lacks('DC080'), since);
  });

  it('clears a deleted file and reports a created one (but not one created in node_modules)', async () => {
    let since = mark();
    unlinkSync(join(dir, 'worker/Containerfile'));
    await fileEvent('worker/Containerfile', DELETED);
    const cleared = await client.next(uriOf('worker/Containerfile'), () => true, since);
    assert.deepEqual(cleared.diagnostics, []);

    since = mark();
    write(dir, 'node_modules/other/Dockerfile', 'FROM alpine\n');
    write(dir, 'jobs/Dockerfile', 'FROM alpine:3.20\nRUN curl -k https://example.com/x -o /x\n');
    await fileEvent('node_modules/other/Dockerfile', CREATED);
    await fileEvent('jobs/Dockerfile', CREATED);
    await client.next(uriOf('jobs/Dockerfile'), has('DF025'), since);
    assert.ok(!client.published.slice(since).some((p) => p.uri === uriOf('node_modules/other/Dockerfile')));
  });

  it('re-lints a Compose file when the .env file it reads changes', async () => {
    const since = mark();
    write(dir, 'app/secrets.env', 'DB_USER=app\nLOG_LEVEL=debug\n');
    await fileEvent('app/secrets.env', CHANGED);
    await client.next(uriOf('app/compose.yaml'), lacks('DC082'), since);
  });

  it('finds the files of a folder moved into the workspace', async () => {
    write(dir, 'moved/svc/Dockerfile', 'FROM alpine:3.20\nADD . /app\n');
    write(dir, 'moved/node_modules/x/Dockerfile', 'FROM alpine:3.20\n');
    const since = mark();
    await fileEvent('moved', CREATED);
    await client.next(uriOf('moved/svc/Dockerfile'), has('DF030'), since);
    assert.ok(!client.published.some((p) => p.uri === uriOf('moved/node_modules/x/Dockerfile')));
  });

  it('forgets the files of a deleted folder', async () => {
    write(dir, 'tmpsvc/Dockerfile', 'FROM alpine:3.20\n');
    let since = mark();
    await fileEvent('tmpsvc/Dockerfile', CREATED);
    await client.next(uriOf('tmpsvc/Dockerfile'), has('DF001'), since);
    since = mark();
    rmSync(join(dir, 'tmpsvc'), { recursive: true });
    await fileEvent('tmpsvc', DELETED);
    const p = await client.next(uriOf('tmpsvc/Dockerfile'), () => true, since);
    assert.deepEqual(p.diagnostics, []);
  });

  it('a .bosun.yaml change turns a rule off everywhere, and one that is off by default on: files on disk and open documents', async () => {
    const open = uriOf('jobs/Dockerfile');
    client.open(open, 'dockerfile', 'FROM alpine:3.20\nRUN curl -k https://example.com/x -o /x\n');
    assert.ok(codes(await client.diagnostics(open, 1)).includes('DF001'));
    const since = mark();
    write(dir, '.bosun.yaml', 'rules:\n  no-root-user: off\n  DC003: off\n  DF056: hint\n');
    await fileEvent('.bosun.yaml', CREATED);
    await client.next(uriOf('compose.yaml'), (p) => lacks('DC003')(p) && has('DC001')(p), since);
    await client.next(uriOf('legacy/Dockerfile'), (p) => lacks('DF001')(p) && has('DF056')(p), since);
    await client.next(open, (p) => p.version === 1 && lacks('DF001')(p) && has('DF025')(p), since);
    // A valid config has no problems: its own diagnostics are empty.
    assert.deepEqual((await client.next(uriOf('.bosun.yaml'), () => true, since)).diagnostics, []);
  });

  it("the config's ignore paths clear files, on disk and open", async () => {
    const open = uriOf('legacy/Dockerfile');
    client.open(open, 'dockerfile', FILES['legacy/Dockerfile']);
    await client.diagnostics(open, 1);
    let since = mark();
    write(dir, '.bosun.yaml', 'ignore: [legacy/, "moved/**"]\n');
    await fileEvent('.bosun.yaml', CHANGED);
    await client.next(uriOf('moved/svc/Dockerfile'), (p) => p.diagnostics.length === 0, since);
    await client.next(open, (p) => p.version === 1 && p.diagnostics.length === 0, since);
    // Closing an ignored file: nothing comes back.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: open } });
    since = mark();
    write(dir, '.bosun.yaml', 'rules:\n  no-root-user: off\n  require-healthcheck-instruction: hint\n');
    await fileEvent('.bosun.yaml', CHANGED);
    await client.next(uriOf('moved/svc/Dockerfile'), has('DF030'), since);
    await client.next(open, (p) => p.version === undefined && has('DF056')(p) && lacks('DF001')(p), since);
  });

  it('a broken .bosun.yaml is reported on itself; the valid parts still apply, a broken file falls back to defaults', async () => {
    let since = mark();
    write(dir, '.bosun.yaml', 'rules:\n  DC003: off\n  DF001: sometimes\nfailLevel: 7\nbogus: 1\n');
    await fileEvent('.bosun.yaml', CHANGED);
    const partial = await client.next(uriOf('.bosun.yaml'), (p) => p.diagnostics.length > 0, since);
    assert.deepEqual(
      partial.diagnostics.map((d) => [d.range.start.line, d.severity, d.source]),
      [
        [2, 1, 'bosun'],
        [3, 1, 'bosun'],
        [4, 2, 'bosun'],
      ],
    );
    assert.match(String(partial.diagnostics[0].message), /Level of DF001 must be one of/);
    // DC003 stays off; DF001 (its setting is broken) is back at its default level.
    await client.next(uriOf('compose.yaml'), (p) => lacks('DC003')(p) && has('DC001')(p), since);
    await client.next(uriOf('legacy/Dockerfile'), has('DF001'), since);

    since = mark();
    write(dir, '.bosun.yaml', 'rules: [DF001: off\n');
    await fileEvent('.bosun.yaml', CHANGED);
    const broken = await client.next(uriOf('.bosun.yaml'), (p) => p.diagnostics.some((d) => d.severity === 1), since);
    assert.ok(broken.diagnostics.length >= 1);
    // Defaults everywhere: DC003 is back.
    await client.next(uriOf('compose.yaml'), has('DC003'), since);
  });

  it('an open .bosun.yaml buffer is linted as it is typed and governs the files before it is saved', async () => {
    const cfg = uriOf('.bosun.yaml');
    let since = mark();
    let doc = client.open(cfg, 'yaml', 'rules: [DF001: off\n');
    const first = await client.next(cfg, (p) => p.version === 1, since);
    assert.ok(first.diagnostics.length >= 1);
    since = mark();
    doc = client.edit(doc, [{ range: whole, newText: 'rules:\n  DC001: off\n  no-such-rule: off\n' }]);
    const second = await client.next(cfg, (p) => p.version === 2, since);
    assert.deepEqual(
      second.diagnostics.map((d) => [d.range.start.line, d.severity, d.message]),
      [[2, 2, "Unknown rule 'no-such-rule': use a code like DF001 or a name like no-root-user."]],
    );
    await client.next(uriOf('compose.yaml'), (p) => lacks('DC001')(p) && has('DC003')(p), since);
    // Re-linting what the config governs never wipes the config's own diagnostics.
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(client.published.filter((p) => p.uri === cfg).at(-1)?.diagnostics, second.diagnostics);
    // Closing the buffer (unsaved) brings back the config on disk (broken: defaults).
    since = mark();
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
    await client.next(uriOf('compose.yaml'), has('DC001'), since);
    write(dir, '.bosun.yaml', 'rules:\n  DF070: off\n');
    await fileEvent('.bosun.yaml', CHANGED);
  });

  it("an open buffer wins over the disk, and closing it keeps the file's workspace findings", async () => {
    const uri = uriOf('compose.yaml');
    let since = mark();
    client.open(uri, 'dockercompose', 'services:\n  web:\n    image: nginx:1.27\n');
    const opened = await client.next(uri, (p) => p.version === 1, since);
    assert.ok(!codes(opened).includes('DC001'), 'the buffer has no privileged: true');
    since = mark();
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const closed = await client.next(uri, () => true, since);
    assert.equal(closed.version, undefined);
    assert.ok(codes(closed).includes('DC001'), `re-linted from disk, not cleared: ${codes(closed)}`);
  });

  it('bosun.run onSave: an open document is linted when opened and saved, not as it is typed', async () => {
    client.sections.bosun = { run: 'onSave' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = uriOf('scratch/Dockerfile');
    let doc = client.open(uri, 'dockerfile', 'FROM alpine:3.20\nUSER app\n');
    assert.ok(!codes(await client.diagnostics(uri, 1)).includes('DF001'));
    doc = client.edit(doc, [{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 8 } }, newText: 'root' }]);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!client.published.some((p) => p.uri === uri && p.version === 2), 'not linted before saving');
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    assert.ok(codes(await client.diagnostics(uri, 2)).includes('DF001'));
    delete client.sections.bosun;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('source.fixAll.bosun applies every safe fix in passes, as one versioned edit', async () => {
    const uri = uriOf('fixme/Dockerfile');
    const doc = client.open(uri, 'dockerfile', FILES['fixme/Dockerfile']);
    await client.diagnostics(uri, 1);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: whole,
      context: { diagnostics: [], only: ['source.fixAll.bosun'] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all safe Bosun problems', 'source.fixAll.bosun']],
    );
    const { version, edits } = documentEdits(actions[0]);
    assert.equal(version, 1);
    assert.equal(edits.length, 1, 'one edit of the changed range');
    // `sudo` and the strict-ssl command overlap: a single pass could not apply both.
    assert.equal(TextDocument.applyEdits(doc, edits), FIXED_FIXME);
    assert.deepEqual(edits[0].range, { start: { line: 1, character: 4 }, end: { line: 2, character: 57 } });
  });

  it('offers "Fix all DF027 problems in this file" where a rule has two or more safe fixes', async () => {
    const uri = uriOf('fixme/Dockerfile');
    const diagnostics = (await client.diagnostics(uri, 1)).diagnostics.filter((d) => d.code === 'DF027');
    assert.equal(diagnostics.length, 2);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    })) as CodeAction[];
    const all = actions.find((a) => a.title === 'Fix all DF027 problems in this file');
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    assert.equal(all.diagnostics?.length, 2);
    const { version, edits } = documentEdits(all);
    assert.equal(version, 1);
    const doc = TextDocument.create(uri, 'dockerfile', 1, FILES['fixme/Dockerfile']);
    // Only DF027's fixes: the ENV line goes (both variables), the RUN line is untouched.
    assert.equal(TextDocument.applyEdits(doc, edits), FILES['fixme/Dockerfile'].replace('ENV NODE_TLS_REJECT_UNAUTHORIZED=0 GIT_SSL_NO_VERIFY=true\n', ''));
    // DF011 has one finding here: no "Fix all DF011".
    assert.ok(!actions.some((a) => a.title === 'Fix all DF011 problems in this file'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('"Fix all safe problems in the workspace" sends one previewed edit over unopened files and open documents', async () => {
    const open = uriOf('jobs/Dockerfile'); // open since the config test, version 1
    const r = (await client.connection.sendRequest('workspace/executeCommand', { command: 'bosun.server.fixAllWorkspace', arguments: [] })) as {
      files: number;
      fixes: number;
      applied: boolean;
    };
    assert.equal(r.applied, true);
    assert.equal(client.applied.length, 1);
    const { label, edit } = client.applied[0];
    assert.equal(label, 'Fix all safe Bosun problems');
    const changes = edit.documentChanges as TextDocumentEdit[];
    const uris = changes.map((c) => c.textDocument.uri);
    assert.deepEqual(uris, [...uris].sort(), 'sorted by uri');
    assert.ok(uris.includes(uriOf('fixme/Dockerfile')) && uris.includes(open), uris.join('\n'));
    assert.ok(!uris.some((u) => u.includes('node_modules') || u.includes('generated')));
    assert.equal(r.files, changes.length);
    const annotation = Object.values(edit.changeAnnotations ?? {})[0];
    assert.equal(annotation?.needsConfirmation, true);
    for (const c of changes) {
      assert.equal(c.edits.length, 1);
      assert.ok((c.edits[0] as AnnotatedTextEdit).annotationId);
      assert.equal(c.textDocument.version, c.textDocument.uri === open ? 1 : null, c.textDocument.uri);
    }
    const fixme = changes.find((c) => c.textDocument.uri === uriOf('fixme/Dockerfile'))!;
    const disk = TextDocument.create(fixme.textDocument.uri, 'dockerfile', 0, readFileSync(join(dir, 'fixme/Dockerfile'), 'utf8'));
    assert.equal(TextDocument.applyEdits(disk, fixme.edits as TextEdit[]), FIXED_FIXME);
  });

  it("follows workspace folder changes: a removed folder's files are cleared, an added one is scanned", async () => {
    const folder = { uri: pathToFileURL(dir).href, name: 'ws' };
    let since = mark();
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    assert.deepEqual((await client.next(uriOf('compose.yaml'), () => true, since)).diagnostics, []);
    since = mark();
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    await client.next(uriOf('compose.yaml'), has('DC001'), since);
  });
});

/** User + system CPU time of a process so far (Linux /proc), in ms; undefined elsewhere. */
function serverCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
  } catch {
    return undefined;
  }
}

describe('workspace scan of a generated workspace', () => {
  const COUNT = Number(process.env.BOSUN_SCAN_FILES ?? 1000);
  let dir: string;
  let client: TestClient;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-ws-gen-'));
  });
  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`reports all ${COUNT} files, with a progress notification`, { timeout: 3 * HANG_CEILING_MS }, async (t) => {
    const files = generateWorkspace(dir, COUNT);
    const expected = new Set(files.map((f) => pathToFileURL(f).href));
    const t0 = performance.now();
    client = await startServer({
      workspaceFolders: [pathToFileURL(dir).href],
      capabilities: { window: { workDoneProgress: true }, workspace: { workspaceFolders: true } },
    });
    const seen = new Set<string>();
    const reported = (n: number, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${seen.size}/${COUNT} files reported`)), timeoutMs);
        const poll = () => {
          for (const p of client.published.slice(-200)) if (expected.has(p.uri)) seen.add(p.uri);
          if (seen.size >= n) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(poll, 5);
        };
        poll();
      });
    // Once the background lint is under way, an opened document is still answered at once.
    await reported(Math.min(50, COUNT), HANG_CEILING_MS);
    const probe = pathToFileURL(join(dir, 'probe', 'Dockerfile')).href;
    const tProbe = performance.now();
    client.open(probe, 'dockerfile', 'FROM alpine:3.20\n');
    await client.diagnostics(probe, 1);
    const probeMs = performance.now() - tProbe;
    const during = seen.size < COUNT;
    await reported(COUNT, 2 * HANG_CEILING_MS);
    const ms = performance.now() - t0;
    const cpu = serverCpuMs(client.process.pid);
    const message =
      `scan of ${COUNT} files: all reported ${Math.round(ms)} ms after start` +
      `${cpu === undefined ? '' : ` (server CPU ${cpu} ms)`}; an open document was answered in ${Math.round(probeMs)} ms during the scan`;
    t.diagnostic(message);
    console.log(`# ${message}`);
    assert.ok(!client.published.some((p) => p.uri.includes('/node_modules/')));
    const kinds = client.progress.map((p) => (p.value as WorkDoneProgressBegin | WorkDoneProgressEnd).kind);
    assert.equal(kinds[0], 'begin');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(client.progress.map((p) => (p.value as { kind: string }).kind).at(-1), 'end');
    assert.ok(during, 'the probe ran while files were still being checked');
  });
});
