/**
 * What the language server holds, built once per connection: open documents and their lints, the
 * settings, the workspace's files (read through the platform's file access), `.bosun.yaml`,
 * base-image facts, the registry features and the workspace index. Handlers (document-lints.ts,
 * config-files.ts, lifecycle.ts, document-events.ts, requests.ts) share it; server.ts wires them.
 */
import { type Connection, type FileChangeType, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FilesView, Finding, RuleMeta } from '../../../rules/api.js';
import type { FolderContainment } from '../fs/folders.js';
import { type Presenter, presenter } from '../present.js';
import { UriSpace } from '../uris.js';
import { ClientAccess } from './client-access.js';
import { EditorConfig, isConfigFile } from './config.js';
import { type Links, toDiagnostic } from './convert.js';
import { SHOW_DOCS_COMMAND, docsLinks } from './docs-links.js';
import type { DockerfileFeatures } from './dockerfile-features.js';
import { LintCache, documentFiles } from './documents.js';
import type { FileAccess } from './file-access.js';
import type { ImageFactsFeatures, RegistryFeatures, ServerPlatform } from './platform.js';
import { SettingsCache } from './settings.js';
import { type Folder, WorkspaceIndex } from './workspace.js';

/** What the client can do, from its `initialize` capabilities. */
export interface ClientCaps {
  relatedInformation: boolean;
  documentChanges: boolean;
  dynamicConfiguration: boolean;
  watchedFiles: boolean;
  workspaceFolders: boolean;
  applyEdit: boolean;
  changeAnnotations: boolean;
  disabledCodeActions: boolean;
  /** Dockerfile language features registered for Dockerfiles only (not for every document Bosun gets). */
  registersForDockerfiles: boolean;
  showDocument: boolean;
  /** `bosun/status` after each lint (Bosun's own client shows it; `initializationOptions.statusNotifications`). */
  statusNotifications: boolean;
}

/** Handlers the state calls back into, defined after it (they need the state themselves). */
export interface StateEvents {
  /** Lint an open document again soon (document-lints.ts). */
  schedule(uri: string): void;
  /** A `.bosun.yaml` was found, changed, created or deleted (config-files.ts; `undefined`: found by a scan). */
  configChanged(path: string, type: FileChangeType | undefined): void;
}

export class ServerState {
  readonly documents = new TextDocuments(TextDocument);
  readonly settings: SettingsCache;
  readonly cache = new LintCache();
  readonly space = new UriSpace();
  readonly links: Links;
  readonly fromClient: ClientAccess;
  readonly access: FileAccess;
  /** Cross-file rules read other files through this: open documents first, then the workspace's files. */
  readonly files: FilesView;
  readonly pins: RegistryFeatures;
  /** `.bosun.yaml`: the nearest one up to the workspace folder; an open config buffer wins over the file. */
  readonly config: EditorConfig;
  /** Base-image facts: lints read them from memory (lock file, cache); fetching happens in the background. */
  readonly facts: ImageFactsFeatures;
  /** Every Dockerfile and Compose file of the workspace folders, linted from disk in the background. */
  readonly workspace: WorkspaceIndex;
  readonly client: ClientCaps = {
    relatedInformation: false,
    documentChanges: false,
    dynamicConfiguration: false,
    watchedFiles: false,
    workspaceFolders: false,
    applyEdit: false,
    changeAnnotations: false,
    disabledCodeActions: false,
    registersForDockerfiles: false,
    showDocument: false,
    statusNotifications: false,
  };
  /** How "Show documentation" shows a page: the client's own command (VS Code), else `window/showDocument`, else not at all. */
  docsCommand: string | undefined;
  /** Completion, instruction hovers, formatting, symbols, highlighting for Dockerfiles: when the client asks. */
  dockerfileFeatures: DockerfileFeatures | undefined;
  /** The workspace folders: fixes never write outside them, links out of them are not followed (containment.ts). */
  containment: FolderContainment;

  constructor(
    readonly connection: Connection,
    readonly platform: ServerPlatform,
    private readonly events: StateEvents,
  ) {
    this.settings = new SettingsCache(connection);
    this.containment = platform.containment([]);
    this.links = { uriOf: (path) => this.space.uriOf(path), docs: docsLinks({ baseUri: platform.docsBaseUri }) };
    this.fromClient = new ClientAccess({
      request: (method, params) => connection.sendRequest(method, params),
      uriOf: (path) => this.space.uriOf(path),
      arrived: (paths, background) => this.filesArrived(paths, background),
    });
    this.access = platform.access(this.space, this.fromClient, () => this.containment);
    this.files = documentFiles(this.documents, this.access.files, (uri) => this.filePath(uri));
    this.pins = platform.registry(connection, this.documents);
    this.config = new EditorConfig(
      (path) => this.openAt(path)?.getText(),
      (path) => this.access.readConfig(path),
    );
    this.facts = platform.imageFacts({
      trusted: () => this.pins.isTrusted,
      rootOf: (path) => this.config.rootOf(path),
      lockSettings: (root) => this.config.rootImageFacts(root),
      workspaceFolders: () => this.workspace.foldersList().map((f) => f.path),
      arrived: (uris) => {
        for (const uri of uris) events.schedule(uri);
      },
      publishLock: (path, diagnostics) => void connection.sendDiagnostics({ uri: this.workspace.uriOf(path), diagnostics }),
      log: (message) => connection.console.info(message),
    });
    this.workspace = new WorkspaceIndex({
      connection,
      files: this.files,
      access: this.access,
      uriOf: (path) => this.space.uriOf(path),
      pathOf: (uri) => this.filePath(uri),
      isOpen: (path) => this.openAt(path) !== undefined,
      openDocuments: () =>
        this.documents.all().flatMap((d) => {
          const path = this.filePath(d.uri);
          return path === undefined ? [] : [{ path, text: d.getText() }];
        }),
      bigFiles: platform.bigFiles?.(() => this.containment.folders),
      options: async (path, folder) => {
        const s = await this.settings.get(folder.uri);
        if (!s.enable) return undefined;
        const o = this.config.lintOptions(path, s);
        return o.ignored ? undefined : { ...o.options, imageFacts: this.facts.view(path, await this.pins.cachedSettingsFor(folder.uri)) };
      },
      excludes: async (folder) => {
        if (!this.settings.supported) return [];
        const section = (await connection.workspace.getConfiguration({ scopeUri: folder.uri, section: 'files' })) as { exclude?: unknown } | null;
        const exclude = section?.exclude && typeof section.exclude === 'object' ? (section.exclude as Record<string, unknown>) : {};
        return Object.keys(exclude).filter((k) => exclude[k] === true);
      },
      report: (uri, result) => this.publishFindings(uri, result),
      configChanged: (path, type) => events.configChanged(path, type === 'found' ? undefined : type),
    });
  }

  /** Activity (the platform's memory upkeep waits for quiet). */
  touch(): void {
    this.platform.touch?.();
  }

  /** The path of a document or folder uri; undefined for one that is not a workspace file (untitled…). */
  filePath(uri: string): string | undefined {
    return this.space.pathOf(uri);
  }

  /** The open document at a path (uri spellings of one file differ between clients and pathToFileURL). */
  openAt(path: string): TextDocument | undefined {
    return this.documents.all().find((d) => this.filePath(d.uri) === path);
  }

  toFolder(uri: string): Folder | undefined {
    const path = this.filePath(uri);
    return path === undefined ? undefined : { uri, path: path.replace(/\/+$/, '') || '/' };
  }

  /** The command behind "Show documentation" for a rule, if the client can show a page. */
  showDocs(meta: RuleMeta) {
    const args = [meta.language, meta.name];
    if (this.docsCommand) return { title: 'Show documentation', command: this.docsCommand, arguments: args };
    return this.client.showDocument && this.links.docs.href(meta) ? { title: 'Show documentation', command: SHOW_DOCS_COMMAND, arguments: args } : undefined;
  }

  /** How a document's messages are shown: paths relative to its workspace folder, files outside it noted (present.ts). */
  presentFor(uri: string): Presenter {
    const path = this.filePath(uri);
    return presenter(path === undefined ? undefined : this.config.rootOf(path), (p) => this.containment.folders.length > 0 && this.containment.where(p) !== 'inside');
  }

  /** A workspace file's findings, published without a version; undefined clears them. */
  publishFindings(uri: string, result: { findings: readonly Finding[] } | undefined): void {
    this.touch();
    const present = this.presentFor(uri);
    const diagnostics = result ? result.findings.map((f) => toDiagnostic(uri, f, this.client.relatedInformation, present, this.links)) : [];
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }

  /**
   * Files the client sent (see file-access.ts): lints that read them before they were here are
   * dropped; when nobody was waiting for them, the open documents and workspace files that read
   * them are linted again.
   */
  private filesArrived(paths: string[], background: boolean): void {
    for (const path of paths) {
      if (isConfigFile(path)) this.config.invalidate(path);
      const uris = this.cache.dependants(path);
      if (!background) continue;
      for (const uri of uris) this.events.schedule(uri);
      this.workspace.enqueue(this.workspace.dependants(path));
    }
  }

  /**
   * Re-lints the files whose last lint read `path` (a Dockerfile a Compose file builds, a .env…):
   * open documents at once, workspace files from disk in the background.
   */
  relintDependants(path: string, except?: string): void {
    for (const uri of this.cache.dependants(path, except)) this.events.schedule(uri);
    this.workspace.enqueue(this.workspace.dependants(path));
  }

  /** Every open document linted again (settings, trust, facts or a lock file changed). */
  relintOpen(): void {
    for (const doc of this.documents.all()) this.events.schedule(doc.uri);
  }

  /** A config's own problems, as diagnostics on it (its buffer's when open); cleared when it is gone. */
  publishConfig(path: string): void {
    void this.access
      .settle(() => this.config.diagnostics(path))
      .then((diagnostics) => {
        const open = this.openAt(path);
        const uri = open?.uri ?? this.workspace.uriOf(path);
        void this.connection.sendDiagnostics({ uri, version: open?.version, diagnostics: diagnostics ?? [] });
      });
  }

  /** `fn` with every error caught and logged: a handler never takes the server down. */
  safely<A extends unknown[], R>(name: string, fallback: R, fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (e) {
        this.connection.console.error(`${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return fallback;
      }
    };
  }
}
