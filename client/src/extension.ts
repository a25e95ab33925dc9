/**
 * The VS Code side of Bosun: starts the language server over Node IPC for Dockerfiles and Compose
 * files, shows a language status item (rules run, last lint time, errors) and opens rule docs.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  type DocumentSelector,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../../server/src/launch-options.js';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol.js';
import { RestartPolicy } from './restart-policy.js';

export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { language: 'yaml', pattern: '**/compose.{yml,yaml}' },
  { language: 'yaml', pattern: '**/compose.*.{yml,yaml}' },
  { language: 'yaml', pattern: '**/docker-compose*.{yml,yaml}' },
  // `.bosun.yaml`: the server reports the config's own problems on it and re-lints as it is edited.
  { pattern: '**/.bosun.{yaml,yml}' },
] satisfies DocumentSelector & vscode.DocumentFilter[];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // Node flags and environment shared with the benchmark (server/src/launch-options.ts): what is measured is what ships.
    // The client adds `env` to the extension host's environment.
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env: { ...SERVER_ENV } } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('Bosun', { log: true });
  // A server that keeps dying is restarted a few times without a popup, then left stopped with one
  // message (the library's default shows a notification on every restart).
  const crashes = new RestartPolicy();
  const tellOnce = (message: string | undefined) => {
    if (!message) return;
    void vscode.window.showErrorMessage(message, 'Show output', 'Restart').then(async (choice) => {
      if (choice === 'Show output') output.show(true);
      if (choice === 'Restart') await vscode.commands.executeCommand('bosun.restartServer');
    });
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Settings are pulled per resource by the server (workspace/configuration).
    synchronize: {},
    // Pin to digest: no registry request and no credential reading in an untrusted workspace; the
    // digest cache lives in the extension's global storage.
    initializationOptions: {
      workspaceTrusted: vscode.workspace.isTrusted,
      globalStoragePath: context.globalStorageUri.fsPath,
    },
    errorHandler: {
      error: (error, _message, count) => {
        const d = crashes.errored(count, error.message);
        output.warn(d.log);
        tellOnce(d.notify);
        return { action: d.shutdown ? ErrorAction.Shutdown : ErrorAction.Continue, handled: true };
      },
      closed: () => {
        const d = crashes.closed();
        output.warn(d.log);
        tellOnce(d.notify);
        return { action: d.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
      },
    },
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
      crashes.reset();
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
    // Names shared with server/src/lsp/pin-digest.ts (TRUST_NOTIFICATION, PIN_ALL_COMMAND).
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification('bosun/workspaceTrust', { trusted: true });
    }),
    vscode.commands.registerCommand('bosun.pinAllImages', async (resource?: vscode.Uri) => {
      const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
      if (!client || !uri) {
        void vscode.window.showInformationMessage('Bosun: open a Dockerfile or Compose file to pin its images.');
        return;
      }
      const c = client;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Bosun: pinning images to digests…', cancellable: true },
        (_progress, token) =>
          c.sendRequest(ExecuteCommandRequest.type, { command: 'bosun.server.pinAllImages', arguments: [uri.toString()] }, token),
      );
    }),
    // Names shared with server/src/lsp/fix-all.ts (FIX_ALL_WORKSPACE_COMMAND, WorkspaceFixSummary).
    vscode.commands.registerCommand('bosun.fixAllWorkspace', async () => {
      if (!client) return;
      const c = client;
      const summary = (await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Bosun: fixing safe problems in the workspace…', cancellable: true },
        (_progress, token) => c.sendRequest(ExecuteCommandRequest.type, { command: 'bosun.server.fixAllWorkspace', arguments: [] }, token),
      )) as { files: number; fixes: number; applied: boolean; failureReason?: string } | undefined;
      if (summary?.applied) {
        void vscode.window.showInformationMessage(`Bosun fixed ${summary.fixes} problems in ${summary.files} files.`);
      } else if (summary?.failureReason) {
        void vscode.window.showWarningMessage(`Bosun could not apply the fixes: ${summary.failureReason}`);
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
