/**
 * Other files as the desktop server's lints read them, remembered for a moment. A lint of a
 * Dockerfile looks for `.dockerignore` files, Compose files that build it, the scripts it copies…
 * — dozens of reads and listings, on every keystroke. While the user types, the answers are taken
 * from here; each is read from the disk again once it is TTL_MS old, and at once when a file event
 * names it (the client watches Dockerfiles, Compose, .env and ignore files, and every file created
 * or deleted). A change to a file no event names is seen at most TTL_MS late.
 */
import type { FilesView } from '../../../rules/api.js';

/** How long an answer is used before the disk is asked again. */
export const TTL_MS = 2000;

interface Kept<T> {
  value: T;
  at: number;
}

export class RecentFiles implements FilesView {
  private readonly reads = new Map<string, Kept<string | undefined>>();
  private readonly lists = new Map<string, Kept<string[] | undefined>>();

  constructor(
    private readonly inner: FilesView,
    private readonly now: () => number = () => performance.now(),
    private readonly ttlMs = TTL_MS,
  ) {}

  read(path: string): string | undefined {
    return this.kept(this.reads, path, () => this.inner.read(path));
  }

  list(dir: string): string[] | undefined {
    // A copy: a caller may sort or extend the names it gets.
    return this.kept(this.lists, dir, () => this.inner.list(dir))?.slice();
  }

  /** The file or folder at `path` changed (a file event): forget it, what is under it, and its folder's listing. */
  forget(path: string): void {
    const under = `${path.replace(/\/+$/, '')}/`;
    for (const map of [this.reads, this.lists] as Map<string, unknown>[]) {
      map.delete(path);
      for (const key of map.keys()) if (key.startsWith(under)) map.delete(key);
    }
    this.lists.delete(path.slice(0, Math.max(1, path.lastIndexOf('/'))));
  }

  private kept<T>(map: Map<string, Kept<T>>, key: string, load: () => T): T {
    const t = this.now();
    const found = map.get(key);
    if (found && t - found.at < this.ttlMs) return found.value;
    const value = load();
    map.set(key, { value, at: t });
    // Answers older than the TTL are never used again: drop them now and then.
    if (map.size > 4096) for (const [k, v] of map) if (t - v.at >= this.ttlMs) map.delete(k);
    return value;
  }
}
