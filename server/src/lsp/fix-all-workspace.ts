/**
 * "Fix all safe problems in the workspace": every workspace file and open document, safe fixes in
 * passes, one WorkspaceEdit (open documents versioned, files on disk by uri) applied through the
 * client, which previews it when it supports change annotations.
 */
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import type { Linted } from './documents.js';
import { FIX_ALL_LABEL, type WorkspaceFixSummary, type WorkspaceFixTarget, fixAllOf, workspaceFixEdit } from './fix-all.js';
import type { ServerState } from './server-state.js';

export async function fixAllWorkspace(s: ServerState, lintCurrent: (uri: string) => Promise<Linted | undefined>): Promise<WorkspaceFixSummary> {
  const { connection, documents, workspace, client } = s;
  await workspace.discovered(); // right after start-up, the scan may still be finding files
  const targets: WorkspaceFixTarget[] = [];
  const seen = new Set<string>();
  for (const doc of documents.all()) {
    const path = s.filePath(doc.uri);
    if (path) seen.add(path);
    // A buffer reached through a link out of the workspace is not edited unattended (containment.ts).
    if (path && s.containment.where(path) === 'escapes') continue;
    const linted = await lintCurrent(doc.uri);
    const current = documents.get(doc.uri);
    if (!linted || !current || linted.version !== current.version) continue;
    const fix = fixAllOf(linted.result);
    if (fix) targets.push({ uri: doc.uri, version: current.version, text: current.getText(), fix });
  }
  let n = 0;
  for (const e of workspace.all()) {
    if (seen.has(e.path) || s.openAt(e.path)) continue;
    // Files on disk are written by the editor: only regular files really inside a workspace folder.
    if (!s.containment.checkWrite(e.path).ok) continue;
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
}
