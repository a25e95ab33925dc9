/**
 * `initialize` (what the client can do, what the server offers) and `initialized` (dynamic
 * registrations, the workspace folders and their scan, folder changes).
 */
import { CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, TextDocumentSyncKind, WatchKind } from 'vscode-languageserver';
import { FIX_ALL_WORKSPACE_COMMAND } from '../protocol.js';
import { VERSION } from '../version.js';
import { FIX_ALL_KIND } from './code-actions.js';
import { SHOW_DOCS_COMMAND, docsLinks, docsOptionsFrom } from './docs-links.js';
import { DockerfileFeatures, canRegisterForDockerfiles, featuresWanted, registerForDockerfiles, staticCapabilities } from './dockerfile-features.js';
import type { ServerState } from './server-state.js';
import type { Folder } from './workspace.js';

/**
 * Files other files depend on (Dockerfiles, Compose files, .env, ignore files, the config): a change
 * re-lints the dependants and keeps the workspace diagnostics current.
 */
const WATCHED = '**/{*[dD]ockerfile*,*[cC]ontainerfile*,*.yml,*.yaml,.env,.env.*,*.env,.dockerignore,*.dockerignore,.gitignore,.bosun.yaml,.bosun.yml,*.lock.json}';

export function handleLifecycle(s: ServerState): void {
  const { connection, client } = s;
  let initialFolders: Folder[] = [];

  connection.onInitialize(async (params) => {
    // RUN scripts are read with the bash grammar: its WebAssembly loads once, before the first lint.
    await s.platform.loadShellGrammar().catch((e: unknown) => connection.console.error(`bosun: cannot load the shell grammar: ${e instanceof Error ? e.message : String(e)}`));
    const caps = params.capabilities;
    s.settings.supported = !!caps.workspace?.configuration;
    client.relatedInformation = !!caps.textDocument?.publishDiagnostics?.relatedInformation;
    client.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    client.dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    client.watchedFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    client.workspaceFolders = !!caps.workspace?.workspaceFolders;
    client.applyEdit = !!caps.workspace?.applyEdit;
    client.changeAnnotations = !!caps.workspace?.workspaceEdit?.changeAnnotationSupport;
    client.disabledCodeActions = !!caps.textDocument?.codeAction?.disabledSupport;
    client.registersForDockerfiles = canRegisterForDockerfiles(caps);
    client.showDocument = !!caps.window?.showDocument?.support;
    s.dockerfileFeatures = featuresWanted(params.initializationOptions) ? new DockerfileFeatures(caps) : undefined;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    s.space.setFolders(folders.map((f) => f.uri));
    initialFolders = folders.map((f) => s.toFolder(f.uri)).filter((f): f is Folder => f !== undefined);
    const init = (params.initializationOptions ?? {}) as { docs?: unknown; globalStoragePath?: unknown; statusNotifications?: unknown };
    // Only Bosun's own client reads `bosun/status`: any other editor would get a second message per keystroke to drop.
    client.statusNotifications = init.statusNotifications === true;
    const docs = docsOptionsFrom(init.docs);
    s.links.docs = docsLinks({ baseUri: docs.baseUri ?? s.platform.docsBaseUri, command: docs.command });
    s.docsCommand = docs.command;
    s.pins.initialize(params);
    s.facts.setStorage(typeof init.globalStoragePath === 'string' && init.globalStoragePath ? init.globalStoragePath : undefined);
    return {
      capabilities: {
        // `save`: for `bosun.run: onSave`.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, ...s.pins.codeActionKinds], resolveProvider: true },
        executeCommandProvider: { commands: [...s.pins.commands, FIX_ALL_WORKSPACE_COMMAND, SHOW_DOCS_COMMAND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...(s.dockerfileFeatures && !client.registersForDockerfiles ? staticCapabilities() : {}),
      },
      serverInfo: { name: 'bosun', version: VERSION },
    };
  });

  /** New workspace folders: the config's roots, containment, the registry's folders and the scan follow. */
  const setFolders = async (folders: Folder[]) => {
    s.config.setRoots(folders.map((f) => f.path));
    s.containment = s.platform.containment(folders.map((f) => f.path));
    await s.workspace.setFolders(folders);
  };

  connection.onInitialized(() => {
    if (s.dockerfileFeatures && client.registersForDockerfiles) {
      registerForDockerfiles(connection).catch((e) => connection.console.error(`registering Dockerfile features failed: ${e}`));
    }
    if (client.dynamicConfiguration) {
      // files.exclude: which workspace files are scanned.
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['bosun', 'files.exclude'] });
    }
    if (client.watchedFiles) {
      // Every created or deleted path too: a folder moved in or out carries files no pattern names.
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: WATCHED }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
      });
    }
    void setFolders(initialFolders);
    if (client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        s.safely('workspaceFolders', undefined, async (e) => {
          const removed = new Set(e.removed.map((f) => f.uri));
          const kept = s.workspace.foldersList().filter((f) => !removed.has(f.uri));
          s.space.setFolders([...kept.map((f) => f.uri), ...e.added.map((f) => f.uri)]);
          const next = [...kept, ...e.added.map((f) => s.toFolder(f.uri)).filter((f): f is Folder => !!f)];
          s.pins.setWorkspaceFolders(next.map((f) => f.path));
          await setFolders(next);
          s.relintOpen();
        }),
      );
    }
  });
}
