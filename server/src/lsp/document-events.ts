/**
 * What keeps the diagnostics current: documents opened, edited, saved and closed, files changed on
 * disk (`workspace/didChangeWatchedFiles`) and settings changed. `bosun.run: onSave` lints a
 * document when it is opened and saved, not on every change.
 */
import { FileChangeType } from 'vscode-languageserver';
import type { ConfigFiles } from './config-files.js';
import { isConfigFile } from './config.js';
import { uriPath } from './documents.js';
import type { ServerState } from './server-state.js';
import type { Settings } from './settings.js';

export function handleDocumentEvents(s: ServerState, schedule: (uri: string) => void, configs: ConfigFiles): void {
  const { connection, documents, workspace } = s;
  const opening = new Set<string>();
  documents.onDidOpen((e) => opening.add(e.document.uri));
  documents.onDidChangeContent((e) => {
    const { uri } = e.document;
    s.facts.noteEdit();
    const path = s.filePath(uri);
    const opened = opening.delete(uri);
    if (path && isConfigFile(path)) {
      if (opened) s.publishConfig(path);
      else configs.bufferChanged(path);
      return;
    }
    void s.settings.get(uri).then((settings: Settings) => {
      if (opened || settings.run === 'onType') schedule(uri);
    });
    s.relintDependants(uriPath(uri), uri);
  });
  documents.onDidSave((e) => {
    void s.settings.get(e.document.uri).then((settings: Settings) => {
      if (settings.run === 'onSave') schedule(e.document.uri);
    });
  });
  connection.onDidChangeWatchedFiles(
    s.safely('didChangeWatchedFiles', undefined, async (params) => {
      for (const change of params.changes) {
        const path = s.filePath(change.uri);
        if (path === undefined) continue;
        s.access.forget(path); // what the client sent of it is stale now
        if (!isConfigFile(path)) s.relintDependants(path);
      }
      const lockChanged = params.changes.some((c) => {
        const path = s.filePath(c.uri);
        return path !== undefined && s.facts.fileChanged(path);
      });
      if (lockChanged) {
        // A lock file (or the config naming it) changed: every lint may read other facts now.
        s.relintOpen();
        workspace.enqueue(workspace.all().map((e) => e.path));
      }
      await workspace.onFileEvents(params.changes);
    }),
  );
  documents.onDidClose((e) => {
    const { uri } = e.document;
    const path = s.filePath(uri);
    s.cache.delete(uri);
    s.facts.forget(uri);
    opening.delete(uri);
    s.relintDependants(uriPath(uri), uri);
    s.settings.forget(uri);
    if (path && isConfigFile(path)) {
      // The disk is what counts again (unsaved edits are gone).
      configs.changed(path, FileChangeType.Changed);
      return;
    }
    // A workspace file keeps its findings: re-linted from disk; any other file is cleared.
    if (path && workspace.has(path)) workspace.enqueue([path], true);
    else void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    s.settings.forget();
    s.pins.forgetSettings();
    s.facts.stopFetching(); // re-requested by the lints below, under the new settings
    s.relintOpen();
    // files.exclude may have changed: find the files again (which re-lints them all).
    void workspace.rescanAll();
  });
}
