/**
 * Base-image facts in the editor. Linting reads them from memory only — the workspace folder's lock
 * file first (what CI reads), then the cache — so typing never waits on a registry. The cache is
 * filled in the background: after an open document's lint, once its image references have been
 * still for a moment, the missing or stale ones are fetched (at most four at a time, with the usual
 * timeout) — only in a trusted workspace with `bosun.registry.enabled` and `bosun.registry.imageFacts`
 * on and not offline — and the documents that wanted them are linted again when they arrive.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { isMap, isScalar, parseDocument } from 'yaml';
import { type FilesView, type ImageFacts, type ImageFactsView, type LintResult, SourceText } from '../../../rules/api.js';
import { DigestCache } from '../registry/cache.js';
import { RegistryClient } from '../registry/client.js';
import { FactsCache } from '../registry/facts-cache.js';
import { FactsFetcher } from '../registry/facts-fetcher.js';
import { DEFAULT_LOCK_MAX_AGE_DAYS, type FactsLock, factsView, lockPathFor, readLock, staleLockEntries } from '../registry/facts-lock.js';
import { type FileImageSite, imageSitesOf } from '../registry/image-sites.js';
import { SOURCE } from './convert.js';
import type { RegistrySettings } from './registry-settings.js';

/** How long references must stay unchanged before their facts are fetched (typing `node:2` on the way to `node:20`). */
const SETTLE_MS = 400;
/** A failed fetch is not tried again for this long (a typo'd tag, a registry that is down). */
const RETRY_AFTER_MS = 5 * 60_000;
/** Facts arriving in a burst (a Compose file with many images) re-lint their documents once per this long… */
const RELINT_EVERY_MS = 250;
/** …and not while the user is typing (a full lint would compete with the keystroke's), for at most this long. */
const QUIET_MS = 400;
const MAX_HOLD_MS = 3000;

export interface ImageFactsHost {
  trusted(): boolean;
  /** The workspace folder holding a path, and the lock file settings of that folder's `.bosun.yaml`. */
  rootOf(path: string): string | undefined;
  lockSettings(root: string): { lockFile?: string; maxAgeDays?: number } | undefined;
  workspaceFolders(): string[];
  /** Facts arrived for documents that use them: lint them again. */
  arrived(uris: string[]): void;
  /** Diagnostics on a lock file (stale entries; one that cannot be read). */
  publishLock(path: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

interface LoadedLock {
  lock: FactsLock;
  maxAgeDays: number;
}

export class EditorImageFacts {
  private readonly fetcher: FactsFetcher;
  private cache: FactsCache;
  private readonly locks = new Map<string, LoadedLock>();
  private readonly failed = new Map<string, { until: number; error: string }>();
  private readonly settle = new Map<string, NodeJS.Timeout>();
  /**
   * Per open document, the image sites of its last lint: worked out when its references have
   * settled or facts arrive, not on every keystroke (a walk over every stage or service).
   */
  private readonly wanted = new Map<string, () => FileImageSite[]>();
  /** Changes whenever facts a lint may read change (part of the lint cache's options key). */
  generation = 0;
  private readonly arrivedFor = new Set<string>();
  /** Facts fetched but not yet visible to lints: they become visible together, with a new generation. */
  private readonly arrived = new Map<string, ImageFacts>();
  private relintTimer: NodeJS.Timeout | undefined;
  private firstArrivalAt = 0;
  private lastEditAt = 0;

  constructor(private readonly host: ImageFactsHost) {
    this.fetcher = new FactsFetcher(new RegistryClient(new DigestCache(undefined)));
    this.cache = new FactsCache(undefined);
  }

  /** The extension's storage folder, where the cache is kept between sessions. */
  setStorage(dir: string | undefined): void {
    this.cache = new FactsCache(dir);
  }

  /** What lints of `path` read: the lock file of its folder, then (when allowed) the cache. */
  view(path: string | undefined, settings: RegistrySettings): ImageFactsView {
    const root = path === undefined ? undefined : this.host.rootOf(path);
    const lock = root === undefined ? undefined : this.lockOf(root).lock;
    return factsView(lock, settings.imageFacts ? this.cache : undefined);
  }

  /** Facts hover may show for a key (same order as lints). */
  lookup(path: string | undefined, key: string, settings: RegistrySettings): ImageFacts | undefined {
    return this.view(path, settings).get(key);
  }

  /** Why there are no facts for a key, when a fetch failed. */
  failure(key: string): string | undefined {
    return this.failed.get(key)?.error;
  }

  private lockOf(root: string): LoadedLock {
    let loaded = this.locks.get(root);
    if (!loaded) {
      const settings = this.host.lockSettings(root);
      loaded = { lock: readLock(lockPathFor(root, settings?.lockFile)), maxAgeDays: settings?.maxAgeDays ?? DEFAULT_LOCK_MAX_AGE_DAYS };
      this.locks.set(root, loaded);
      this.host.publishLock(loaded.lock.path, lockDiagnostics(loaded));
    }
    return loaded;
  }

  /** A file changed on disk: when it is a lock file (or a config naming one), read locks again. */
  fileChanged(path: string): boolean {
    const isLock = [...this.locks.values()].some((l) => l.lock.path === path) || /\/\.bosun\.ya?ml$/.test(path);
    if (!isLock) return false;
    this.locks.clear();
    this.generation++;
    return true;
  }

  /** After a lint of an open document: fetch what it lacks once its references settle. */
  afterLint(uri: string, path: string | undefined, result: LintResult, files: FilesView, settings: RegistrySettings): void {
    clearTimeout(this.settle.get(uri));
    this.settle.delete(uri);
    let sites: FileImageSite[] | undefined;
    const sitesOf = () => (sites ??= imageSitesOf(result, files));
    this.wanted.set(uri, sitesOf);
    if (!this.mayFetch(settings)) return;
    const timer = setTimeout(() => {
      this.settle.delete(uri);
      const keys = new Set(sitesOf().map((s) => s.key));
      if (keys.size) this.request(path, keys, settings);
    }, SETTLE_MS);
    timer.unref();
    this.settle.set(uri, timer);
  }

  forget(uri: string): void {
    clearTimeout(this.settle.get(uri));
    this.settle.delete(uri);
    this.wanted.delete(uri);
  }

  /** Trust withdrawn, fetching switched off: stop what is queued or running. */
  stopFetching(): void {
    for (const t of this.settle.values()) clearTimeout(t);
    this.settle.clear();
    this.fetcher.cancelAll();
  }

  /** A document was edited: facts that arrive now wait for a pause in typing. */
  noteEdit(): void {
    this.lastEditAt = Date.now();
  }

  /**
   * One re-lint per burst of arrivals, not one per image (a lint of a big file costs more than a
   * fetch), and held while the user types. Until then lints see the facts they saw before: the
   * findings of unchanged parts of a document, carried from lint to lint, stay consistent.
   */
  private relintSoon(): void {
    if (this.relintTimer) return;
    if (!this.firstArrivalAt) this.firstArrivalAt = Date.now();
    const now = Date.now();
    const typing = now - this.lastEditAt < QUIET_MS && now - this.firstArrivalAt < MAX_HOLD_MS;
    this.relintTimer = setTimeout(
      () => {
        this.relintTimer = undefined;
        if (Date.now() - this.lastEditAt < QUIET_MS && Date.now() - this.firstArrivalAt < MAX_HOLD_MS) {
          this.relintSoon();
          return;
        }
        for (const [key, facts] of this.arrived) this.cache.set(key, facts);
        this.arrived.clear();
        const uris = [...this.arrivedFor];
        this.arrivedFor.clear();
        this.firstArrivalAt = 0;
        this.generation++;
        this.host.arrived(uris);
      },
      typing ? QUIET_MS : RELINT_EVERY_MS,
    );
    this.relintTimer.unref();
  }

  private mayFetch(s: RegistrySettings): boolean {
    return this.host.trusted() && s.enabled && s.imageFacts && !s.offline;
  }

  private request(path: string | undefined, keys: Set<string>, settings: RegistrySettings): void {
    if (!this.mayFetch(settings)) return;
    const root = path === undefined ? undefined : this.host.rootOf(path);
    const lock = root === undefined ? undefined : this.lockOf(root).lock;
    const now = Date.now();
    for (const key of keys) {
      if (lock?.facts.has(key) || this.arrived.has(key) || this.cache.isFresh(key) || this.fetcher.isPending(key)) continue;
      const failed = this.failed.get(key);
      if (failed && failed.until > now) continue;
      const opts = { ...settings, workspaceFolders: this.host.workspaceFolders() };
      void this.fetcher.fetchFacts(key, opts).then((o) => {
        if (!o.ok) {
          if (o.kind !== 'cancelled') {
            this.failed.set(key, { until: Date.now() + RETRY_AFTER_MS, error: o.error });
            this.host.log(`image facts: ${key}: ${o.error}`);
          }
          return;
        }
        this.failed.delete(key);
        this.host.log(`image facts: ${key} → ${o.facts.digest} (${Math.round(o.ms)} ms)`);
        const readers = [...this.wanted].filter(([, sitesOf]) => sitesOf().some((site) => site.key === key && !site.hoverOnly)).map(([u]) => u);
        if (!readers.length) {
          // Only hover shows these (Compose image:): into the cache at once, no lint needed.
          this.cache.set(key, o.facts);
          return;
        }
        // Lints see them all at once, with a new generation (see relintSoon).
        this.arrived.set(key, o.facts);
        for (const u of readers) this.arrivedFor.add(u);
        this.relintSoon();
      });
    }
  }
}

/** Stale entries of a lock file as info diagnostics on their keys; a lock that cannot be read as a warning. */
function lockDiagnostics({ lock, maxAgeDays }: LoadedLock): Diagnostic[] {
  const out: Diagnostic[] = [];
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  if (lock.problem) out.push({ range: top, severity: DiagnosticSeverity.Warning, source: SOURCE, message: `Bosun image facts lock file: ${lock.problem}` });
  const stale = staleLockEntries(lock, maxAgeDays);
  if (!stale.length) return out;
  const positions = keyRanges(lock.path, lock.text ?? '');
  for (const f of stale) {
    const key = `${f.reference}|${f.platform}`;
    out.push({
      range: positions.get(key) ?? top,
      severity: DiagnosticSeverity.Information,
      source: SOURCE,
      message: `Image facts of ${f.reference} (${f.platform}) were fetched on ${f.fetchedAt.slice(0, 10)}, more than ${maxAgeDays} days ago: run bosun --image-facts refresh.`,
    });
  }
  return out;
}

/** Where each key of `images` is written in the lock file (JSON read as YAML keeps source ranges). */
function keyRanges(path: string, text: string): Map<string, Diagnostic['range']> {
  const out = new Map<string, Diagnostic['range']>();
  if (!text) return out;
  const doc = parseDocument(text);
  const images = isMap(doc.contents) ? doc.contents.get('images', true) : undefined;
  if (!isMap(images)) return out;
  const source = new SourceText(path, text);
  for (const pair of images.items) {
    if (isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.range) {
      out.set(pair.key.value, source.rangeOf({ start: pair.key.range[0], end: pair.key.range[1] }));
    }
  }
  return out;
}
