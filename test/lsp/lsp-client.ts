/** A minimal LSP client for tests: spawns dist/server.js over stdio and speaks real JSON-RPC. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the first diagnostics published for `uri` at `version` (or any, if omitted). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string): TextDocument;
  /** Applies LSP text edits to the document and sends them as incremental changes. */
  edit(doc: TextDocument, edits: { range: TextDocument extends never ? never : import('vscode-languageserver-protocol').Range; newText: string }[]): TextDocument;
  /** Settings answered to workspace/configuration requests. */
  settings: Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startServer(opts: { configuration?: boolean } = {}): Promise<TestClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && (w.version === undefined || w.version === p.version)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  const client: TestClient = {
    connection,
    process: child,
    settings: {},
    diagnostics(uri, version, timeoutMs = 10_000) {
      const hit = published.find((p) => p.uri === uri && (version === undefined || p.version === version));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    open(uri, languageId, text) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return TextDocument.create(uri, languageId, 1, text);
    },
    edit(doc, edits) {
      const next = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, TextDocument.applyEdits(doc, edits));
      // Send edits back to front so each range refers to the text as the server has it.
      const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
      void connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: doc.uri, version: next.version },
        contentChanges: sorted.map((e) => ({ range: e.range, text: e.newText })),
      });
      return next;
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map(() => client.settings),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: opts.configuration ?? true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
    },
  });
  await connection.sendNotification('initialized', {});
  return client;
}
