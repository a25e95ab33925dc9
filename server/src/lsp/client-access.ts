/**
 * The workspace as the client reads it (`workspace.fs` behind `bosun/fs/*` requests): what the web
 * server has instead of a disk. Answers are cached by path until a file event says the file changed
 * (`forget`). See file-access.ts for how a synchronous lint waits for files that are not here yet.
 */
import { dirOf, type FilesView } from '../../../rules/api.js';
import { FS_LIST_REQUEST, FS_READ_REQUEST, FS_STAT_REQUEST, type FsError, type FsListResult, type FsParams, type FsReadResult, type FsStatResult } from '../protocol.js';
import type { ConfigRead, DirEntry, FileAccess, ReadResult } from './file-access.js';

/** Enough for a Compose include → Compose file → built Dockerfile → its .dockerignore chain, with room. */
export const MAX_SETTLE_ROUNDS = 8;

export interface ClientAccessOptions {
  /** Sends a request to the client; a rejected request counts as an unreadable file. */
  request(method: string, params: FsParams): Promise<unknown>;
  /** The uri the client knows a path by. */
  uriOf(path: string): string;
  /**
   * Files (and folders) arrived from the client. `background`: nobody was waiting for them (they
   * were read outside `settle`), so whatever read them before should be redone.
   */
  arrived?(paths: string[], background: boolean): void;
}

type Text = { text: string; binary: boolean };

const REASONS: Record<FsError, string> = {
  missing: 'no longer exists',
  'not-file': 'not a regular file',
  'too-large': 'larger than 5 MB, not linted',
  denied: 'cannot read (refused by the editor)',
};

function isUnder(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

export class ClientAccess implements FileAccess {
  /** By path: the file's text, or null when there is no readable file. */
  private readonly texts = new Map<string, Text | null>();
  /** By path: the folder's entries, or null when it is not a folder. */
  private readonly dirs = new Map<string, DirEntry[] | null>();
  /** Reads and listings that found nothing cached and are still to be asked for. */
  private readonly wanted = new Map<string, { read: boolean; list: boolean }>();
  private readonly inflight = new Map<string, Promise<void>>();
  /** Bumped by `forget`: an answer to a request sent before the file changed is dropped. */
  private readonly epochs = new Map<string, number>();
  /** The paths the running `settle` read without an answer. */
  private noting: Set<string> | undefined;
  /** Requests sent so far (for tests and the output channel). */
  requests = 0;

  constructor(private readonly options: ClientAccessOptions) {}

  readonly files: FilesView = {
    read: (path) => {
      const t = this.texts.get(path);
      if (t !== undefined) return t?.text;
      this.want(path, 'read');
      return undefined;
    },
    list: (dir) => {
      const d = this.dirs.get(dir);
      if (d !== undefined) return d?.map((e) => e.name);
      this.want(dir, 'list');
      return undefined;
    },
  };

  readConfig(path: string): ConfigRead {
    return this.files.read(path);
  }

  answersAtOnce(): boolean {
    return false;
  }

  async settle<T>(run: () => T, touched?: (result: T) => Iterable<string>): Promise<T> {
    for (let round = 1; ; round++) {
      const noted = new Set<string>();
      const outer = this.noting;
      this.noting = noted;
      let result: T;
      try {
        result = run();
      } finally {
        this.noting = outer;
      }
      if (touched) for (const p of touched(result)) if (this.wanted.has(p) || this.inflight.has(p)) noted.add(p);
      if (!noted.size || round >= MAX_SETTLE_ROUNDS) return result;
      await this.obtain([...noted], false);
    }
  }

  forget(path: string): void {
    for (const map of [this.texts, this.dirs]) {
      for (const key of [...map.keys()]) if (key === path || isUnder(key, path)) map.delete(key);
    }
    // A file created or deleted changes its folder's listing too.
    this.dirs.delete(dirOf(path));
    for (const p of [path, dirOf(path)]) this.epochs.set(p, (this.epochs.get(p) ?? 0) + 1);
  }

  async readDir(dir: string): Promise<DirEntry[] | undefined> {
    await this.ensure(this.dirs, dir, 'list');
    return this.dirs.get(dir) ?? undefined;
  }

  async kind(path: string): Promise<DirEntry['kind'] | undefined> {
    const r = (await this.ask(FS_STAT_REQUEST, path)) as FsStatResult | undefined;
    return r && 'kind' in r ? r.kind : undefined;
  }

  async readTarget(path: string): Promise<ReadResult> {
    await this.ensure(this.texts, path, 'read');
    const t = this.texts.get(path);
    if (!t) return { ok: false, reason: this.failures.get(path) ?? REASONS.missing };
    if (t.binary) return { ok: false, reason: 'binary file (NUL bytes), not linted' };
    return { ok: true, text: t.text };
  }

  /** Why the last read of a path gave nothing. */
  private readonly failures = new Map<string, string>();

  /** Asks for what `cache` lacks at `path` (a request for the other operation may be running: then once more). */
  private async ensure(cache: Map<string, unknown>, path: string, op: 'read' | 'list'): Promise<void> {
    for (let attempt = 0; attempt < 3 && !cache.has(path); attempt++) {
      await this.inflight.get(path);
      if (cache.has(path)) return;
      this.want(path, op, true);
      await this.obtainOne(path);
    }
  }

  private want(path: string, op: 'read' | 'list', quiet = false): void {
    const w = this.wanted.get(path) ?? { read: false, list: false };
    w[op] = true;
    this.wanted.set(path, w);
    if (quiet) return;
    if (this.noting) this.noting.add(path);
    else void this.obtain([path], true); // read outside a lint: fetch it, then tell who read it
  }

  private async obtain(paths: string[], background: boolean): Promise<void> {
    await Promise.all(paths.map((p) => this.obtainOne(p)));
    this.options.arrived?.(paths, background);
  }

  private obtainOne(path: string): Promise<void> {
    const running = this.inflight.get(path);
    if (running) return running;
    const want = this.wanted.get(path);
    if (!want) return Promise.resolve();
    this.wanted.delete(path);
    const epoch = this.epochs.get(path) ?? 0;
    const task = (async () => {
      const [read, list] = await Promise.all([
        want.read ? (this.ask(FS_READ_REQUEST, path) as Promise<FsReadResult | undefined>) : undefined,
        want.list ? (this.ask(FS_LIST_REQUEST, path) as Promise<FsListResult | undefined>) : undefined,
      ]);
      if ((this.epochs.get(path) ?? 0) !== epoch) return; // changed meanwhile: the next read asks again
      if (want.read) {
        if (read && 'text' in read) {
          this.texts.set(path, { text: read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text, binary: read.binary });
          this.failures.delete(path);
        } else {
          this.texts.set(path, null);
          this.failures.set(path, REASONS[read?.error ?? 'denied'] ?? REASONS.denied);
        }
      }
      if (want.list) this.dirs.set(path, list && 'entries' in list ? list.entries : null);
    })().finally(() => this.inflight.delete(path));
    this.inflight.set(path, task);
    return task;
  }

  private async ask(method: string, path: string): Promise<unknown> {
    this.requests++;
    try {
      return await this.options.request(method, { uri: this.options.uriOf(path) });
    } catch {
      return undefined;
    }
  }
}
