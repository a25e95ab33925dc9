/**
 * "Pin to digest": rewrite `FROM node:20` / `image: redis` to `name:tag@sha256:…`, with the digest
 * the image's own registry serves now.
 *
 * The network is used only when the user picks the fix: the code action is listed without an edit
 * and computed in `codeAction/resolve` (or, for clients without resolve support, by a command that
 * applies the edit with `workspace/applyEdit`). Nothing happens in an untrusted workspace, with
 * `bosun.registry.enabled: false`, or (beyond the cache) with `bosun.registry.offline: true`.
 * Diagnostics and other requests never wait for a registry: resolution is async and cancellable.
 *
 * Handlers hold no state about documents: everything a resolve needs travels in the action's
 * `data` (offsets, the text they cover, the document version) and is checked against the document.
 */
import {
  type CancellationToken,
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
  type InitializeParams,
  MessageType,
  ShowMessageNotification,
  TextDocumentEdit,
  type TextDocuments,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Finding, type LintResult, lintText } from '../../../rules/api.js';
import { DigestCache } from '../registry/cache.js';
import { RegistryClient } from '../registry/client.js';
import { type PinItem, type PinResult, describeResolution, runPins } from '../registry/pin-resolve.js';
import { type PinTarget, offersPin, pinTargets, pinTitle, shortDigest, targetOfFinding } from '../registry/pin-targets.js';
import { type RegistrySettings, RegistrySettingsSource } from './registry-settings.js';
import { WorkspaceTrust } from './workspace-trust.js';
import { PIN_ALL_COMMAND } from '../protocol.js';
import { languageOf, uriPath } from './documents.js';
import { toDiagnostic } from './convert.js';

export const PIN_SOURCE_KIND = `${CodeActionKind.Source}.bosun.pinDigests`;
export const PIN_COMMAND = 'bosun.server.pinImage';
const UNTRUSTED = 'Bosun does not contact registries in an untrusted workspace (Restricted Mode). Trust the workspace to pin images.';

interface PinData {
  bosunPin: 1;
  uri: string;
  version: number;
  items: PinItem[];
}

function isPinData(d: unknown): d is PinData {
  const o = d as PinData | undefined;
  return !!o && o.bosunPin === 1 && typeof o.uri === 'string' && typeof o.version === 'number' && Array.isArray(o.items);
}

/** The pin targets of a document's current text (its model only: no rule needs to run). */
function targetsOf(doc: TextDocument): PinTarget[] {
  const language = languageOf(doc);
  return language ? pinTargets(lintText(uriPath(doc.uri), doc.getText(), language, { only: [] })) : [];
}

function abortSignal(token: CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  else token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}

export class PinDigests {
  private readonly trust: WorkspaceTrust;
  private readonly registrySettings: RegistrySettingsSource;
  private client = new RegistryClient(new DigestCache(undefined));
  private caps = { resolve: false, disabled: false, documentChanges: false, applyEdit: false };
  /** The workspace folders' paths: credential helpers are never run from inside them. */
  private folders: string[] = [];

  readonly codeActionKinds = [PIN_SOURCE_KIND];
  readonly commands = [PIN_ALL_COMMAND, PIN_COMMAND];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    this.trust = new WorkspaceTrust(connection);
    this.registrySettings = new RegistrySettingsSource((uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'bosun.registry' }));
  }

  /** Workspace trust granted or withdrawn (image facts start or stop fetching). */
  onTrustChanged(listener: (trusted: boolean) => void): void {
    this.trust.onChanged(listener);
  }

  initialize(params: InitializeParams): void {
    const caps = params.capabilities;
    const ca = caps.textDocument?.codeAction;
    this.caps = {
      resolve: !!ca?.resolveSupport?.properties?.includes('edit'),
      disabled: !!ca?.disabledSupport,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      applyEdit: !!caps.workspace?.applyEdit,
    };
    this.registrySettings.supported = !!caps.workspace?.configuration;
    this.trust.initialize(params.initializationOptions);
    const o = (params.initializationOptions ?? {}) as { globalStoragePath?: unknown };
    const dir = typeof o.globalStoragePath === 'string' && o.globalStoragePath ? o.globalStoragePath : undefined;
    this.client = new RegistryClient(new DigestCache(dir));
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []);
    this.setWorkspaceFolders(folders.filter((f) => f.uri.startsWith('file:')).map((f) => uriPath(f.uri)));
  }

  setWorkspaceFolders(paths: string[]): void {
    this.folders = [...paths];
  }

  get isTrusted(): boolean {
    return this.trust.isTrusted;
  }

  forgetSettings(): void {
    this.registrySettings.forget();
  }

  /** `bosun.registry.*` for a resource, asked once until the configuration changes (listing actions, linting). */
  cachedSettingsFor(uri: string): Promise<RegistrySettings> {
    return this.registrySettings.cachedFor(uri);
  }

  /**
   * The pin actions of one code-action request (no network): quick fixes per finding, the source
   * action for the whole file. Undefined when the feature is off.
   */
  async forDocument(doc: TextDocument, result: LintResult) {
    const settings = await this.cachedSettingsFor(doc.uri);
    if (!settings.enabled) return undefined;
    const targets = pinTargets(result);
    const pinnable = targets.filter((t) => !t.blocked);
    const offered = new Set<PinTarget>();
    const data = (items: PinTarget[]): PinData => ({
      bosunPin: 1,
      uri: doc.uri,
      version: doc.version,
      items: items.map(({ start, end, written }) => ({ start, end, written })),
    });
    const lazy = (title: string, kind: string, items: PinTarget[], diagnostic?: Diagnostic): CodeAction | undefined => {
      const action: CodeAction = { title, kind };
      if (diagnostic) action.diagnostics = [diagnostic];
      if (!this.trust.isTrusted) {
        if (!this.caps.disabled) return undefined;
        action.disabled = { reason: UNTRUSTED };
        return action;
      }
      if (this.caps.resolve) action.data = data(items);
      else action.command = { title, command: PIN_COMMAND, arguments: [data(items)] };
      return action;
    };
    return {
      quickFixes: (finding: Finding): CodeAction[] => {
        if (!offersPin(finding.code)) return [];
        const t = targetOfFinding(result, targets, finding);
        if (!t || offered.has(t)) return [];
        offered.add(t);
        const diagnostic = toDiagnostic(doc.uri, finding, false);
        if (t.blocked) {
          return this.caps.disabled ? [{ title: 'Pin to digest', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason: t.blocked } }] : [];
        }
        const actions: CodeAction[] = [];
        const one = lazy(pinTitle(t.ref!), CodeActionKind.QuickFix, [t], diagnostic);
        if (one) actions.push(one);
        if (pinnable.length > 1) {
          const all = lazy(`Pin all ${pinnable.length} images in this file to digests`, CodeActionKind.QuickFix, pinnable, diagnostic);
          if (all) actions.push(all);
        }
        return actions;
      },
      sourceActions: (only: string[] | undefined): CodeAction[] => {
        const wants = only?.some((o) => PIN_SOURCE_KIND === o || PIN_SOURCE_KIND.startsWith(`${o}.`));
        if (!wants || pinnable.length === 0) return [];
        const a = lazy(`Pin all images in this file to digests (${pinnable.length})`, PIN_SOURCE_KIND, pinnable);
        return a ? [a] : [];
      },
    };
  }

  /** `codeAction/resolve`: looks the digests up now and fills in the edit. Never throws. */
  async resolveAction(action: CodeAction, token?: CancellationToken): Promise<CodeAction> {
    if (!isPinData(action.data)) return action;
    try {
      const { edit } = await this.pin(action.data, token);
      if (edit) action.edit = edit;
    } catch (e) {
      this.connection.console.error(`pin to digest failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    return action;
  }

  /** `workspace/executeCommand` for the pin commands. */
  async executeCommand(params: ExecuteCommandParams, token?: CancellationToken): Promise<PinResult | undefined> {
    try {
      if (params.command === PIN_COMMAND && isPinData(params.arguments?.[0])) {
        const { edit, result } = await this.pin(params.arguments[0], token);
        if (edit) await this.apply(edit, 'Pin image to digest');
        return result;
      }
      if (params.command === PIN_ALL_COMMAND) {
        const arg = params.arguments?.[0] as string | { uri?: string } | undefined;
        const uri = typeof arg === 'string' ? arg : arg?.uri;
        const doc = uri ? this.documents.get(uri) : undefined;
        if (!doc) {
          this.notify(MessageType.Warning, 'Bosun: open a Dockerfile or Compose file to pin its images.');
          return undefined;
        }
        const language = languageOf(doc);
        if (!language) {
          this.notify(MessageType.Warning, 'Bosun: this file is neither a Dockerfile nor a Compose file.');
          return undefined;
        }
        // Every image, whatever the rule levels.
        const targets = targetsOf(doc);
        const skipped = targets.filter((t) => t.blocked).map((t) => ({ reference: t.written, reason: t.blocked! }));
        const pinnable = targets.filter((t) => !t.blocked);
        if (pinnable.length === 0) {
          this.notify(
            MessageType.Info,
            skipped.length ? `Bosun: no image to pin here. ${skipped.map((s) => s.reason).join(' ')}` : 'Bosun: every image in this file is already pinned by digest.',
          );
          return { pinned: [], failed: [], skipped, ms: 0 };
        }
        const data: PinData = { bosunPin: 1, uri: doc.uri, version: doc.version, items: pinnable.map(({ start, end, written }) => ({ start, end, written })) };
        const { edit, result: r } = await this.pin(data, token, true);
        if (edit) await this.apply(edit, 'Pin all images to digests');
        r.skipped.push(...skipped);
        return r;
      }
    } catch (e) {
      this.connection.console.error(`${params.command} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    return undefined;
  }

  private async apply(edit: WorkspaceEdit, label: string): Promise<void> {
    if (!this.caps.applyEdit) return;
    const r = await this.connection.workspace.applyEdit({ label, edit });
    if (!r.applied) this.notify(MessageType.Warning, `Bosun could not apply the pinned digests${r.failureReason ? `: ${r.failureReason}` : ''}.`);
  }

  private notify(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  /** Resolves every item of `data` and builds the edit; reports failures to the user. */
  private async pin(data: PinData, token: CancellationToken | undefined, summary = false): Promise<{ edit?: WorkspaceEdit; result: PinResult }> {
    const t0 = performance.now();
    const result: PinResult = { pinned: [], failed: [], skipped: [], ms: 0 };
    const settings = await this.registrySettings.fresh(data.uri);
    const done = (edit?: WorkspaceEdit) => {
      result.ms = performance.now() - t0;
      return { edit, result };
    };
    if (!settings.enabled) {
      this.notify(MessageType.Info, 'Bosun: pinning to digests is turned off (bosun.registry.enabled).');
      return done();
    }
    if (!this.trust.isTrusted) {
      this.notify(MessageType.Warning, `Bosun: ${UNTRUSTED}`);
      return done();
    }
    const doc = this.documents.get(data.uri);
    if (!doc || doc.version !== data.version) {
      this.notify(MessageType.Warning, 'Bosun: the file changed since the fix was offered; ask for it again.');
      return done();
    }
    const signal = abortSignal(token);
    // The lookups take a while: the user may type meanwhile. Edits are made for the text as it is then.
    let now: TextDocument | undefined;
    const run = await runPins({
      text: doc.getText(),
      items: data.items,
      resolve: (ref) => this.client.resolve(ref, { ...settings, signal, workspaceFolders: this.folders }),
      now: () => {
        const current = this.documents.get(data.uri);
        now = current;
        return current && { text: current.getText(), targets: () => targetsOf(current) };
      },
    });
    result.pinned.push(...run.result.pinned);
    result.failed.push(...run.result.failed);
    for (const r of run.resolutions) this.connection.console.info(describeResolution(r));
    const edits: TextEdit[] = now ? run.replacements.map((r) => ({ range: { start: now!.positionAt(r.start), end: now!.positionAt(r.end) }, newText: r.newText })) : [];
    if (result.failed.length) {
      const lines = result.failed.map((f) => `${f.reference}: ${f.error}`);
      this.notify(result.pinned.length ? MessageType.Warning : MessageType.Error, `Bosun could not pin ${lines.join('; ')}`);
    }
    if (result.pinned.length) {
      const latest = result.pinned.filter((p) => p.tag === 'latest');
      if (summary || latest.length) {
        const said = latest.map((p) => `${p.reference} → latest@${shortDigest(p.digest)}`);
        this.notify(
          MessageType.Info,
          `Bosun pinned ${result.pinned.length} image${result.pinned.length === 1 ? '' : 's'} to digests${said.length ? ` (resolved the tag latest: ${said.join(', ')})` : ''}.`,
        );
      }
    }
    if (!edits.length || !now) return done();
    // Stamped with the version the ranges were computed for: a client that has moved on refuses it.
    const edit: WorkspaceEdit = this.caps.documentChanges
      ? { documentChanges: [TextDocumentEdit.create({ uri: now.uri, version: now.version }, edits)] }
      : { changes: { [now.uri]: edits } };
    return done(edit);
  }
}
