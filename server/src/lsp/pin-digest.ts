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
import { isScalar } from 'yaml';
import { type ComposeModel, type DockerfileModel, type Finding, type LintResult, lintText, type NormalisedRef, parseNormalisedRef } from '../../../rules/api.js';
import { DigestCache } from '../registry/cache.js';
import { RegistryClient, type Resolved } from '../registry/client.js';
import { DEFAULT_REGISTRY_SETTINGS, type RegistrySettings, sanitiseRegistrySettings } from './registry-settings.js';
import { RegistryError } from '../registry/errors.js';
import { languageOf, uriPath } from './documents.js';
import { toDiagnostic } from './convert.js';

/** Findings whose quick-fix list offers "Pin to digest" (unpinned, untagged or `latest` images). */
const PIN_CODES = new Set(['DF070', 'DF003', 'DC070', 'DC053']);
export const PIN_SOURCE_KIND = `${CodeActionKind.Source}.bosun.pinDigests`;
export const PIN_ALL_COMMAND = 'bosun.server.pinAllImages';
export const PIN_COMMAND = 'bosun.server.pinImage';
export const TRUST_NOTIFICATION = 'bosun/workspaceTrust';
const UNTRUSTED = 'Bosun does not contact registries in an untrusted workspace (Restricted Mode). Trust the workspace to pin images.';

export { DEFAULT_REGISTRY_SETTINGS, type RegistrySettings, sanitiseRegistrySettings } from './registry-settings.js';

// ---------------------------------------------------------------------------------------------
// Where images are written, and what the fix would write there
// ---------------------------------------------------------------------------------------------

export interface PinTarget {
  /** Offsets of the reference text to replace (inside the quotes of a quoted YAML value). */
  start: number;
  end: number;
  /** The text at [start, end) when the target was computed. */
  written: string;
  ref?: NormalisedRef;
  /** Why this one cannot be pinned (ARG or variable reference, block scalar, invalid name). */
  blocked?: string;
  /** Compose services that use this value. */
  services: string[];
}

function variables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]))];
}

function target(start: number, end: number, written: string, services: string[]): PinTarget | undefined {
  const t: PinTarget = { start, end, written, services };
  const parsed = parseNormalisedRef(written);
  if (parsed.ok && parsed.ref.digest) return undefined; // already pinned
  if (parsed.ok) t.ref = parsed.ref;
  else t.blocked = `"${written}" is not an image reference docker accepts (${parsed.error})`;
  return t;
}

function dockerfileTargets(model: DockerfileModel): PinTarget[] {
  const out: PinTarget[] = [];
  for (const stage of model.stages) {
    const base = stage.base;
    if (base.kind !== 'image' || base.image?.digest) continue;
    const written = model.file.text.slice(base.span.start, base.span.end);
    if (written.includes('$')) {
      const names = variables(written);
      out.push({
        start: base.span.start,
        end: base.span.end,
        written,
        services: [],
        blocked: `FROM ${written} uses ARG ${names.join(', ')}; Bosun leaves ARG references alone. Pin the ARG's default value (ARG ${names[0]}=…@sha256:…) instead.`,
      });
      continue;
    }
    const t = target(base.span.start, base.span.end, written, []);
    if (t) out.push(t);
  }
  return out;
}

function composeTargets(model: ComposeModel): PinTarget[] {
  const byStart = new Map<number, PinTarget>();
  const text = model.file.text;
  for (const svc of model.services) {
    const entry = svc.get('image');
    if (!entry || svc.get('build')) continue;
    const node = model.resolve(entry.value);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    const seen = byStart.get(node.range[0]);
    if (seen) {
      seen.services.push(svc.name);
      continue;
    }
    let [start, end] = node.range;
    let blocked: string | undefined;
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
      start++;
      end--;
      if (text.slice(start, end) !== node.value) blocked = `the image of service ${svc.name} is written with escape sequences; pin it by hand`;
    } else if (node.type !== 'PLAIN') {
      blocked = `the image of service ${svc.name} is a block scalar; pin it by hand`;
    }
    const written = text.slice(start, end);
    if (!blocked && written.includes('$')) {
      blocked = `the image of service ${svc.name} uses variable interpolation (${variables(written).join(', ')}); Bosun leaves it alone. Pin the value where the variable is set instead.`;
    }
    const t = blocked ? { start, end, written, services: [svc.name], blocked } : target(start, end, written, [svc.name]);
    if (t) byStart.set(node.range[0], t);
  }
  return [...byStart.values()];
}

/** Every image reference of the file that the fix could pin (or explain why not). */
export function pinTargets(result: LintResult): PinTarget[] {
  if (result.model === undefined) return [];
  if (result.languageId === 'dockerfile') return dockerfileTargets(result.model as DockerfileModel);
  if (result.languageId === 'compose') return composeTargets(result.model as ComposeModel);
  return [];
}

/** `node` → `node:latest@sha256:…`; `node:20` → `node:20@sha256:…` (the written name is kept as is). */
export function pinnedText(written: string, ref: NormalisedRef, digest: string): string {
  return `${written}${ref.tag ? '' : ':latest'}@${digest}`;
}

function shortDigest(digest: string): string {
  return `${digest.slice(0, digest.indexOf(':') + 13)}…`;
}

/** What the quick fix says before it knows the digest, naming the tag it will resolve. */
export function pinTitle(ref: NormalisedRef): string {
  const where = ref.domain;
  if (!ref.tag) return `Pin to latest@sha256:… (no tag written, so docker uses latest; resolves it now in ${where})`;
  if (ref.tag === 'latest') return `Pin to latest@sha256:… (resolves the tag latest now in ${where})`;
  return `Pin to ${ref.tag}@sha256:… (digest from ${where})`;
}

// ---------------------------------------------------------------------------------------------
// The language-server side
// ---------------------------------------------------------------------------------------------

interface PinItem {
  start: number;
  end: number;
  written: string;
}

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

interface Outcome {
  item: PinItem;
  resolved?: Resolved;
  error?: string;
  kind?: string;
}

export interface PinResult {
  pinned: { reference: string; digest: string; tag: string; source: string; ms: number }[];
  failed: { reference: string; error: string; kind?: string }[];
  skipped: { reference: string; reason: string }[];
  /** Milliseconds for the whole request. */
  ms: number;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Where the items computed on `before` are in `now`'s text, or nothing for those an edit touched.
 * The edits between the two versions lie between the texts' common prefix and suffix; an item
 * entirely outside that region moves with it, and must still be a pin target of the new text (same
 * offsets, same words: typing right after a reference would otherwise extend it).
 */
function placeItems(before: string, now: TextDocument, items: PinItem[]): Map<PinItem, PinItem> {
  const placed = new Map<PinItem, PinItem>();
  const after = now.getText();
  if (after === before) {
    for (const item of items) placed.set(item, item);
    return placed;
  }
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const shift = after.length - before.length;
  const moved = new Map<PinItem, PinItem>();
  for (const item of items) {
    if (item.end <= prefix) moved.set(item, item);
    else if (item.start >= before.length - suffix) moved.set(item, { ...item, start: item.start + shift, end: item.end + shift });
  }
  if (!moved.size) return placed;
  const language = languageOf(now);
  const targets = language ? pinTargets(lintText(uriPath(now.uri), after, language, { only: [] })) : [];
  for (const [item, at] of moved) {
    if (targets.some((t) => !t.blocked && t.start === at.start && t.end === at.end && t.written === at.written)) placed.set(item, at);
  }
  return placed;
}

function abortSignal(token: CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  else token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}

export class PinDigests {
  /** Until the client says otherwise (VS Code always does), a workspace is trusted: other editors have no such notion. */
  private trusted = true;
  private client = new RegistryClient(new DigestCache(undefined));
  private caps = { resolve: false, disabled: false, documentChanges: false, configuration: false, applyEdit: false };
  /** The workspace folders' paths: credential helpers are never run from inside them. */
  private folders: string[] = [];

  readonly codeActionKinds = [PIN_SOURCE_KIND];
  readonly commands = [PIN_ALL_COMMAND, PIN_COMMAND];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    connection.onNotification(TRUST_NOTIFICATION, (p: { trusted?: unknown } | undefined) => {
      const was = this.trusted;
      this.trusted = p?.trusted === true;
      if (was !== this.trusted) for (const listener of this.trustListeners) listener(this.trusted);
    });
  }

  private readonly trustListeners: ((trusted: boolean) => void)[] = [];

  /** Workspace trust granted or withdrawn (image facts start or stop fetching). */
  onTrustChanged(listener: (trusted: boolean) => void): void {
    this.trustListeners.push(listener);
  }

  initialize(params: InitializeParams): void {
    const caps = params.capabilities;
    const ca = caps.textDocument?.codeAction;
    this.caps = {
      resolve: !!ca?.resolveSupport?.properties?.includes('edit'),
      disabled: !!ca?.disabledSupport,
      documentChanges: !!caps.workspace?.workspaceEdit?.documentChanges,
      configuration: !!caps.workspace?.configuration,
      applyEdit: !!caps.workspace?.applyEdit,
    };
    const o = (params.initializationOptions ?? {}) as { workspaceTrusted?: unknown; globalStoragePath?: unknown };
    this.trusted = o.workspaceTrusted !== false;
    const dir = typeof o.globalStoragePath === 'string' && o.globalStoragePath ? o.globalStoragePath : undefined;
    this.client = new RegistryClient(new DigestCache(dir));
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []);
    this.setWorkspaceFolders(folders.filter((f) => f.uri.startsWith('file:')).map((f) => uriPath(f.uri)));
  }

  setWorkspaceFolders(paths: string[]): void {
    this.folders = [...paths];
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  /** Settings for listing actions (cached per document until the configuration changes). */
  private readonly cachedSettings = new Map<string, Promise<RegistrySettings>>();

  forgetSettings(): void {
    this.cachedSettings.clear();
  }

  /** Fresh settings (resolve and commands read them again: the user may have just changed them). */
  async settings(uri: string): Promise<RegistrySettings> {
    if (!this.caps.configuration) return DEFAULT_REGISTRY_SETTINGS;
    try {
      return sanitiseRegistrySettings(await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'bosun.registry' }));
    } catch {
      return DEFAULT_REGISTRY_SETTINGS;
    }
  }

  /**
   * The pin actions of one code-action request (no network): quick fixes per finding, the source
   * action for the whole file. Undefined when the feature is off.
   */
  /** `bosun.registry.*` for a resource, asked once until the configuration changes (listing actions, linting). */
  cachedSettingsFor(uri: string): Promise<RegistrySettings> {
    let cached = this.cachedSettings.get(uri);
    if (!cached) {
      if (this.cachedSettings.size > 256) this.cachedSettings.clear();
      this.cachedSettings.set(uri, (cached = this.settings(uri)));
    }
    return cached;
  }

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
      if (!this.trusted) {
        if (!this.caps.disabled) return undefined;
        action.disabled = { reason: UNTRUSTED };
        return action;
      }
      if (this.caps.resolve) action.data = data(items);
      else action.command = { title, command: PIN_COMMAND, arguments: [data(items)] };
      return action;
    };
    const findTarget = (finding: Finding) => {
      const service = finding.report?.data?.service;
      if (result.languageId === 'compose' && typeof service === 'string') return targets.find((t) => t.services.includes(service));
      return targets.find((t) => t.start < finding.span.end && finding.span.start < t.end);
    };
    return {
      quickFixes: (finding: Finding): CodeAction[] => {
        if (!PIN_CODES.has(finding.code)) return [];
        const t = findTarget(finding);
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
        // The model only (no rule needs to run): the command pins every image, whatever the rule levels.
        const result = lintText(uriPath(doc.uri), doc.getText(), language, { only: [] });
        const targets = pinTargets(result);
        const skipped = targets.filter((t) => t.blocked).map((t) => ({ reference: t.written, reason: t.blocked! }));
        const pinnable = targets.filter((t) => !t.blocked);
        if (pinnable.length === 0) {
          this.notify(MessageType.Info, skipped.length ? `Bosun: no image to pin here. ${skipped.map((s) => s.reason).join(' ')}` : 'Bosun: every image in this file is already pinned by digest.');
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
    const settings = await this.settings(data.uri);
    const done = (edit?: WorkspaceEdit) => ((result.ms = performance.now() - t0), { edit, result });
    if (!settings.enabled) {
      this.notify(MessageType.Info, 'Bosun: pinning to digests is turned off (bosun.registry.enabled).');
      return done();
    }
    if (!this.trusted) {
      this.notify(MessageType.Warning, `Bosun: ${UNTRUSTED}`);
      return done();
    }
    const doc = this.documents.get(data.uri);
    if (!doc || doc.version !== data.version) {
      this.notify(MessageType.Warning, 'Bosun: the file changed since the fix was offered; ask for it again.');
      return done();
    }
    const text = doc.getText();
    const signal = abortSignal(token);
    // One lookup per distinct reference, however often the file names it.
    const lookups = new Map<string, Promise<Resolved>>();
    const outcomes = await mapLimit(data.items, 4, async (item): Promise<Outcome> => {
      if (text.slice(item.start, item.end) !== item.written) return { item, error: 'the text changed; ask for the fix again' };
      const parsed = parseNormalisedRef(item.written);
      if (!parsed.ok) return { item, error: parsed.error };
      const key = `${parsed.ref.name}:${parsed.ref.tag ?? 'latest'}`;
      let p = lookups.get(key);
      if (!p) {
        p = this.client.resolve(parsed.ref, { ...settings, signal, workspaceFolders: this.folders });
        lookups.set(key, p);
      }
      try {
        return { item, resolved: await p };
      } catch (e) {
        return { item, error: e instanceof Error ? e.message : String(e), kind: e instanceof RegistryError ? e.kind : undefined };
      }
    });
    // The lookups took a while: the user may have typed. Edits are made for the text as it is now.
    const now = this.documents.get(data.uri);
    const placed = now ? placeItems(text, now, outcomes.filter((o) => o.resolved).map((o) => o.item)) : new Map<PinItem, PinItem>();
    const edits: TextEdit[] = [];
    for (const o of outcomes) {
      const at = placed.get(o.item);
      if (o.resolved && !at) {
        result.failed.push({ reference: o.item.written, error: 'the text changed; ask for the fix again' });
      } else if (o.resolved && at && now) {
        const ref = parseNormalisedRef(o.item.written);
        if (!ref.ok) continue;
        edits.push({
          range: { start: now.positionAt(at.start), end: now.positionAt(at.end) },
          newText: pinnedText(o.item.written, ref.ref, o.resolved.digest),
        });
        const r = o.resolved;
        result.pinned.push({ reference: o.item.written, digest: r.digest, tag: r.ref.tag, source: r.source, ms: Math.round(r.ms * 10) / 10 });
        this.connection.console.info(
          `pin: ${r.ref.familiar}:${r.ref.tag} → ${r.digest} (${r.isIndex ? 'image index' : 'manifest'}, ${r.source === 'cache' ? `cache, ${Math.round(r.ageMs / 1000)} s old${r.stale ? ', stale (offline)' : ''}` : `${r.endpoint}, ${r.auth}`}, ${Math.round(r.ms)} ms)`,
        );
      } else {
        result.failed.push({ reference: o.item.written, error: o.error ?? 'unknown error', kind: o.kind });
      }
    }
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
