/**
 * What the extension does when its language server dies: restart it a few times, quietly (a line
 * in the output, no popup), and when it keeps dying, stop and say so once, with a way to look at
 * the output and to try again. Pure (no vscode import) so it is tested as it is.
 */

export interface CrashDecision {
  restart: boolean;
  /** For the output channel, every time. */
  log: string;
  /** For the user, once until the next manual restart. */
  notify?: string;
}

export class RestartPolicy {
  private crashes: number[] = [];
  private toldUser = false;

  constructor(
    /** Restarts allowed within the window; one more crash and the server stays stopped. */
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** The connection to the server closed without the extension asking for it. */
  closed(now = Date.now()): CrashDecision {
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    const minutes = Math.round(this.windowMs / 60_000);
    if (this.crashes.length <= this.maxRestarts) {
      return {
        restart: true,
        log: `The Bosun language server stopped unexpectedly; restarting it (${this.crashes.length} of ${this.maxRestarts} restarts allowed within ${minutes} minutes).`,
      };
    }
    const log = `The Bosun language server stopped ${this.crashes.length} times within ${minutes} minutes; it is not restarted again.`;
    return { restart: false, log, notify: this.once(`${log} Its output may say why. Run "Bosun: Restart language server" to try again.`) };
  }

  /** The connection reports errors (`count` in a row): go on for a few, then shut the server down. */
  errored(count: number | undefined, detail: string): { shutdown: boolean; log: string; notify?: string } {
    if (count !== undefined && count <= 3) return { shutdown: false, log: `Bosun language server connection error (${count} in a row): ${detail}` };
    const log = `The connection to the Bosun language server keeps failing (${detail}); it was shut down.`;
    return { shutdown: true, log, notify: this.once(`${log} Run "Bosun: Restart language server" to try again.`) };
  }

  /** The user restarted the server: count afresh, and tell them again if it keeps failing. */
  reset(): void {
    this.crashes = [];
    this.toldUser = false;
  }

  private once(message: string): string | undefined {
    if (this.toldUser) return undefined;
    this.toldUser = true;
    return message;
  }
}
