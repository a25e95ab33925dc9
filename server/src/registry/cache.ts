/**
 * Tag → digest results, in memory and in one JSON file in the directory the client gives us (the
 * extension's global storage). Only public facts are stored: reference, digest, media type, time.
 * Never credentials or tokens. Entries older than the TTL are not used, except in offline mode.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CachedDigest {
  digest: string;
  mediaType?: string;
  /** Epoch ms when the registry said so. */
  at: number;
}

export const DEFAULT_TTL_MS = 60 * 60 * 1000;
const MAX_ENTRIES = 2000;
const FILE = 'registry-digests.json';
/** What we write into a user's file must look like a digest, whatever a file on disk says. */
export const DIGEST_FORMAT = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/;

export class DigestCache {
  private readonly memory = new Map<string, CachedDigest>();
  private loaded = false;

  constructor(
    private readonly dir: string | undefined,
    readonly ttlMs = DEFAULT_TTL_MS,
  ) {}

  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.dir) return;
    try {
      const json = JSON.parse(readFileSync(join(this.dir, FILE), 'utf8')) as { version?: number; entries?: Record<string, CachedDigest> };
      if (json.version !== 1 || !json.entries) return;
      for (const [key, e] of Object.entries(json.entries)) {
        if (e && typeof e.digest === 'string' && DIGEST_FORMAT.test(e.digest) && typeof e.at === 'number' && !this.memory.has(key)) {
          this.memory.set(key, { digest: e.digest, mediaType: typeof e.mediaType === 'string' ? e.mediaType : undefined, at: e.at });
        }
      }
    } catch {
      /* no cache yet, or a broken one: start empty */
    }
  }

  /** The entry for `key`; `stale` entries are returned only when asked for (offline mode). */
  get(key: string, allowStale = false): (CachedDigest & { stale: boolean }) | undefined {
    this.load();
    const e = this.memory.get(key);
    if (!e) return undefined;
    const stale = Date.now() - e.at > this.ttlMs;
    if (stale && !allowStale) return undefined;
    return { ...e, stale };
  }

  set(key: string, entry: CachedDigest): void {
    this.load();
    this.memory.delete(key); // re-insert: Map order is our age order
    this.memory.set(key, entry);
    while (this.memory.size > MAX_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
    this.save();
  }

  private save(): void {
    if (!this.dir) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const file = join(this.dir, FILE);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, entries: Object.fromEntries(this.memory) }));
      renameSync(tmp, file);
    } catch {
      /* a read-only or full disk only costs us the disk cache */
    }
  }
}
