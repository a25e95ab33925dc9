/**
 * A minimal LSP client for tests: spawns dist/server.js over stdio (or runs the web server bundle,
 * dist/web/server.js, in a worker thread) and speaks real JSON-RPC.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  PortMessageReader,
  PortMessageWriter,
  type ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ApplyWorkspaceEditParams, ClientCapabilities, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

/** A `$/progress` notification (work done progress). */
export interface ProgressParams<T> {
  token: string | number;
  value: T;
}
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HANG_CEILING_MS } from '../support/scaling.js';
import { stopServer } from '../support/stop-server.js';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');
export const WEB_SERVER = join(__dirname, '..', '..', 'dist', 'web', 'server.js');

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
  /** Settings by section (`files`, `bosun`…), answered before `settings` when the section is listed here. */
  sections: Record<string, unknown>;
  /** Every diagnostics publication, in order. */
  published: PublishDiagnosticsParams[];
  /** Every workspace/applyEdit request (answered with `applyEditResult`). */
  applied: ApplyWorkspaceEditParams[];
  applyEditResult: { applied: boolean; failureReason?: string };
  /** Every $/progress notification. */
  progress: ProgressParams<unknown>[];
  /** Every window/logMessage text (from the start on). */
  logs: string[];
  /** The server's answer to `initialize`. */
  initializeResult: { capabilities: Record<string, unknown> };
  /** Every window/showDocument request (answered with success). */
  shown: { uri: string }[];
  /** Every client/registerCapability registration. */
  registrations: { method: string; registerOptions?: Record<string, unknown> }[];
  /** The first publication for `uri` after index `since` of `published` whose params satisfy `ok`. */
  next(uri: string, ok?: (p: PublishDiagnosticsParams) => boolean, since?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Ends the server: see test/support/stop-server.ts. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** workspace/configuration support (default true). */
  configuration?: boolean;
  /** Workspace folder uris: sent in initialize and answered to workspace/workspaceFolders. */
  workspaceFolders?: string[];
  /** More client capabilities, merged over the defaults. */
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** Initial `sections` (answered from the first request on, e.g. `files.exclude` for the start-up scan). */
  sections?: Record<string, unknown>;
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' ? merge(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

export async function startServer(opts: StartOptions = {}): Promise<TestClient> {
  // BOSUN_SERVER_ARGS: node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it.
  const nodeArgs = process.env.BOSUN_SERVER_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = { stderr: '' };
  child.stderr!.on('data', (d) => (log.stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  return attach(connection, opts, log, { process: child, kill: () => child.exitCode === null && child.kill() });
}

/**
 * The web server (dist/web/server.js) as VS Code runs it in a browser: a worker whose global scope
 * is the port to the client, with no Node globals it could lean on (no setImmediate, Buffer or
 * require). It reads the workspace only through `bosun/fs/*` requests, which this client answers
 * from the disk (like `workspace.fs`) for uris under the workspace folders, and counts.
 */
export interface WebTestClient extends Omit<TestClient, 'process'> {
  worker: Worker;
  /** Every `bosun/fs/*` request, as `method uri`. */
  fsRequests: string[];
}

const WORKER_SHIM = `
const { parentPort, workerData } = require('node:worker_threads');
const port = parentPort;
globalThis.self = globalThis;
globalThis.postMessage = (m) => port.postMessage(m);
globalThis.addEventListener = (type, fn) => { if (type === 'message') port.on('message', (data) => fn({ data })); };
Object.defineProperty(globalThis, 'onmessage', { set(fn) { port.on('message', (data) => fn({ data })); } });
const load = require;
for (const name of ['setImmediate', 'clearImmediate', 'Buffer', 'require', 'module', 'exports', '__filename', '__dirname']) delete globalThis[name];
load(workerData.bundle);
`;

export async function startWebServer(opts: StartOptions = {}): Promise<WebTestClient> {
  const worker = new Worker(WORKER_SHIM, { eval: true, workerData: { bundle: WEB_SERVER }, stderr: true });
  const log = { stderr: '' };
  worker.stderr.on('data', (d) => (log.stderr += d));
  worker.on('error', (e) => (log.stderr += `worker error: ${e.stack ?? e}`));
  const connection = createProtocolConnection(new PortMessageReader(worker), new PortMessageWriter(worker));
  const fsRequests: string[] = [];
  const folders = (opts.workspaceFolders ?? []).map((u) => decodeURIComponent(new URL(u).pathname));
  /** Like the extension's workspace-files.ts: only file: uris inside a workspace folder. */
  const pathOf = (uri: string) => {
    const path = uri.startsWith('file://') ? decodeURIComponent(new URL(uri).pathname) : undefined;
    return path && folders.some((f) => path === f || path.startsWith(`${f}/`)) ? path : undefined;
  };
  const fs = (method: string, answer: (path: string) => unknown) =>
    connection.onRequest(method, (p: { uri: string }) => {
      fsRequests.push(`${method} ${p.uri}`);
      const path = pathOf(p.uri);
      if (!path) return { error: 'denied' };
      try {
        return answer(path);
      } catch (e) {
        return { error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'denied' };
      }
    });
  const kindOf = (path: string) => {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
  };
  fs('bosun/fs/read', (path) => {
    if (kindOf(path) !== 'file') return { error: 'not-file' };
    const bytes = readFileSync(path);
    return { text: bytes.toString('utf8'), binary: bytes.subarray(0, 8192).includes(0) };
  });
  fs('bosun/fs/list', (path) => ({ entries: readdirSync(path).map((name) => ({ name, kind: kindOf(join(path, name)) })) }));
  fs('bosun/fs/stat', (path) => ({ kind: kindOf(path) }));
  const client = await attach(connection, opts, log, { kill: () => void worker.terminate() });
  return Object.assign(client, { worker, fsRequests }) as unknown as WebTestClient;
}

async function attach(connection: ProtocolConnection, opts: StartOptions, log: { stderr: string }, end: { process?: ChildProcess; kill: () => void }): Promise<TestClient> {
  const child = end.process!;
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
    sections: { ...opts.sections },
    published,
    applied: [],
    applyEditResult: { applied: true },
    progress: [],
    logs: [],
    initializeResult: { capabilities: {} },
    registrations: [],
    shown: [],
    next(uri, ok = () => true, since = 0, timeoutMs = HANG_CEILING_MS) {
      return new Promise((resolve, reject) => {
        const t0 = Date.now();
        const poll = () => {
          const hit = published.slice(since).find((p) => p.uri === uri && ok(p));
          if (hit) return resolve(hit);
          if (Date.now() - t0 > timeoutMs) {
            const seen = published.filter((p) => p.uri === uri).map((p) => `v${p.version}:${p.diagnostics.map((d) => d.code ?? d.message).join(',')}`);
            return reject(new Error(`no matching diagnostics for ${uri} (seen: ${JSON.stringify(seen)}); stderr: ${log.stderr}`));
          }
          setTimeout(poll, 10);
        };
        poll();
      });
    },
    diagnostics(uri, version, timeoutMs = HANG_CEILING_MS) {
      const hit = published.find((p) => p.uri === uri && (version === undefined || p.version === version));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; stderr: ${log.stderr}`)), timeoutMs);
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
    async stop(graceMs?: number) {
      if (end.process) return stopServer(connection, end.process, graceMs);
      // A web server in a worker thread: shutdown (not waited for forever), then the thread ends.
      await Promise.race([connection.sendRequest('shutdown').catch(() => undefined), new Promise((r) => setTimeout(r, graceMs ?? 5000).unref())]);
      connection.dispose();
      end.kill();
    },
  };
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((i) => (i.section !== undefined && i.section in client.sections ? client.sections[i.section] : client.settings)),
  );
  connection.onRequest('client/registerCapability', (p: { registrations: TestClient['registrations'] }) => {
    client.registrations.push(...p.registrations);
    return null;
  });
  const folders = (opts.workspaceFolders ?? []).map((uri) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) }));
  connection.onRequest('workspace/workspaceFolders', () => (opts.workspaceFolders ? folders : null));
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('window/showDocument', (p: { uri: string }) => {
    client.shown.push(p);
    return { success: true };
  });
  connection.onNotification('window/logMessage', (m: { message: string }) => {
    client.logs.push(m.message);
  });
  connection.onNotification('$/progress', (p: ProgressParams<unknown>) => {
    client.progress.push(p);
  });
  connection.onRequest('workspace/applyEdit', (p: ApplyWorkspaceEditParams) => {
    client.applied.push(p);
    return client.applyEditResult;
  });
  connection.listen();
  const capabilities = merge(
    {
      workspace: { configuration: opts.configuration ?? true, workspaceEdit: { documentChanges: true }, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      window: { showDocument: { support: true } },
    },
    (opts.capabilities ?? {}) as Record<string, unknown>,
  );
  client.initializeResult = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: opts.workspaceFolders ? folders : null,
    initializationOptions: opts.initializationOptions,
    capabilities,
  });
  await connection.sendNotification('initialized', {});
  return client;
}
