/**
 * A test LSP client for Pin to digest: like test/lsp/lsp-client.ts, plus the client capabilities
 * the fix depends on (codeAction resolve, disabled actions, applyEdit), initializationOptions
 * (workspace trust, storage), an environment for the server (DOCKER_CONFIG), settings per section,
 * and a record of window/showMessage notifications and workspace/applyEdit requests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ApplyWorkspaceEditParams, PublishDiagnosticsParams, ShowMessageParams, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER } from '../lsp/lsp-client.js';
import { HANG_CEILING_MS } from '../support/scaling.js';
import { stopServer } from '../support/stop-server.js';

export interface PinClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Answers to workspace/configuration, by section (`bosun`, `bosun.registry`). */
  settings: Record<string, unknown>;
  messages: ShowMessageParams[];
  applied: ApplyWorkspaceEditParams[];
  docs: Map<string, TextDocument>;
  open(uri: string, languageId: string, text: string): TextDocument;
  /** Applies a workspace edit to the client's copy and tells the server, as an editor does. */
  apply(edit: WorkspaceEdit): TextDocument;
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams>;
  /** Ends the server: see test/support/stop-server.ts. */
  stop(graceMs?: number): Promise<void>;
}

export interface PinClientOptions {
  env?: Record<string, string>;
  initializationOptions?: Record<string, unknown>;
  /** Without codeAction/resolve support (the fix then comes as a command). */
  noResolve?: boolean;
}

export async function startPinClient(opts: PinClientOptions = {}): Promise<PinClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.version === p.version) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  const client: PinClient = {
    connection,
    process: child,
    settings: {},
    messages: [],
    applied: [],
    docs: new Map(),
    open(uri, languageId, text) {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      const doc = TextDocument.create(uri, languageId, 1, text);
      client.docs.set(uri, doc);
      return doc;
    },
    apply(edit) {
      const changes = (edit.documentChanges ?? []) as TextDocumentEdit[];
      const [change] = changes;
      if (!change) throw new Error(`no documentChanges in ${JSON.stringify(edit)}`);
      const doc = client.docs.get(change.textDocument.uri)!;
      if (change.textDocument.version !== doc.version) throw new Error(`edit for v${change.textDocument.version}, document is v${doc.version}`);
      const edits = change.edits as TextEdit[];
      const next = TextDocument.create(doc.uri, doc.languageId, doc.version + 1, TextDocument.applyEdits(doc, edits));
      void connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: doc.uri, version: next.version },
        contentChanges: [{ text: next.getText() }],
      });
      client.docs.set(doc.uri, next);
      return next;
    },
    diagnostics(uri, version) {
      const hit = published.find((p) => p.uri === uri && p.version === version);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; stderr: ${stderr}`)), HANG_CEILING_MS);
        waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    stop(graceMs?: number) {
      return stopServer(connection, child, graceMs);
    },
  };
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((i) => client.settings[i.section ?? ''] ?? {}),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/showMessage', (m: ShowMessageParams) => {
    client.messages.push(m);
  });
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
    client.applied.push(p);
    client.apply(p.edit);
    return { applied: true };
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    initializationOptions: opts.initializationOptions,
    capabilities: {
      workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } },
          disabledSupport: true,
          dataSupport: true,
          resolveSupport: opts.noResolve ? undefined : { properties: ['edit'] },
        },
      },
    },
  });
  await connection.sendNotification('initialized', {});
  return client;
}
