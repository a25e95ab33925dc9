/**
 * Workspace trust, as the client says it (VS Code's Restricted Mode): at start-up in the
 * initialization options, later by notification. Registries are contacted only in a trusted
 * workspace (Pin to digest, base-image facts).
 */
import type { Connection } from 'vscode-languageserver';
import { TRUST_NOTIFICATION } from '../protocol.js';

export class WorkspaceTrust {
  /** Until the client says otherwise (VS Code always does), a workspace is trusted: other editors have no such notion. */
  private trusted = true;
  private readonly listeners: ((trusted: boolean) => void)[] = [];

  constructor(connection: Connection) {
    connection.onNotification(TRUST_NOTIFICATION, (p: { trusted?: unknown } | undefined) => {
      const was = this.trusted;
      this.trusted = p?.trusted === true;
      if (was !== this.trusted) for (const listener of this.listeners) listener(this.trusted);
    });
  }

  /** `initializationOptions.workspaceTrusted`: only an explicit `false` distrusts. */
  initialize(initializationOptions: unknown): void {
    const o = (initializationOptions ?? {}) as { workspaceTrusted?: unknown };
    this.trusted = o.workspaceTrusted !== false;
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  /** Trust granted or withdrawn (image facts start or stop fetching). */
  onChanged(listener: (trusted: boolean) => void): void {
    this.listeners.push(listener);
  }
}
