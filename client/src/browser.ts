/**
 * The web extension (vscode.dev, github.dev, any VS Code in a browser): runs in the browser's web
 * worker extension host, and starts the language server in a web worker of its own. The server
 * reads the workspace through this client (workspace-files.ts). Everything else is shared with the
 * desktop extension (activate.ts).
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import { activateBosun } from './activate.js';

export { deactivate } from './activate.js';

// A web worker extension host has these; this project's type library (Node) does not declare them.
type ServerWorker = ConstructorParameters<typeof BrowserMessageReader>[0] & { terminate(): void };
declare const Worker: new (url: string) => ServerWorker;
declare const Blob: new (parts: Uint8Array[], options: { type: string }) => object;
declare const URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };

/**
 * The server's worker. On vscode.dev the extension's files are web resources and the worker loads
 * from its url. An extension installed on a remote (code-server, a dev container opened in a
 * browser) has `vscode-remote:` files, which VS Code does not start workers from: the script is then
 * read through the editor's file system and started from a blob.
 */
async function startWorker(script: vscode.Uri): Promise<ServerWorker> {
  try {
    return new Worker(script.toString(true));
  } catch (e) {
    if (script.scheme !== 'vscode-remote') throw e;
    const url = URL.createObjectURL(new Blob([await vscode.workspace.fs.readFile(script)], { type: 'text/javascript' }));
    const worker = new Worker(url);
    // The worker loads the script after this returns: the url lives as long as the worker.
    const terminate = worker.terminate.bind(worker);
    worker.terminate = () => {
      terminate();
      URL.revokeObjectURL(url);
    };
    return worker;
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  // Evidence, not a claim: the global scope's class is DedicatedWorkerGlobalScope in a web worker.
  const scope = (globalThis as { constructor?: { name?: string } }).constructor?.name ?? 'unknown scope';
  await activateBosun(context, {
    description: `web worker (${scope}); language server in a web worker`,
    createClient: (options) => {
      // A fresh worker for every (re)start; the last one is ended first. The transports are made
      // here: VS Code wraps Worker, so the client's own `instanceof Worker` test would fail.
      let worker: ServerWorker | undefined;
      const start = async () => {
        worker?.terminate();
        worker = await startWorker(serverMain);
        return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
      };
      return new LanguageClient('bosun', 'Bosun', start, options);
    },
  });
}
