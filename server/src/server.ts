/**
 * Bosun language server: wiring only, shared by the desktop server (node.ts: Node IPC or `--stdio`)
 * and the web server (browser.ts: a web worker on vscode.dev/github.dev). What differs between them
 * comes in as a `ServerPlatform`: where files are read, the registry features, memory upkeep.
 * Every handler catches and logs: one bad rule or one bad file never takes the server down.
 */
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Finding, type RuleMeta, allRules, findRule } from '../../rules/api.js';
import type { FolderContainment } from './fs/folders.js';
import { ClientAccess } from './lsp/client-access.js';
import { presenter } from './present.js';
import { FIX_ALL_KIND, codeActions } from './lsp/code-actions.js';
import { EditorConfig, isConfigFile } from './lsp/config.js';
import { type Links, toDiagnostic } from './lsp/convert.js';
import { SHOW_DOCS_COMMAND, docsLinks, docsOptionsFrom } from './lsp/docs-links.js';
import {
  DockerfileFeatures,
  canRegisterForDockerfiles,
  featuresWanted,
  handleDockerfileFeatures,
  mergeHovers,
  registerForDockerfiles,
  staticCapabilities,
} from './lsp/dockerfile-features.js';
import { LintCache, type Linted, documentFiles, languageOf, uriPath } from './lsp/documents.js';
import type { FileAccess } from './lsp/file-access.js';
import { FIX_ALL_LABEL, FIX_ALL_WORKSPACE_COMMAND, type WorkspaceFixSummary, type WorkspaceFixTarget, fixAllOf, workspaceFixEdit } from './lsp/fix-all.js';
import { hover } from './lsp/hover.js';
import type { EditorImageFacts, ImageFactsHost } from './lsp/image-facts.js';
import { factsHover } from './lsp/image-facts-hover.js';
import type { PinDigests } from './lsp/pin-digest.js';
import type { BigFileLinter } from './lsp/scan-request.js';
import { type Settings, SettingsCache } from './lsp/settings.js';
import { UriSpace } from './uris.js';
import { type Folder, WorkspaceIndex } from './lsp/workspace.js';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol.js';
import { VERSION } from './version.js';

/**
 * Pin to digest (a registry lookup) and the registry settings and workspace trust image facts go by:
 * on the desktop PinDigests, on the web a stand-in that says why it is off.
 */
export type RegistryFeatures = Pick<
  PinDigests,
  | 'codeActionKinds'
  | 'commands'
  | 'initialize'
  | 'forgetSettings'
  | 'forDocument'
  | 'resolveAction'
  | 'executeCommand'
  | 'cachedSettingsFor'
  | 'isTrusted'
  | 'onTrustChanged'
  | 'setWorkspaceFolders'
>;

/**
 * Base-image facts for lints and hover (lock file, cache, background fetches): on the desktop
 * EditorImageFacts, on the web a stand-in that has none and says once why.
 */
export type ImageFactsFeatures = Pick<
  EditorImageFacts,
  'generation' | 'setStorage' | 'view' | 'lookup' | 'failure' | 'fileChanged' | 'afterLint' | 'forget' | 'stopFetching' | 'noteEdit'
>;

/** What differs between the desktop and the web server. */
export interface ServerPlatform {
  /** Said in the log at start-up: where this server runs. */
  description: string;
  /**
   * Where the workspace's files are read, given the client's reader (`workspace.fs` over the
   * connection): the web server has nothing else; the desktop reads `file:` paths from its disk.
   */
  access(space: UriSpace, fromClient: FileAccess, containment: () => FolderContainment): FileAccess;
  /** The workspace folders as a containment: real paths on the desktop, spelling on the web (fs/folders.ts). */
  containment(folders: readonly string[]): FolderContainment;
  registry(connection: Connection, documents: TextDocuments<TextDocument>): RegistryFeatures;
  imageFacts(host: ImageFactsHost): ImageFactsFeatures;
  /** Called on activity (memory upkeep once the server goes quiet); optional. */
  touch?(): void;
  /** The rule docs folder (a uri) when the client names none. */
  docsBaseUri?: string;
  /**
   * Loads the bash grammar RUN scripts are read with (rules/languages/shell-grammar.ts), once: its
   * WebAssembly comes from files beside the bundle on the desktop, from bytes inside it on the web.
   */
  loadShellGrammar(): Promise<void>;
  /** Lints big files of the background scan off the thread that answers the editor (given the workspace folders now). */
  bigFiles?(folders: () => readonly string[]): BigFileLinter;
}

export function serve(connection: Connection, platform: ServerPlatform): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const cache = new LintCache();
  // The workspace folders: fixes never write outside them, links out of them are not followed (containment.ts).
  let containment = platform.containment([]);
  const space = new UriSpace();
  const links: Links = { uriOf: (path) => space.uriOf(path), docs: docsLinks({ baseUri: platform.docsBaseUri }) };
  const fromClient = new ClientAccess({
    request: (method, params) => connection.sendRequest(method, params),
    uriOf: (path) => space.uriOf(path),
    arrived: (paths, background) => filesArrived(paths, background),
  });
  const access = platform.access(space, fromClient, () => containment);
  /** The path of a document or folder uri; undefined for one that is not a workspace file (untitled…). */
  const filePath = (uri: string) => space.pathOf(uri);
  // Cross-file rules read other files through this: open documents first, then the workspace's files.
  const files = documentFiles(documents, access.files, filePath);
  const pins = platform.registry(connection, documents);
  const idle = { touch: () => platform.touch?.() };
  const client = {
    relatedInformation: false,
    documentChanges: false,
    dynamicConfiguration: false,
    watchedFiles: false,
    workspaceFolders: false,
    applyEdit: false,
    changeAnnotations: false,
    disabledCodeActions: false,
    /** Dockerfile language features registered for Dockerfiles only (not for every document Bosun gets). */
    registersForDockerfiles: false,
    showDocument: false,
  };
  /** How "Show documentation" shows a page: the client's own command (VS Code), else `window/showDocument`, else not at all. */
  let docsCommand: string | undefined;
  const showDocs = (meta: RuleMeta) => {
    const args = [meta.language, meta.name];
    if (docsCommand) return { title: 'Show documentation', command: docsCommand, arguments: args };
    return client.showDocument && links.docs.href(meta) ? { title: 'Show documentation', command: SHOW_DOCS_COMMAND, arguments: args } : undefined;
  };
  // Completion, instruction hovers, formatting, symbols, highlighting for Dockerfiles: when the client asks.
  let dockerfileFeatures: DockerfileFeatures | undefined;
  /** The open document at a path (uri spellings of one file differ between clients and pathToFileURL). */
  const openAt = (path: string) => documents.all().find((d) => filePath(d.uri) === path);
  // `.bosun.yaml`: the nearest one up to the workspace folder; an open config buffer wins over the file.
  const config = new EditorConfig((path) => openAt(path)?.getText(), (path) => access.readConfig(path));
  let initialFolders: Folder[] = [];
  // Base-image facts: lints read them from memory (lock file, cache); fetching happens in the background.
  const facts = platform.imageFacts({
    trusted: () => pins.isTrusted,
    rootOf: (path) => config.rootOf(path),
    lockSettings: (root) => config.rootImageFacts(root),
    workspaceFolders: () => workspace.foldersList().map((f) => f.path),
    arrived: (uris) => {
      for (const uri of uris) schedule(uri);
    },
    publishLock: (path, diagnostics) => void connection.sendDiagnostics({ uri: workspace.uriOf(path), diagnostics }),
    log: (message) => connection.console.info(message),
  });
  pins.onTrustChanged((trusted) => {
    if (!trusted) facts.stopFetching();
    for (const doc of documents.all()) schedule(doc.uri);
  });
  const toFolder = (uri: string): Folder | undefined => {
    const path = filePath(uri);
    return path === undefined ? undefined : { uri, path: path.replace(/\/+$/, '') || '/' };
  };
  /**
   * Files the client sent (see file-access.ts): lints that read them before they were here are
   * dropped; when nobody was waiting for them, the open documents and workspace files that read
   * them are linted again.
   */
  const filesArrived = (paths: string[], background: boolean) => {
    for (const path of paths) {
      if (isConfigFile(path)) config.invalidate(path);
      const uris = cache.dependants(path);
      if (!background) continue;
      for (const uri of uris) schedule(uri);
      workspace.enqueue(workspace.dependants(path));
    }
  };

  /** How a document's messages are shown: paths relative to its workspace folder, files outside it noted (present.ts). */
  const presentFor = (uri: string) => {
    const path = filePath(uri);
    return presenter(path === undefined ? undefined : config.rootOf(path), (p) => containment.folders.length > 0 && containment.where(p) !== 'inside');
  };
  const publishFindings = (uri: string, result: { findings: readonly Finding[] } | undefined) => {
    idle.touch();
    const present = presentFor(uri);
    const diagnostics = result ? result.findings.map((f) => toDiagnostic(uri, f, client.relatedInformation, present, links)) : [];
    void connection.sendDiagnostics({ uri, diagnostics });
  };
  // Every Dockerfile and Compose file of the workspace folders, linted from disk in the background.
  const workspace: WorkspaceIndex = new WorkspaceIndex({
    connection,
    files,
    access,
    uriOf: (path) => space.uriOf(path),
    pathOf: filePath,
    isOpen: (path) => openAt(path) !== undefined,
    openDocuments: () => documents.all().flatMap((d) => {
      const path = filePath(d.uri);
      return path === undefined ? [] : [{ path, text: d.getText() }];
    }),
    bigFiles: platform.bigFiles?.(() => containment.folders),
    options: async (path, folder) => {
      const s = await settings.get(folder.uri);
      if (!s.enable) return undefined;
      const o = config.lintOptions(path, s);
      return o.ignored ? undefined : { ...o.options, imageFacts: facts.view(path, await pins.cachedSettingsFor(folder.uri)) };
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

  connection.onInitialize(async (params) => {
    // RUN scripts are read with the bash grammar: its WebAssembly loads once, before the first lint.
    await platform.loadShellGrammar().catch((e: unknown) => connection.console.error(`bosun: cannot load the shell grammar: ${e instanceof Error ? e.message : String(e)}`));
    const caps = params.capabilities;
    settings.supported = !!caps.workspace?.configuration;
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
    dockerfileFeatures = featuresWanted(params.initializationOptions) ? new DockerfileFeatures(caps) : undefined;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []);
    space.setFolders(folders.map((f) => f.uri));
    initialFolders = folders.map((f) => toFolder(f.uri)).filter((f): f is Folder => f !== undefined);
    const init = (params.initializationOptions ?? {}) as { docs?: unknown };
    const docs = docsOptionsFrom(init.docs);
    links.docs = docsLinks({ baseUri: docs.baseUri ?? platform.docsBaseUri, command: docs.command });
    docsCommand = docs.command;
    pins.initialize(params);
    const storage = (params.initializationOptions as { globalStoragePath?: unknown } | undefined)?.globalStoragePath;
    facts.setStorage(typeof storage === 'string' && storage ? storage : undefined);
    return {
      capabilities: {
        // `save`: for `bosun.run: onSave`.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, ...pins.codeActionKinds], resolveProvider: true },
        executeCommandProvider: { commands: [...pins.commands, FIX_ALL_WORKSPACE_COMMAND, SHOW_DOCS_COMMAND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...(dockerfileFeatures && !client.registersForDockerfiles ? staticCapabilities() : {}),
      },
      serverInfo: { name: 'bosun', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (dockerfileFeatures && client.registersForDockerfiles) {
      registerForDockerfiles(connection).catch((e) => connection.console.error(`registering Dockerfile features failed: ${e}`));
    }
    if (client.dynamicConfiguration) {
      // files.exclude: which workspace files are scanned.
      void connection.client.register(DidChangeConfigurationNotification.type, { section: ['bosun', 'files.exclude'] });
    }
    if (client.watchedFiles) {
      // Files other files depend on (Dockerfiles, Compose files, .env, ignore files, the config): a
      // change re-lints the dependants and keeps the workspace diagnostics current. Every created or
      // deleted path too: a folder moved in or out carries files no pattern names.
      const globPattern =
        '**/{*[dD]ockerfile*,*[cC]ontainerfile*,*.yml,*.yaml,.env,.env.*,*.env,.dockerignore,*.dockerignore,.gitignore,.bosun.yaml,.bosun.yml,*.lock.json}';
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
      });
    }
    config.setRoots(initialFolders.map((f) => f.path));
    containment = platform.containment(initialFolders.map((f) => f.path));
    void workspace.setFolders(initialFolders);
    if (client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        safely('workspaceFolders', undefined, async (e) => {
          const removed = new Set(e.removed.map((f) => f.uri));
          const kept = workspace.foldersList().filter((f) => !removed.has(f.uri));
          space.setFolders([...kept.map((f) => f.uri), ...e.added.map((f) => f.uri)]);
          const next = [...kept, ...e.added.map((f) => toFolder(f.uri)).filter((f): f is Folder => !!f)];
          config.setRoots(next.map((f) => f.path));
          pins.setWorkspaceFolders(next.map((f) => f.path));
          containment = platform.containment(next.map((f) => f.path));
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
    if (!s.enable) return undefined;
    const registry = await pins.cachedSettingsFor(uri);
    // Config and lint again until every file they read is here (the web reads through the client).
    return access.settle(
      () => {
        const current = documents.get(uri);
        if (!current) return undefined;
        const o = config.lintOptions(filePath(uri), s);
        if (o.ignored) return undefined;
        const version = current.version;
        return cache.get(current, {
          ...o.options,
          imageFacts: facts.view(filePath(uri), registry),
          // New facts (or facts switched on or off) re-lint everything: unit findings depend on them.
          optionsKey: `${o.key}|facts ${facts.generation} ${registry.imageFacts}`,
          files,
          isCancelled: () => documents.get(uri)?.version !== version,
        });
      },
      (linted) => linted?.touched ?? [],
    );
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
    const present = presentFor(uri);
    const diagnostics = linted.result.findings.map((f) => toDiagnostic(uri, f, client.relatedInformation, present, links));
    void connection.sendDiagnostics({ uri, version: linted.version, diagnostics });
    facts.afterLint(uri, path, linted.result, files, await pins.cachedSettingsFor(uri));
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
    void access.settle(() => config.diagnostics(path)).then((diagnostics) => {
      const open = openAt(path);
      const uri = open?.uri ?? workspace.uriOf(path);
      void connection.sendDiagnostics({ uri, version: open?.version, diagnostics: diagnostics ?? [] });
    });
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
  const configEdits = new Map<string, ReturnType<typeof setTimeout>>();
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
    facts.noteEdit();
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
      for (const change of params.changes) {
        const path = filePath(change.uri);
        if (path === undefined) continue;
        access.forget(path); // what the client sent of it is stale now
        if (!isConfigFile(path)) relintDependants(path);
      }
      const lockChanged = params.changes.some((c) => {
        const path = filePath(c.uri);
        return path !== undefined && facts.fileChanged(path);
      });
      if (lockChanged) {
        // A lock file (or the config naming it) changed: every lint may read other facts now.
        for (const doc of documents.all()) schedule(doc.uri);
        workspace.enqueue(workspace.all().map((e) => e.path));
      }
      await workspace.onFileEvents(params.changes);
    }),
  );
  documents.onDidClose((e) => {
    const { uri } = e.document;
    const path = filePath(uri);
    cache.delete(uri);
    facts.forget(uri);
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
    facts.stopFetching(); // re-requested by the lints below, under the new settings
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
            openDocument: openAt,
            links,
            showDocs,
            containment,
            path: filePath(doc.uri),
            disabledSupport: client.disabledCodeActions,
            present: presentFor(doc.uri),
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
      // A buffer reached through a link out of the workspace is not edited unattended (containment.ts).
      if (path && containment.where(path) === 'escapes') continue;
      const linted = await lintCurrent(doc.uri);
      const current = documents.get(doc.uri);
      if (!linted || !current || linted.version !== current.version) continue;
      const fix = fixAllOf(linted.result);
      if (fix) targets.push({ uri: doc.uri, version: current.version, text: current.getText(), fix });
    }
    let n = 0;
    for (const e of workspace.all()) {
      if (seen.has(e.path) || openAt(e.path)) continue;
      // Files on disk are written by the editor: only regular files really inside a workspace folder.
      if (!containment.checkWrite(e.path).ok) continue;
      const options = await workspace.optionsOf(e);
      const result = options && (await workspace.lintDisk(e, options));
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
    if (params.command === SHOW_DOCS_COMMAND) {
      const meta = findRule(String(params.arguments?.[1] ?? ''))?.meta;
      const href = meta && meta.language === params.arguments?.[0] ? links.docs.href(meta) : undefined;
      if (href && client.showDocument) await connection.window.showDocument({ uri: href, takeFocus: true }).catch(() => undefined);
      return undefined;
    }
    return pins.executeCommand(params, token);
  });

  connection.onHover(
    safely('hover', null, async (params) => {
      const uri = params.textDocument.uri;
      const linted = await lintCurrent(uri);
      const own = linted ? hover(linted.result, params.position, links.docs) : null;
      // What the base image's config says (hover on FROM / image:), after the findings.
      const registry = linted && (await pins.cachedSettingsFor(uri));
      const known = linted && registry ? factsHover(linted.result, params.position, files, (key) => facts.lookup(filePath(uri), key, registry), (key) => facts.failure(key)) : null;
      const doc = dockerfileFeatures && documents.get(uri);
      const instruction = doc && languageOf(doc) === 'dockerfile' ? dockerfileFeatures!.hover(doc.getText(), params.position) : null;
      return mergeHovers(mergeHovers(own, known), instruction);
    }),
  );

  handleDockerfileFeatures(connection, {
    features: () => dockerfileFeatures,
    dockerfile: (uri) => {
      const doc = documents.get(uri);
      return doc && languageOf(doc) === 'dockerfile' ? doc : undefined;
    },
    safely,
  });

  documents.listen(connection);
  connection.listen();
  connection.console.info(`Bosun ${VERSION} language server started with ${allRules.length} rules (${platform.description})`);
}
