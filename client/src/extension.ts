/**
 * The VS Code side of Bosun: starts the language server over Node IPC for Dockerfiles and Compose
 * files, shows a language status item (rules run, last lint time, errors) and opens rule docs.
 */
import * as vscode from 'vscode';
import {
  type DocumentSelector,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol.js';

export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { language: 'yaml', pattern: '**/compose.{yml,yaml}' },
  { language: 'yaml', pattern: '**/compose.*.{yml,yaml}' },
  { language: 'yaml', pattern: '**/docker-compose*.{yml,yaml}' },
] satisfies DocumentSelector & vscode.DocumentFilter[];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('Bosun', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Settings are pulled per resource by the server (workspace/configuration).
    synchronize: {},
  };
  client = new LanguageClient('bosun', 'Bosun', serverOptions, clientOptions);

  const status = vscode.languages.createLanguageStatusItem('bosun.status', DOCUMENT_SELECTOR);
  status.name = 'Bosun';
  status.text = 'Bosun';
  status.detail = 'starting…';
  status.command = { title: 'Show output', command: 'bosun.showOutput' };
  const lastStatus = new Map<string, StatusParams>();
  const render = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const s = uri ? lastStatus.get(uri) : undefined;
    if (!s) return;
    const time = new Date().toLocaleTimeString();
    status.text = s.errors.length ? '$(warning) Bosun' : '$(shield) Bosun';
    status.detail = `${s.rules} rules · ${s.findings} findings · ${s.ms} ms at ${time}${s.errors.length ? ` · ${s.errors.length} errors` : ''}`;
    status.severity = s.errors.length ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };

  context.subscriptions.push(
    output,
    status,
    vscode.window.onDidChangeActiveTextEditor(render),
    vscode.commands.registerCommand('bosun.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('bosun.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('bosun.showRuleDocs', async (language: string, name: string) => {
      if (!/^[a-z]+$/.test(language) || !/^[a-z0-9-]+$/.test(name)) return;
      const doc = vscode.Uri.joinPath(context.extensionUri, 'dist', 'docs', language, `${name}.md`);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', doc);
      } catch {
        await vscode.window.showTextDocument(doc);
      }
    }),
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) {
        status.text = '$(error) Bosun';
        status.detail = 'language server stopped';
        status.severity = vscode.LanguageStatusSeverity.Error;
      }
    }),
  );

  client.onNotification(STATUS_NOTIFICATION, (s: StatusParams) => {
    lastStatus.set(s.uri, s);
    if (s.errors.length) output.warn(`${s.uri}: ${s.errors.join('; ')}`);
    render();
  });

  await client.start();
  status.detail = 'ready';
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
