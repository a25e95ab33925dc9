/**
 * The image facts lock file (`.bosun/images.lock.json`, or `imageFacts.lockFile` in the root's
 * `.bosun.yaml`): written by `bosun --image-facts refresh`, committed, and read first by the CLI and
 * the editor, so CI gives the editor's answers without network access. It is repository content:
 * read like any workspace file (regular files only, bounded, every value cleaned) — it can only say
 * what a suppression comment could.
 */
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ImageFacts, ImageFactsView } from '../../../rules/engine/types.js';
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

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** A regular file's text, at most `max` bytes (whatever its size claims), or why not. */
function readBounded(path: string, max: number): { text: string } | { missing: true } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { missing: true } : { problem: (e as Error).message };
  }
  try {
    if (!fstatSync(fd).isFile()) return { problem: 'skipped: not a regular file' };
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) return { problem: `skipped: larger than ${max} bytes` };
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return { text: Buffer.concat(chunks).toString('utf8') };
  } catch (e) {
    return { problem: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

/** The lock file's facts (none when it does not exist). Never throws. */
export function readLock(path: string): FactsLock {
  const facts = new Map<string, ImageFacts>();
  const read = readBounded(path, MAX_LOCK_BYTES);
  if ('missing' in read) return { path, facts };
  if ('problem' in read) return { path, facts, problem: read.problem };
  let json: { version?: unknown; images?: unknown };
  try {
    json = JSON.parse(read.text);
  } catch (e) {
    return { path, facts, problem: `not JSON: ${(e as Error).message}`, text: read.text };
  }
  if (!json || json.version !== 1 || !json.images || typeof json.images !== 'object') return { path, facts, problem: 'not a version 1 image facts lock file', text: read.text };
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
 * Writes the lock file inside `root` only: never through a symlink, never to something that is
 * not a regular file, never outside the root (also after resolving symlinked folders).
 */
export function writeLock(path: string, root: string, facts: Iterable<ImageFacts>): void {
  const realRoot = realpathSync(root);
  if (!isInside(path, root)) throw new Error(`${path} is outside ${root}`);
  mkdirSync(dirname(path), { recursive: true });
  if (!isInside(join(realpathSync(dirname(path)), 'x'), realRoot)) throw new Error(`${dirname(path)} leads outside ${root}`);
  try {
    const st = lstatSync(path);
    if (!st.isFile()) throw new Error(`${path} is not a regular file (a symlink or something else): not replaced`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, serialiseLock(facts), { flag: 'wx' });
  renameSync(tmp, path);
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
