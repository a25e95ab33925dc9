/**
 * Bosun language server: wiring only. Runs over Node IPC (from the extension) or `--stdio`.
 * Every handler catches and logs: one bad rule or one bad file never takes the server down.
 */
import {
  CodeActionKind,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../rules/api.js';
import { FIX_ALL_KIND, codeActions } from './lsp/code-actions.js';
import { toDiagnostic } from './lsp/convert.js';
import { LintCache, type Linted, documentFiles, languageOf, uriPath } from './lsp/documents.js';
import { hover } from './lsp/hover.js';
import { PinDigests } from './lsp/pin-digest.js';
import { SettingsCache } from './lsp/settings.js';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol.js';
import { VERSION } from './version.js';

function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const cache = new LintCache();
  // Cross-file rules read other files through this: open documents first, then the disk.
  const files = documentFiles(documents);
  const pins = new PinDigests(connection, documents);
  const client = { relatedInformation: false, documentChanges: false, dynamicConfiguration: false, watchedFiles: false };

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
    pins.initialize(params);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, ...pins.codeActionKinds], resolveProvider: true },
        executeCommandProvider: { commands: pins.commands },
        hoverProvider: true,
      },
      serverInfo: { name: 'bosun', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (client.dynamicConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'bosun' });
    }
    if (client.watchedFiles) {
      // Files other files depend on (Dockerfiles, Compose files, .env, ignore files): a change re-lints the dependants.
      const globPattern = '**/{*[dD]ockerfile*,*[cC]ontainerfile*,*.yml,*.yaml,.env,.env.*,*.env,.dockerignore,.gitignore}';
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] });
    }
  });

  /** The lint of the document's current version, with that document's settings. */
  const lintCurrent = async (uri: string): Promise<Linted | undefined> => {
    const doc = documents.get(uri);
    if (!doc || !languageOf(doc)) return undefined;
    const s = await settings.get(uri);
    const current = documents.get(uri);
    if (!s.enable || !current) return undefined;
    const version = current.version;
    return cache.get(current, {
      levels: s.rules,
      optionsKey: JSON.stringify(s.rules),
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

  /** Re-lints the open documents whose last lint read `path` (a Dockerfile a Compose file builds…). */
  const relintDependants = (path: string, except?: string) => {
    for (const uri of cache.dependants(path, except)) schedule(uri);
  };
  documents.onDidChangeContent((e) => {
    schedule(e.document.uri);
    relintDependants(uriPath(e.document.uri), e.document.uri);
  });
  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) relintDependants(uriPath(change.uri));
  });
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    relintDependants(uriPath(e.document.uri), e.document.uri);
    settings.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.forget();
    pins.forgetSettings();
    for (const doc of documents.all()) schedule(doc.uri);
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
  connection.onExecuteCommand((params, token) => pins.executeCommand(params, token));

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
