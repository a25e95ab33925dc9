/**
 * The web extension (vscode.dev, github.dev, any VS Code in a browser): runs in the browser's web
 * worker extension host, and starts the language server in a web worker of its own. The server
 * reads the workspace through this client (workspace-files.ts). Everything else is shared with the
 * desktop extension (activate.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { activateBosun } from './activate.js';

export { deactivate } from './activate.js';

// A web worker extension host has Worker; this project's type library (Node) does not declare it.
declare const Worker: new (url: string) => { terminate(): void };
type ServerOptions = ConstructorParameters<typeof LanguageClient>[2];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  // Evidence, not a claim: the global scope's class is DedicatedWorkerGlobalScope in a web worker.
  const scope = (globalThis as { constructor?: { name?: string } }).constructor?.name ?? 'unknown scope';
  await activateBosun(context, {
    description: `web worker (${scope}); language server in a web worker`,
    createClient: (options) => {
      // A fresh worker for every (re)start; the last one is ended first.
      let worker: { terminate(): void } | undefined;
      const start = async () => {
        worker?.terminate();
        worker = new Worker(serverMain.toString(true));
        return worker;
      };
      return new LanguageClient('bosun', 'Bosun', start as unknown as ServerOptions, options);
    },
  });
}
