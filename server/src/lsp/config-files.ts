/**
 * `.bosun.yaml` events: a config that appears, changes or goes away re-lints everything it may
 * govern (open documents and workspace files under its folder); typing in a config buffer shows its
 * own problems at once and re-lints the files it governs once typing pauses.
 */
import { FileChangeType } from 'vscode-languageserver';
import type { ServerState } from './server-state.js';

/** Typing in a config buffer: the files it governs are linted again after this pause. */
const CONFIG_EDIT_PAUSE_MS = 250;

export class ConfigFiles {
  private readonly edits = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly s: ServerState,
    private readonly schedule: (uri: string) => void,
  ) {}

  /** `type` undefined: found by a scan (its problems are shown; nothing else changed). */
  changed(path: string, type: FileChangeType | undefined): void {
    const s = this.s;
    if (type !== undefined) s.config.invalidate(path);
    if (type === FileChangeType.Deleted && !s.openAt(path)) void s.connection.sendDiagnostics({ uri: s.workspace.uriOf(path), diagnostics: [] });
    else s.publishConfig(path);
    if (type === undefined) return;
    const dir = path.slice(0, Math.max(1, path.lastIndexOf('/')));
    for (const doc of s.documents.all()) {
      const p = s.filePath(doc.uri);
      if (p && (dir === '/' || p.startsWith(`${dir}/`))) this.schedule(doc.uri);
    }
    s.workspace.enqueue(s.workspace.under(dir));
  }

  bufferChanged(path: string): void {
    this.s.config.invalidate(path);
    this.s.publishConfig(path);
    clearTimeout(this.edits.get(path));
    this.edits.set(
      path,
      setTimeout(() => {
        this.edits.delete(path);
        this.changed(path, FileChangeType.Changed);
      }, CONFIG_EDIT_PAUSE_MS),
    );
  }
}
