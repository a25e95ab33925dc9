/**
 * Image facts between sessions: in memory and in one JSON file in the directory the client gives us
 * (the extension's global storage). Two maps: reference → manifest digest (a tag moves: its entry is
 * refreshed after the TTL; a digest never moves), and manifest digest → facts (the facts of a digest
 * never change). Only what registries publish is stored, never credentials.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageFacts } from '../../../rules/api.js';
import { DEFAULT_TTL_MS } from './cache.js';
import { type ImageFactsBody, readStoredFacts, splitFactsKey, storedFacts } from './image-facts.js';

const FILE = 'image-facts.json';
const MAX_ENTRIES = 2000;
const SAVE_DELAY_MS = 1000;

interface RefEntry {
  digest: string;
  indexDigest?: string;
  /** Epoch ms when the registry said so. */
  at: number;
}

export class FactsCache {
  private readonly refs = new Map<string, RefEntry>();
  private readonly images = new Map<string, ImageFactsBody>();
  private loaded = false;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string | undefined,
    readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  /** Facts for a key, stale or not (lint uses what it has; `isFresh` decides about fetching again). */
  get(key: string): ImageFacts | undefined {
    this.load();
    const ref = this.refs.get(key);
    const body = ref && this.images.get(ref.digest);
    if (!ref || !body) return undefined;
    const { reference, platform } = splitFactsKey(key);
    return { ...body, reference, platform, indexDigest: ref.indexDigest, fetchedAt: new Date(ref.at).toISOString(), source: 'cache' };
  }

  /** Known, and either named by digest (never moves) or asked for within the TTL. */
  isFresh(key: string): boolean {
    this.load();
    const ref = this.refs.get(key);
    if (!ref || !this.images.has(ref.digest)) return false;
    return splitFactsKey(key).reference.includes('@') || Date.now() - ref.at <= this.ttlMs;
  }

  set(key: string, facts: ImageFactsBody & { indexDigest?: string }, at = Date.now()): void {
    this.load();
    const { indexDigest, ...body } = facts;
    this.refs.delete(key); // re-insert: Map order is our age order
    this.refs.set(key, { digest: body.digest, indexDigest, at });
    this.images.delete(body.digest);
    this.images.set(body.digest, body);
    for (const map of [this.refs, this.images] as Map<string, unknown>[]) {
      while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
    }
    this.scheduleSave();
  }

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.dir) return;
    try {
      const json = JSON.parse(readFileSync(join(this.dir, FILE), 'utf8')) as { version?: number; refs?: Record<string, unknown>; images?: Record<string, unknown> };
      if (json.version !== 1 || !json.refs || !json.images) return;
      for (const [digest, raw] of Object.entries(json.images)) {
        const facts = readStoredFacts({ ...(raw as object), digest, fetchedAt: new Date(0).toISOString() }, { reference: '', platform: '', source: 'cache' });
        if (facts) {
          const { reference: _r, platform: _p, source: _s, fetchedAt: _f, indexDigest: _i, ...body } = facts;
          this.images.set(digest, body);
        }
      }
      for (const [key, raw] of Object.entries(json.refs)) {
        const e = raw as Partial<RefEntry>;
        if (typeof e?.digest === 'string' && this.images.has(e.digest) && typeof e.at === 'number' && key.includes('|')) {
          this.refs.set(key, { digest: e.digest, indexDigest: typeof e.indexDigest === 'string' ? e.indexDigest : undefined, at: e.at });
        }
      }
    } catch {
      /* no cache yet, or a broken one: start empty */
    }
  }

  private scheduleSave(): void {
    if (!this.dir || this.saveTimer) return;
    // Facts arrive in bursts (a Compose file with many images): one write per burst.
    this.saveTimer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  /** Writes the cache file now (a burst's timer does it otherwise). */
  flush(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = join(this.dir, FILE);
      const tmp = `${file}.${process.pid}.tmp`;
      const images = Object.fromEntries([...this.images].map(([d, b]) => [d, storedFacts({ ...b, fetchedAt: '' })]));
      writeFileSync(tmp, JSON.stringify({ version: 1, refs: Object.fromEntries(this.refs), images }));
      renameSync(tmp, file);
    } catch {
      /* a read-only or full disk only costs us the disk cache */
    }
  }
}
