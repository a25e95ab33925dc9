/**
 * A test LSP client for Pin to digest: like test/lsp/lsp-client.ts, plus the client capabilities
 * the fix depends on (codeAction resolve, disabled actions, applyEdit), initializationOptions
 * (workspace trust, storage), an environment for the server (DOCKER_CONFIG), settings per section,
 * and a record of window/showMessage notifications and workspace/applyEdit requests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type ProtocolConnection, StreamMessageReader, StreamMessageWriter, createProtocolConnection } from 'vscode-languageserver-protocol/node';
import type { ApplyWorkspaceEditParams, PublishDiagnosticsParams, ShowMessageParams, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER } from '../lsp/lsp-client.js';
import { HANG_CEILING_MS } from '../support/scaling.js';

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
  /** The first publish for `uri` (past or future) that satisfies `test`. */
  until(uri: string, test: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Every publish so far, oldest first. */
  published: PublishDiagnosticsParams[];
  /** Ends the server (shutdown, exit, then waits for it to go; killed if it does not). */
  stop(): Promise<void>;
}

export interface PinClientOptions {
  env?: Record<string, string>;
  initializationOptions?: Record<string, unknown>;
  /** Without codeAction/resolve support (the fix then comes as a command). */
  noResolve?: boolean;
  /** The workspace folder (a file: URI). */
  rootUri?: string;
}

export async function startPinClient(opts: PinClientOptions = {}): Promise<PinClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const reader = new StreamMessageReader(child.stdout!);
  const connection = createProtocolConnection(reader, new StreamMessageWriter(child.stdin!));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.test(p)) {
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
    published,
    diagnostics(uri, version) {
      return client.until(uri, (p) => p.version === version);
    },
    until(uri, test, timeoutMs = HANG_CEILING_MS) {
      const hit = published.find((p) => p.uri === uri && test(p));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(published.filter((p) => p.uri === uri).at(-1))}; stderr: ${stderr.slice(-2000)}`)),
          timeoutMs,
        );
        waiters.push({ uri, test, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    async stop() {
      const within = <T>(p: Promise<T>, ms: number) => {
        let timer: NodeJS.Timeout | undefined;
        return Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]).finally(() => clearTimeout(timer));
      };
      if (child.exitCode === null && child.signalCode === null) {
        try {
          await within(connection.sendRequest('shutdown'), 5000);
          await connection.sendNotification('exit');
        } catch {
          /* already gone */
        }
        // The server exits by itself on `exit`, after writing what it was writing; kill it only if it
        // does not. Killing it at once could cut a message in half, and then …
        await within(exited, 5000);
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      // … vscode-jsonrpc's reader re-arms its 10 s partial-message timer forever, even after dispose:
      // that timer kept this test process alive after every test had passed.
      reader.partialMessageTimeout = 0;
      (reader as unknown as { clearPartialMessageTimer?: () => void }).clearPartialMessageTimer?.();
      connection.dispose();
    },
  };
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => client.settings[i.section ?? ''] ?? {}));
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
    rootUri: opts.rootUri ?? null,
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
