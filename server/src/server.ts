/**
 * Bosun language server: wiring only. Runs over Node IPC (from the extension) or `--stdio`.
 * Every handler catches and logs: one bad rule or one bad file never takes the server down.
 */
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ProposedFeatures,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Finding, allRules } from '../../rules/api.js';
import { FIX_ALL_KIND, codeActions } from './lsp/code-actions.js';
import { EditorConfig, isConfigFile } from './lsp/config.js';
import { toDiagnostic } from './lsp/convert.js';
import { LintCache, type Linted, documentFiles, languageOf, uriPath } from './lsp/documents.js';
import { FIX_ALL_LABEL, FIX_ALL_WORKSPACE_COMMAND, type WorkspaceFixSummary, type WorkspaceFixTarget, fixAllOf, workspaceFixEdit } from './lsp/fix-all.js';
import { hover } from './lsp/hover.js';
import { IdleCompaction } from './lsp/idle-compaction.js';
import { PinDigests } from './lsp/pin-digest.js';
import { type Settings, SettingsCache } from './lsp/settings.js';
import { type Folder, WorkspaceIndex } from './lsp/workspace.js';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol.js';
import { VERSION } from './version.js';

function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const cache = new LintCache();
  // Cross-file rules read other files through this: open documents first, then the disk.
  const files = documentFiles(documents);
  const pins = new PinDigests(connection, documents);
  // Memory back to the OS after 2 s without edits, requests or workspace lints (see idle-compaction.ts).
  const idle = new IdleCompaction({ idleMs: 2000 });
  const client = {
    relatedInformation: false,
    documentChanges: false,
    dynamicConfiguration: false,
    watchedFiles: false,
    workspaceFolders: false,
    applyEdit: false,
    changeAnnotations: false,
  };
  /** The open document at a path (uri spellings of one file differ between clients and pathToFileURL). */
  const openAt = (path: string) => documents.all().find((d) => d.uri.startsWith('file:') && uriPath(d.uri) === path);
  // `.bosun.yaml`: the nearest one up to the workspace folder; an open config buffer wins over the disk.
  const config = new EditorConfig((path) => openAt(path)?.getText());
  const filePath = (uri: string) => (uri.startsWith('file:') ? uriPath(uri) : undefined);
  let initialFolders: Folder[] = [];
  const toFolder = (uri: string): Folder | undefined =>
    uri.startsWith('file:') ? { uri, path: uriPath(uri).replace(/\/+$/, '') || '/' } : undefined;

  const publishFindings = (uri: string, result: { findings: readonly Finding[] } | undefined) => {
    idle.touch();
    const diagnostics = result ? result.findings.map((f) => toDiagnostic(uri, f, client.relatedInformation)) : [];
    void connection.sendDiagnostics({ uri, diagnostics });
  };
  // Every Dockerfile and Compose file of the workspace folders, linted from disk in the background.
  const workspace: WorkspaceIndex = new WorkspaceIndex({
    connection,
    files,
    isOpen: (path) => openAt(path) !== undefined,
    openDocuments: () => documents.all().filter((d) => d.uri.startsWith('file:')).map((d) => ({ path: uriPath(d.uri), text: d.getText() })),
    options: async (path, folder) => {
      const s = await settings.get(folder.uri);
      if (!s.enable) return undefined;
      const o = config.lintOptions(path, s);
      return o.ignored ? undefined : o.options;
    },
    excludes: async (folder) => {
      if (!settings.supported) return [];
      const section = (await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'files' })) as { exclude?: unknown } | null;
      const exclude = section?.exclude && typeof section.exclude === 'object' ? (section.exclude as Record<string, unknown>) : {};
      return Object.keys(exclude).filter((k) => exclude[k] === true);
    },
    report: publishFindings,
    configChanged: (path, type) => configChanged(path, type === 'found' ? undefined : type),
  });

  const safely = <A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    };

  connection.onInitialize((params) => {
    const caps = params.capabilities;
    settings.supported = !!caps.workspace?.configuration;
    client.relatedInformation = !!caps.textDocument?.publishDiagnostics?.relatedInformation;
    client.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    client.dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    client.watchedFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    client.workspaceFolders = !!caps.workspace?.workspaceFolders;
    client.applyEdit = !!caps.workspace?.applyEdit;
    client.changeAnnotations = !!caps.workspace?.workspaceEdit?.changeAnnotationSupport;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    initialFolders = folders.map((f) => toFolder(f.uri)).filter((f): f is Folder => f !== undefined);
    pins.initialize(params);
    return {
      capabilities: {
        // `save`: for `bosun.run: onSave`.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, ...pins.codeActionKinds], resolveProvider: true },
        executeCommandProvider: { commands: [...pins.commands, FIX_ALL_WORKSPACE_COMMAND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'bosun', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (client.dynamicConfiguration) {
      // files.exclude: which workspace files are scanned.
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['bosun', 'files.exclude'] });
    }
    if (client.watchedFiles) {
      // Files other files depend on (Dockerfiles, Compose files, .env, ignore files, the config): a
      // change re-lints the dependants and keeps the workspace diagnostics current. Every created or
      // deleted path too: a folder moved in or out carries files no pattern names.
      const globPattern =
        '**/{*[dD]ockerfile*,*[cC]ontainerfile*,*.yml,*.yaml,.env,.env.*,*.env,.dockerignore,*.dockerignore,.gitignore,.bosun.yaml,.bosun.yml}';
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
      });
    }
    config.setRoots(initialFolders.map((f) => f.path));
    void workspace.setFolders(initialFolders);
    if (client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        safely('workspaceFolders', undefined, async (e) => {
          const removed = new Set(e.removed.map((f) => f.uri));
          const next = [...workspace.foldersList().filter((f) => !removed.has(f.uri)), ...e.added.map((f) => toFolder(f.uri)).filter((f): f is Folder => !!f)];
          config.setRoots(next.map((f) => f.path));
          await workspace.setFolders(next);
          for (const doc of documents.all()) schedule(doc.uri);
        }),
      );
    }
  });

  /** The lint of the document's current version, with that document's settings and `.bosun.yaml`. */
  const lintCurrent = async (uri: string): Promise<Linted | undefined> => {
    idle.touch();
    const doc = documents.get(uri);
    if (!doc || !languageOf(doc)) return undefined;
    const s = await settings.get(uri);
    const current = documents.get(uri);
    if (!s.enable || !current) return undefined;
    const o = config.lintOptions(filePath(uri), s);
    if (o.ignored) return undefined;
    const version = current.version;
    return cache.get(current, {
      ...o.options,
      optionsKey: o.key,
      files,
      isCancelled: () => documents.get(uri)?.version !== version,
    });
  };

  // Lint each changed document once per turn of the event loop, newest version only.
  const pending = new Set<string>();
  let scheduled = false;
  const validate = safely('validate', undefined, async (uri: string) => {
    const doc = documents.get(uri);
    if (!doc) return;
    const path = filePath(uri);
    if (path && isConfigFile(path)) {
      publishConfig(path); // a `.bosun.yaml` buffer: its own problems, never cleared as "not a Dockerfile"
      return;
    }
    const linted = await lintCurrent(uri);
    if (documents.get(uri)?.version !== doc.version) return; // a newer version is on its way
    if (!linted) {
      void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [] });
      return;
    }
    if (linted.result.cancelled) return;
    const diagnostics = linted.result.findings.map((f) => toDiagnostic(uri, f, client.relatedInformation));
    void connection.sendDiagnostics({ uri, version: linted.version, diagnostics });
    for (const e of linted.result.errors) connection.console.warn(`${uri}: ${e}`);
    const status: StatusParams = {
      uri,
      version: linted.version,
      rules: linted.result.timings.length,
      findings: linted.result.findings.length,
      ms: Math.round(linted.ms * 10) / 10,
      errors: linted.result.errors,
    };
    void connection.sendNotification(STATUS_NOTIFICATION, status);
  });
  const schedule = (uri: string) => {
    idle.touch();
    pending.add(uri);
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const uris = [...pending];
      pending.clear();
      for (const u of uris) void validate(u);
    });
  };

  /**
   * Re-lints the files whose last lint read `path` (a Dockerfile a Compose file builds, a .env…):
   * open documents at once, workspace files from disk in the background.
   */
  const relintDependants = (path: string, except?: string) => {
    for (const uri of cache.dependants(path, except)) schedule(uri);
    workspace.enqueue(workspace.dependants(path));
  };

  /** A config's own problems, as diagnostics on it (its buffer's when open); cleared when it is gone. */
  const publishConfig = (path: string) => {
    const open = openAt(path);
    const diagnostics = config.diagnostics(path);
    const uri = open?.uri ?? workspace.uriOf(path);
    void connection.sendDiagnostics({ uri, version: open?.version, diagnostics: diagnostics ?? [] });
  };
  /**
   * A `.bosun.yaml` appeared, changed or went away (`type` undefined: found by a scan): forget the
   * cached configs and re-lint everything it may govern — open documents and workspace files under
   * its folder.
   */
  const configChanged = (path: string, type: FileChangeType | undefined) => {
    if (type !== undefined) config.invalidate(path);
    if (type === FileChangeType.Deleted && !openAt(path)) void connection.sendDiagnostics({ uri: workspace.uriOf(path), diagnostics: [] });
    else publishConfig(path);
    if (type === undefined) return;
    const dir = path.slice(0, Math.max(1, path.lastIndexOf('/')));
    for (const doc of documents.all()) {
      const p = filePath(doc.uri);
      if (p && (dir === '/' || p.startsWith(`${dir}/`))) schedule(doc.uri);
    }
    workspace.enqueue(workspace.under(dir));
  };
  // Typing in a config buffer: its diagnostics at once, the files it governs once typing pauses.
  const configEdits = new Map<string, NodeJS.Timeout>();
  const configBufferChanged = (path: string) => {
    config.invalidate(path);
    publishConfig(path);
    clearTimeout(configEdits.get(path));
    configEdits.set(
      path,
      setTimeout(() => {
        configEdits.delete(path);
        configChanged(path, FileChangeType.Changed);
      }, 250),
    );
  };

  // `bosun.run: onSave`: documents are linted when opened and saved, not on every change.
  const opening = new Set<string>();
  documents.onDidOpen((e) => opening.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const { uri } = e.document;
    const path = filePath(uri);
    const opened = opening.delete(uri);
    if (path && isConfigFile(path)) {
      if (opened) publishConfig(path);
      else configBufferChanged(path);
      return;
    }
    void settings.get(uri).then((s: Settings) => {
      if (opened || s.run === 'onType') schedule(uri);
    });
    relintDependants(uriPath(uri), uri);
  });
  documents.onDidSave((e) => {
    void settings.get(e.document.uri).then((s: Settings) => {
      if (s.run === 'onSave') schedule(e.document.uri);
    });
  });
  connection.onDidChangeWatchedFiles(
    safely('didChangeWatchedFiles', undefined, async (params) => {
      for (const change of params.changes) if (!isConfigFile(uriPath(change.uri))) relintDependants(uriPath(change.uri));
      await workspace.onFileEvents(params.changes);
    }),
  );
  documents.onDidClose((e) => {
    const { uri } = e.document;
    const path = filePath(uri);
    cache.delete(uri);
    opening.delete(uri);
    relintDependants(uriPath(uri), uri);
    settings.forget(uri);
    if (path && isConfigFile(path)) {
      // The disk is what counts again (unsaved edits are gone).
      configChanged(path, FileChangeType.Changed);
      return;
    }
    // A workspace file keeps its findings: re-linted from disk; any other file is cleared.
    if (path && workspace.has(path)) workspace.enqueue([path], true);
    else void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.forget();
    pins.forgetSettings();
    for (const doc of documents.all()) schedule(doc.uri);
    // files.exclude may have changed: find the files again (which re-lints them all).
    void workspace.rescanAll();
  });

  connection.onCodeAction(
    safely('codeAction', [], async (params) => {
      const doc = documents.get(params.textDocument.uri);
      const linted = await lintCurrent(params.textDocument.uri);
      if (!doc || !linted || linted.version !== doc.version) return [];
      // Pin to digest: listed here without network; the digest is looked up in codeAction/resolve.
      const pin = await pins.forDocument(doc, linted.result);
      return [
        ...codeActions(
          {
            uri: doc.uri,
            version: doc.version,
            result: linted.result,
            useDocumentChanges: client.documentChanges,
            extraActions: pin?.quickFixes,
            files,
            openDocument: (path) => documents.all().find((d) => uriPath(d.uri) === path),
          },
          params.range,
          params.context.only,
        ),
        ...(pin?.sourceActions(params.context.only) ?? []),
      ];
    }),
  );

  connection.onCodeActionResolve((action, token) => pins.resolveAction(action, token));
  /**
   * "Fix all safe problems in the workspace": every workspace file and open document, safe fixes in
   * passes, one WorkspaceEdit (open documents versioned, files on disk by uri) applied through the
   * client, which previews it when it supports change annotations.
   */
  const fixAllWorkspace = async (): Promise<WorkspaceFixSummary> => {
    await workspace.discovered(); // right after start-up, the scan may still be finding files
    const targets: WorkspaceFixTarget[] = [];
    const seen = new Set<string>();
    for (const doc of documents.all()) {
      const path = filePath(doc.uri);
      if (path) seen.add(path);
      const linted = await lintCurrent(doc.uri);
      const current = documents.get(doc.uri);
      if (!linted || !current || linted.version !== current.version) continue;
      const fix = fixAllOf(linted.result);
      if (fix) targets.push({ uri: doc.uri, version: current.version, text: current.getText(), fix });
    }
    let n = 0;
    for (const e of workspace.all()) {
      if (seen.has(e.path) || openAt(e.path)) continue;
      const options = await workspace.optionsOf(e);
      const result = options && workspace.lintDisk(e, options);
      if (result) {
        const fix = fixAllOf(result);
        if (fix) targets.push({ uri: e.uri, version: null, text: result.file.text, fix });
      }
      if (++n % 20 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const fixes = targets.reduce((sum, t) => sum + t.fix.applied, 0);
    const summary: WorkspaceFixSummary = { files: targets.length, fixes, applied: false };
    if (!targets.length) {
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: 'Bosun: no safe fixes to apply in the workspace.' });
      return summary;
    }
    if (!client.applyEdit) return summary;
    const edit = workspaceFixEdit(targets, { documentChanges: client.documentChanges, changeAnnotations: client.changeAnnotations });
    const r = await connection.workspace.applyEdit({ label: FIX_ALL_LABEL, edit });
    summary.applied = r.applied;
    if (!r.applied && r.failureReason) summary.failureReason = r.failureReason;
    return summary;
  };
  connection.onExecuteCommand(async (params, token) => {
    if (params.command === FIX_ALL_WORKSPACE_COMMAND) return safely('fixAllWorkspace', undefined, fixAllWorkspace)();
    return pins.executeCommand(params, token);
  });

  connection.onHover(
    safely('hover', null, async (params) => {
      const linted = await lintCurrent(params.textDocument.uri);
      return linted ? hover(linted.result, params.position) : null;
    }),
  );

  documents.listen(connection);
  connection.listen();
  connection.console.info(`Bosun ${VERSION} language server started with ${allRules.length} rules`);
}

process.on('uncaughtException', (e) => {
  // Log and keep serving: the client would otherwise restart us and lose every open document's state.
  process.stderr.write(`bosun: uncaught ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
});

serve(createConnection(ProposedFeatures.all));
