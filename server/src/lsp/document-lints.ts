/**
 * Open documents' lints: each changed document linted once per turn of the event loop, newest
 * version only, with that document's settings and `.bosun.yaml`; its diagnostics, the status item's
 * numbers and the base-image facts its images need follow each lint.
 */
import { STATUS_NOTIFICATION, type StatusParams } from '../protocol.js';
import { isConfigFile } from './config.js';
import { toDiagnostic } from './convert.js';
import { type Linted, languageOf } from './documents.js';
import type { ServerState } from './server-state.js';

export class DocumentLints {
  private readonly pending = new Set<string>();
  private scheduled = false;
  private readonly validate: (uri: string) => Promise<void>;

  constructor(private readonly s: ServerState) {
    this.validate = s.safely('validate', undefined, (uri: string) => this.validateNow(uri));
  }

  /** The lint of the document's current version, with that document's settings and `.bosun.yaml`. */
  async lintCurrent(uri: string): Promise<Linted | undefined> {
    const s = this.s;
    s.touch();
    const doc = s.documents.get(uri);
    if (!doc || !languageOf(doc)) return undefined;
    const settings = await s.settings.get(uri);
    if (!settings.enable) return undefined;
    const registry = await s.pins.cachedSettingsFor(uri);
    // Config and lint again until every file they read is here (the web reads through the client).
    return s.access.settle(
      () => {
        const current = s.documents.get(uri);
        if (!current) return undefined;
        const o = s.config.lintOptions(s.filePath(uri), settings);
        if (o.ignored) return undefined;
        const version = current.version;
        return s.cache.get(current, {
          ...o.options,
          imageFacts: s.facts.view(s.filePath(uri), registry),
          // New facts (or facts switched on or off) re-lint everything: unit findings depend on them.
          optionsKey: `${o.key}|facts ${s.facts.generation} ${registry.imageFacts}`,
          files: s.files,
          isCancelled: () => s.documents.get(uri)?.version !== version,
        });
      },
      (linted) => linted?.touched ?? [],
    );
  }

  /** Lints the document soon (once per turn of the event loop, however often it is asked). */
  schedule(uri: string): void {
    this.s.touch();
    this.pending.add(uri);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const uris = [...this.pending];
      this.pending.clear();
      for (const u of uris) void this.validate(u);
    });
  }

  private async validateNow(uri: string): Promise<void> {
    const s = this.s;
    const doc = s.documents.get(uri);
    if (!doc) return;
    const path = s.filePath(uri);
    if (path && isConfigFile(path)) {
      s.publishConfig(path); // a `.bosun.yaml` buffer: its own problems, never cleared as "not a Dockerfile"
      return;
    }
    const linted = await this.lintCurrent(uri);
    if (s.documents.get(uri)?.version !== doc.version) return; // a newer version is on its way
    if (!linted) {
      void s.connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [] });
      return;
    }
    if (linted.result.cancelled) return;
    const present = s.presentFor(uri);
    const diagnostics = linted.result.findings.map((f) => toDiagnostic(uri, f, s.client.relatedInformation, present, s.links));
    s.connection.sendDiagnostics({ uri, version: linted.version, diagnostics }).then(
      () => s.platform.published?.(() => this.scheduled),
      () => {},
    );
    s.facts.afterLint(uri, path, linted.result, s.files, await s.pins.cachedSettingsFor(uri));
    for (const e of linted.result.errors) s.connection.console.warn(`${uri}: ${e}`);
    if (!s.client.statusNotifications) return;
    const status: StatusParams = {
      uri,
      version: linted.version,
      rules: linted.result.timings.length,
      findings: linted.result.findings.length,
      ms: Math.round(linted.ms * 10) / 10,
      errors: linted.result.errors,
    };
    void s.connection.sendNotification(STATUS_NOTIFICATION, status);
  }
}
