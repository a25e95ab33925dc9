/**
 * Image facts in the CLI. A lint run reads the lock file only (no network, so CI is deterministic);
 * `bosun --image-facts refresh` (refresh.ts) writes it. The lock file is the root config's
 * `imageFacts.lockFile`, else `.bosun/images.lock.json`, in the working directory.
 */
import { join } from 'node:path';
import type { ImageFacts, ImageFactsView } from '../../../rules/api.js';
import { DEFAULT_LOCK_MAX_AGE_DAYS, type FactsLock, lockPathFor, readLock, staleLockEntries } from '../registry/facts-lock.js';
import type { ConfigLoader } from './config.js';
import { displayPath } from './discover.js';

export interface CliLock {
  lock: FactsLock;
  maxAgeDays: number;
}

/** Where the lock file is and how old its entries may be, from the working directory's `.bosun.yaml`. */
export function lockSettings(cwd: string, loader: ConfigLoader): { path: string; maxAgeDays: number } {
  const loaded = loader.forFile(join(cwd, '.bosun.yaml'));
  const settings = loaded.path ? loaded.config.imageFacts : undefined;
  return { path: lockPathFor(cwd, settings?.lockFile), maxAgeDays: settings?.maxAgeDays ?? DEFAULT_LOCK_MAX_AGE_DAYS };
}

export function loadCliLock(cwd: string, loader: ConfigLoader): CliLock {
  const { path, maxAgeDays } = lockSettings(cwd, loader);
  return { lock: readLock(path), maxAgeDays };
}

/** Facts as plain data (sent to lint worker threads) and back as a view. */
export function lockEntries(l: CliLock | undefined): [string, ImageFacts][] | undefined {
  return l?.lock.facts.size ? [...l.lock.facts] : undefined;
}

export function entriesView(entries: [string, ImageFacts][] | undefined): ImageFactsView | undefined {
  if (!entries) return undefined;
  const map = new Map(entries);
  return { get: (key) => map.get(key) };
}

/** Lines for stderr: a lock that could not be read, entries older than the limit (info, never a failure). */
export function lockNotes(l: CliLock, cwd: string, now = Date.now()): string[] {
  const shown = displayPath(l.lock.path, cwd);
  const notes: string[] = [];
  if (l.lock.problem) notes.push(`bosun: warning: ${shown}: ${l.lock.problem}`);
  const stale = staleLockEntries(l.lock, l.maxAgeDays, now);
  if (stale.length) {
    const oldest = stale
      .map((f) => f.fetchedAt)
      .sort()[0]
      .slice(0, 10);
    notes.push(
      `bosun: info: ${stale.length} image fact${stale.length === 1 ? '' : 's'} in ${shown} ${stale.length === 1 ? 'is' : 'are'} older than ${l.maxAgeDays} days (oldest fetched ${oldest}); run bosun --image-facts refresh`,
    );
  }
  return notes;
}
