/**
 * The image facts lock file (`.bosun/images.lock.json`, or `imageFacts.lockFile` in the root's
 * `.bosun.yaml`): written by `bosun --image-facts refresh`, committed, and read first by the CLI and
 * the editor, so CI gives the editor's answers without network access. It is repository content:
 * read like any workspace file (regular files only, bounded, every value cleaned) — it can only say
 * what a suppression comment could.
 */
import { basename, dirname, resolve } from 'node:path';
import type { ImageFacts, ImageFactsView } from '../../../rules/api.js';
import { Containment } from '../fs/containment.js';
import { readBounded, readTextBounded } from '../fs/read.js';
import { makeBosunFolder, writeContained } from '../fs/write.js';
import { readStoredFacts, splitFactsKey, storedFacts } from './image-facts.js';

export const DEFAULT_LOCK_FILE = '.bosun/images.lock.json';
export const DEFAULT_LOCK_MAX_AGE_DAYS = 30;
const MAX_LOCK_BYTES = 16 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

export interface FactsLock {
  path: string;
  facts: Map<string, ImageFacts>;
  /** Why (part of) it could not be used, for a message. */
  problem?: string;
  /** The text read (for locating entries in it). */
  text?: string;
}

/** Where the lock file of a workspace root is: the root config's `imageFacts.lockFile`, else the default. */
export function lockPathFor(root: string, lockFile: string | undefined, configDir = root): string {
  return resolve(configDir, lockFile ?? DEFAULT_LOCK_FILE);
}

/** The lock file's facts (none when it does not exist). Never throws. */
export function readLock(path: string): FactsLock {
  const facts = new Map<string, ImageFacts>();
  // Repository content: read like any workspace file (server/src/fs/read.ts).
  const read = readTextBounded(path, MAX_LOCK_BYTES);
  if (!read.ok && read.missing) return { path, facts };
  if (!read.ok) return { path, facts, problem: `skipped: ${read.reason}` };
  let json: { version?: unknown; images?: unknown };
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    return { path, facts, problem: `not JSON: ${(e as Error).message}`, text: read.text };
  }
  if (json?.version !== 1 || !json.images || typeof json.images !== 'object') return { path, facts, problem: 'not a version 1 image facts lock file', text: read.text };
  let skipped = 0;
  for (const [key, raw] of Object.entries(json.images as Record<string, unknown>).slice(0, MAX_ENTRIES)) {
    const { reference, platform } = splitFactsKey(key);
    const f = key.length < 600 && key.includes('|') && reference && platform ? readStoredFacts(raw, { reference, platform, source: 'lock' }) : undefined;
    if (f) facts.set(key, f);
    else skipped++;
  }
  return { path, facts, problem: skipped ? `${skipped} entr${skipped === 1 ? 'y is' : 'ies are'} not image facts` : undefined, text: read.text };
}

/** The lock file's text: keys sorted, one entry per key, stable for diffs. */
export function serialiseLock(facts: Iterable<ImageFacts>): string {
  const images: Record<string, unknown> = {};
  for (const f of [...facts].sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) images[keyOf(f)] = storedFacts(f);
  return `${JSON.stringify({ version: 1, images }, null, 2)}\n`;
}

function keyOf(f: Pick<ImageFacts, 'reference' | 'platform'>): string {
  return `${f.reference}|${f.platform}`;
}

/**
 * Writes the lock file inside `root` only, through the one write (server/src/fs/write.ts): a regular
 * file, never through a symlink or into a folder that leads out, never over a file that changed since
 * it was read. Its folder must exist, except `.bosun` directly in the root, which is created (the one
 * folder Bosun creates: containment.ts). Throws with the reason when it cannot.
 */
export function writeLock(path: string, root: string, facts: Iterable<ImageFacts>): void {
  const abs = resolve(path);
  const containment = new Containment([resolve(root)]);
  const dir = dirname(abs);
  if (basename(dir) === '.bosun' && containment.folders.includes(dirname(dir))) {
    const made = makeBosunFolder(dirname(dir));
    if (!made.ok) throw new Error(made.reason);
  }
  // What is there now: the write replaces exactly that (or creates the file when there is none).
  const before = readBounded(abs, MAX_LOCK_BYTES);
  if (!before.ok && !before.missing) throw new Error(`the lock file cannot be read (${before.reason}): not replaced`);
  const written = writeContained(containment, abs, Buffer.from(serialiseLock(facts), 'utf8'), before.ok ? before.bytes : null);
  if (!written.ok) throw new Error(`${written.reason}: not written`);
}

/** Entries fetched more than `maxAgeDays` before `now`. */
export function staleLockEntries(lock: FactsLock, maxAgeDays: number, now = Date.now()): ImageFacts[] {
  const limit = maxAgeDays * 86_400_000;
  return [...lock.facts.values()].filter((f) => now - Date.parse(f.fetchedAt) > limit);
}

/** Lock first, then whatever else (the editor's cache). */
export function factsView(lock: FactsLock | undefined, then?: ImageFactsView): ImageFactsView {
  return { get: (key) => lock?.facts.get(key) ?? then?.get(key) };
}
