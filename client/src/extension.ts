/**
 * The desktop extension (VS Code's Node extension host, local or remote): the language server is a
 * Node process over IPC. Everything else is shared with the web extension (activate.ts).
 */
import type * as vscode from 'vscode';
import { LanguageClient, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/src/launch-options.js';
import { activateBosun } from './activate.js';

export { deactivate } from './activate.js';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // Node flags and environment shared with the benchmark (server/src/launch-options.ts): what is measured is what ships.
    // The client adds `env` to the extension host's environment.
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env: { ...SERVER_ENV } } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  await activateBosun(context, {
    description: `Node ${process.version} (${process.platform})`,
    createClient: (options) => new LanguageClient('bosun', 'Bosun', serverOptions, options),
    globalStoragePath: context.globalStorageUri.fsPath,
  });
}
