/**
 * The VS Code side of Bosun, shared by the desktop extension (extension.ts: the server is a Node
 * process) and the web extension (browser.ts: the server is a web worker): the client options, a
 * language status item (rules run, last lint time, errors), the commands, rule docs, and the
 * workspace files the server reads through the client.
 */
import * as vscode from 'vscode';
import { type BaseLanguageClient, CloseAction, type DocumentSelector, ErrorAction, ExecuteCommandRequest, type LanguageClientOptions, State } from 'vscode-languageclient';
import { FIX_ALL_WORKSPACE_COMMAND, PIN_ALL_COMMAND, STATUS_NOTIFICATION, type StatusParams, TRUST_NOTIFICATION } from '../../server/src/protocol.js';
import { dockerfileFeaturesWanted, featuresSetting, otherDockerfileServers } from './dockerfile-features.js';
import { RestartPolicy } from './restart-policy.js';
import { serveWorkspaceFiles } from './workspace-files.js';

export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { language: 'yaml', pattern: '**/compose.{yml,yaml}' },
  { language: 'yaml', pattern: '**/compose.*.{yml,yaml}' },
  { language: 'yaml', pattern: '**/docker-compose*.{yml,yaml}' },
  // `.bosun.yaml`: the server reports the config's own problems on it and re-lints as it is edited.
  { pattern: '**/.bosun.{yaml,yml}' },
] satisfies DocumentSelector & vscode.DocumentFilter[];

/** What differs between the desktop and the web extension. */
export interface ClientHost {
  /** Said in the output channel: which extension host this is. */
  description: string;
  /** The language client for these options (its server a Node process or a web worker). */
  createClient(options: LanguageClientOptions): BaseLanguageClient;
  /** Where the registry cache may live (the desktop server's); undefined on the web. */
  globalStoragePath?: string;
}

let client: BaseLanguageClient | undefined;

export async function activateBosun(context: vscode.ExtensionContext, host: ClientHost): Promise<void> {
  const output = vscode.window.createOutputChannel('Bosun', { log: true });
  const version = (context.extension.packageJSON as { version?: string }).version ?? '?';
  output.info(
    `Bosun ${version}: extension host: ${host.description}; VS Code ${vscode.version} (${vscode.env.appHost}, ui: ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'})`,
  );
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
    // digest cache lives in the extension's global storage. Read again on every (re)start.
    initializationOptions: () => ({
      workspaceTrusted: vscode.workspace.isTrusted,
      globalStoragePath: host.globalStoragePath,
      // Rule docs ship in dist/docs; "Show documentation" renders them (a file on a desktop, a web resource on vscode.dev).
      docs: { baseUri: vscode.Uri.joinPath(context.extensionUri, 'dist', 'docs').toString(), command: 'bosun.showRuleDocs' },
      dockerfileLanguageFeatures: dockerfileFeaturesWanted(),
      // The status item's numbers (bosun/status after each lint): other clients are not sent them.
      statusNotifications: true,
    }),
    // Bosun's hovers link to "Show documentation" (a command link), nothing else.
    markdown: { isTrusted: { enabledCommands: ['bosun.showRuleDocs'] } },
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
  client = host.createClient(clientOptions);
  const started = client;

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
      await restartClient();
    }),
    vscode.commands.registerCommand('bosun.showRuleDocs', async (language: unknown, name: unknown) => {
      if (typeof language !== 'string' || typeof name !== 'string' || !/^[a-z]+$/.test(language) || !/^[a-z0-9-]+$/.test(name)) return;
      const doc = vscode.Uri.joinPath(context.extensionUri, 'dist', 'docs', language, `${name}.md`);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', doc);
      } catch {
        await vscode.window.showTextDocument(doc);
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(TRUST_NOTIFICATION, { trusted: true });
    }),
    vscode.commands.registerCommand('bosun.pinAllImages', async (resource?: vscode.Uri) => {
      const uri = resource instanceof vscode.Uri ? resource : vscode.window.activeTextEditor?.document.uri;
      if (!client || !uri) {
        void vscode.window.showInformationMessage('Bosun: open a Dockerfile or Compose file to pin its images.');
        return;
      }
      const c = client;
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Bosun: pinning images to digests…', cancellable: true }, (_progress, token) =>
        c.sendRequest(ExecuteCommandRequest.type, { command: PIN_ALL_COMMAND, arguments: [uri.toString()] }, token),
      );
    }),
    // Names shared with server/src/lsp/fix-all.ts (FIX_ALL_WORKSPACE_COMMAND, WorkspaceFixSummary).
    vscode.commands.registerCommand('bosun.fixAllWorkspace', async () => {
      if (!client) return;
      const c = client;
      const summary = (await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Bosun: fixing safe problems in the workspace…', cancellable: true },
        (_progress, token) => c.sendRequest(ExecuteCommandRequest.type, { command: FIX_ALL_WORKSPACE_COMMAND, arguments: [] }, token),
      )) as { files: number; fixes: number; applied: boolean; failureReason?: string } | undefined;
      if (summary?.applied) {
        void vscode.window.showInformationMessage(`Bosun fixed ${summary.fixes} problems in ${summary.files} files.`);
      } else if (summary?.failureReason) {
        void vscode.window.showWarningMessage(`Bosun could not apply the fixes: ${summary.failureReason}`);
      }
    }),
    ...serveWorkspaceFiles(started),
    // Dockerfile completion, formatting… turn on or off as the setting or the installed extensions change.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('bosun.dockerfile.languageFeatures')) void restartIfFeaturesChanged();
    }),
    vscode.extensions.onDidChange(() => void restartIfFeaturesChanged()),
    started.onDidChangeState((e) => {
      if (e.newState === State.Stopped) {
        status.text = '$(error) Bosun';
        status.detail = 'language server stopped';
        status.severity = vscode.LanguageStatusSeverity.Error;
      }
    }),
  );

  // (The browser client has no restart(): stop, then start a fresh server.)
  const restartClient = async () => {
    if (!client) return;
    if (client.isRunning()) await client.stop();
    await client.start();
  };
  let featuresOn = dockerfileFeaturesWanted();
  const others = otherDockerfileServers();
  output.info(
    `Dockerfile language features (completion, hovers, formatting, symbols, highlighting): ${featuresOn ? 'on' : 'off'} ` +
      `(bosun.dockerfile.languageFeatures: ${featuresSetting()}${others.length ? `; installed: ${others.join(', ')}` : ''})`,
  );
  const restartIfFeaturesChanged = async () => {
    const wanted = dockerfileFeaturesWanted();
    if (wanted === featuresOn) return;
    featuresOn = wanted;
    output.info(`Dockerfile language features ${wanted ? 'on' : 'off'}: restarting the language server`);
    await restartClient();
  };

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
