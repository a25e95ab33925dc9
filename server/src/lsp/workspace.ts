/**
 * Workspace diagnostics, pushed: every Dockerfile, Containerfile and Compose file in the workspace
 * folders is found like the CLI finds them (same skipped folders, plus `files.exclude` and
 * `.gitignore`), linted from disk in the background in small time slices that yield to the event
 * loop — between files, and inside a file between the steps of its lint (the parse, each rule, every
 * few hundred findings); big files go to a worker thread (their parse alone is a long step, see
 * scan-worker.ts) — so an edit of an open document never waits for another file's lint — and
 * published without a version.
 * Open documents always win: the index never publishes for a file that is open (the server lints
 * its buffer), and closing one re-lints it from disk instead of clearing it. File events keep the
 * index current; a lint records which other files it read so a change to one re-lints it.
 */
import { type Connection, FileChangeType, type FileEvent, type WorkDoneProgressServerReporter } from 'vscode-languageserver';
import {
  detectLanguage,
  dirOf,
  type FilesView,
  type Finding,
  isConfigFile,
  type LanguageId,
  type LintOptions,
  type LintResult,
  lintText,
  lintTextSteps,
} from '../../../rules/api.js';
import { recordingFiles } from '../files-view.js';
import { type GitIgnores, type WalkSource, reachedByWalk, walk } from '../walk/walker.js';
import type { FileAccess } from './file-access.js';
import { BIG_FILE_CHARS, type BigFileLinter } from './scan-request.js';

export interface Folder {
  uri: string;
  /** Absolute, `/`-separated, no trailing `/`. */
  path: string;
}

export interface WorkspaceFile {
  uri: string;
  path: string;
  language: LanguageId;
  folder: Folder;
  /** Other files (paths read, folders listed) its last lint looked at. */
  touched: Set<string>;
}

export interface WorkspaceHost {
  connection: Connection;
  /** Open documents win over the disk: the index never lints or publishes them (by path: uri spellings differ). */
  isOpen(path: string): boolean;
  /** Lint options for a file on disk; undefined when Bosun is off for it (disabled, or ignored by the config). */
  options(path: string, folder: Folder): Promise<LintOptions | undefined>;
  /** `files.exclude` globs (relative to the folder) that are on. */
  excludes(folder: Folder): Promise<string[]>;
  /** Cross-file reads: open documents over the workspace's files. */
  files: FilesView;
  /** Where the workspace's files are read: the disk, or the client (file-access.ts). */
  access: FileAccess;
  /** The uri a path is published under, and the path of a uri (undefined: not a workspace file). */
  uriOf(path: string): string;
  pathOf(uri: string): string | undefined;
  /** The open documents' texts (a worker reads them instead of the disk, as `files` does). */
  openDocuments(): { path: string; text: string }[];
  /** Lints big files off the thread that answers the editor (the desktop's worker thread); none on the web. */
  bigFiles?: BigFileLinter;
  /** Publish a file's findings (under `uri`); undefined clears them. */
  report(uri: string, result: { findings: readonly Finding[] } | undefined): void;
  /** A `.bosun.yaml` was found, changed, created or deleted on disk. */
  configChanged(path: string, type: FileChangeType | 'found'): void;
}

/** Above this many files to check, the client shows a progress notification. */
export const PROGRESS_THRESHOLD = 50;
/** Lint for at most this long before letting other messages (edits, code actions) through. */
const SLICE_MS = 12;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The time left in the current slice of background work; `pause()` lets the event loop through once it is used up. */
class Slice {
  private end = performance.now() + SLICE_MS;

  get over(): boolean {
    return performance.now() >= this.end;
  }

  async pause(): Promise<void> {
    if (!this.over) return;
    await yieldToEventLoop();
    this.end = performance.now() + SLICE_MS;
  }
}

function isUnder(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);
}

/** The workspace's files as the walker (walk/walker.ts) reads them: through the file access, `.gitignore` as a file to lint. */
function walkSource(access: FileAccess): WalkSource {
  return {
    readDir: async (dir) => (await access.readDir(dir)) ?? { error: 'cannot list' },
    readText: async (path) => {
      const read = await access.readTarget(path);
      return read.ok ? read.text : undefined;
    },
  };
}

export class WorkspaceIndex {
  private folders: Folder[] = [];
  /** By path. */
  private readonly entries = new Map<string, WorkspaceFile>();
  /** Paths waiting for a lint from disk. */
  private readonly queue = new Set<string>();
  private draining = false;
  private progress: { reporter: WorkDoneProgressServerReporter; done: number } | undefined;
  private progressStarting = false;
  /** Per folder uri: the latest scan's number (an older scan that finishes later is dropped). */
  private readonly scans = new Map<string, number>();
  private scanSeq = 0;
  /** Every folder that holds an entry (at any depth), for telling a deleted folder from an unknown path. */
  private dirIndex: Set<string> | undefined;
  /** Lints big files off this thread. */

  constructor(private readonly host: WorkspaceHost) {}

  get size(): number {
    return this.entries.size;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  get(path: string): WorkspaceFile | undefined {
    return this.entries.get(path);
  }

  all(): WorkspaceFile[] {
    return [...this.entries.values()];
  }

  foldersList(): Folder[] {
    return [...this.folders];
  }

  /** The uri diagnostics for `path` go out under: the known one, else the file URL. */
  uriOf(path: string): string {
    return this.entries.get(path)?.uri ?? this.host.uriOf(path);
  }

  /** The file's lint options; undefined when Bosun is off for it. */
  optionsOf(e: WorkspaceFile): Promise<LintOptions | undefined> {
    return this.host.options(e.path, e.folder);
  }

  /** Folders being walked right now. */
  private scanning = 0;

  /** Resolves once no folder is being walked (every file is known, not necessarily linted yet). */
  async discovered(): Promise<void> {
    while (this.scanning > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  folderOf(path: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.folders) if ((path === f.path || isUnder(path, f.path)) && (!best || f.path.length > best.path.length)) best = f;
    return best;
  }

  /** Replaces the folders: removed folders' files are cleared, new folders are scanned. */
  async setFolders(folders: Folder[]): Promise<void> {
    const before = new Set(this.folders.map((f) => f.uri));
    this.folders = folders;
    const kept = new Set(folders.map((f) => f.uri));
    for (const e of this.all()) if (!kept.has(e.folder.uri) || this.folderOf(e.path)?.uri !== e.folder.uri) this.remove(e.path);
    await Promise.all(folders.filter((f) => !before.has(f.uri)).map((f) => this.scan(f)));
  }

  /** Scans every folder again (settings such as files.exclude changed) and re-lints everything. */
  async rescanAll(): Promise<void> {
    await Promise.all(this.folders.map((f) => this.scan(f)));
  }

  /** Finds the folder's files, drops what is gone or now excluded, and queues everything found. */
  async scan(folder: Folder): Promise<void> {
    const seq = ++this.scanSeq;
    this.scans.set(folder.uri, seq);
    this.scanning++;
    const t0 = performance.now();
    try {
      const excludes = await this.host.excludes(folder).catch(() => []);
      const found = await this.discover(folder, folder.path, excludes, []);
      if (this.scans.get(folder.uri) !== seq || !this.folders.some((f) => f.uri === folder.uri)) return;
      const paths = new Set(found.files.map((f) => f.path));
      for (const e of this.all()) if (e.folder.uri === folder.uri && !paths.has(e.path)) this.remove(e.path);
      for (const f of found.files) this.add(f);
      for (const c of found.configs) this.host.configChanged(c, 'found');
      this.enqueue(paths);
      this.host.connection.console.info(`Bosun found ${found.files.length} Dockerfiles and Compose files in ${folder.path} in ${Math.round(performance.now() - t0)} ms`);
    } catch (e) {
      this.host.connection.console.error(`workspace scan of ${folder.path} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      this.scanning--;
    }
  }

  /** Walks `start` (inside `folder`) as the CLI does, plus `files.exclude` and `.gitignore` (walk/walker.ts). */
  private async discover(folder: Folder, start: string, excludes: string[], ignores: GitIgnores): Promise<{ files: WorkspaceFile[]; configs: string[] }> {
    const found = await walk(start, walkSource(this.host.access), { gitIgnore: true, excludes, base: folder.path, ignores, pause: yieldToEventLoop });
    const files = found.files.map((f): WorkspaceFile => ({ uri: this.host.uriOf(f.path), path: f.path, language: f.language, folder, touched: new Set() }));
    return { files, configs: found.configs };
  }

  private add(file: WorkspaceFile): void {
    const existing = this.entries.get(file.path);
    if (existing) {
      existing.folder = file.folder;
      return;
    }
    this.entries.set(file.path, file);
    this.dirIndex = undefined;
  }

  /** Forgets a file; its diagnostics are cleared unless the file is open (then its buffer's stand). */
  remove(path: string): void {
    const e = this.entries.get(path);
    if (!e) return;
    this.entries.delete(path);
    this.queue.delete(path);
    this.dirIndex = undefined;
    if (!this.host.isOpen(path)) this.host.report(e.uri, undefined);
  }

  /** Files (paths) whose last lint read `path` or listed its folder. */
  dependants(path: string): string[] {
    const dir = dirOf(path);
    const paths: string[] = [];
    for (const e of this.entries.values()) if (e.path !== path && (e.touched.has(path) || e.touched.has(dir))) paths.push(e.path);
    return paths;
  }

  /** Files (paths) under `dir` (a config's folder: what the config governs). */
  under(dir: string): string[] {
    return this.all()
      .filter((e) => dir === '/' || isUnder(e.path, dir))
      .map((e) => e.path);
  }

  /** Queues files (paths) for a lint from disk (open ones are skipped when their turn comes). */
  enqueue(paths: Iterable<string>, first = false): void {
    const list = [...paths].filter((p) => this.entries.has(p));
    if (first && list.length) {
      // Put them in front: a Set keeps insertion order, so rebuild it.
      const rest = [...this.queue].filter((u) => !list.includes(u));
      this.queue.clear();
      for (const u of [...list, ...rest]) this.queue.add(u);
    } else {
      for (const u of list) this.queue.add(u);
    }
    if (this.queue.size && !this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  private async drain(): Promise<void> {
    const t0 = performance.now();
    let checked = 0;
    try {
      const slice = new Slice();
      while (this.queue.size) {
        if (!this.progress && this.queue.size > PROGRESS_THRESHOLD) await this.startProgress();
        do {
          const path = this.queue.values().next().value as string;
          this.queue.delete(path);
          await this.lintOne(path, slice);
          checked++;
          if (this.progress) this.progress.done++;
        } while (this.queue.size && !slice.over);
        if (this.progress) {
          const { done } = this.progress;
          const total = done + this.queue.size;
          this.progress.reporter.report(Math.floor((done / total) * 100), `${done}/${total} files`);
        }
        await slice.pause();
      }
    } catch (e) {
      this.host.connection.console.error(`workspace lint failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      this.draining = false;
      if (checked > PROGRESS_THRESHOLD) this.host.connection.console.info(`Bosun checked ${checked} workspace files in ${Math.round(performance.now() - t0)} ms`);
      this.progress?.reporter.done();
      this.progress = undefined;
      if (this.queue.size) this.enqueue([]);
    }
  }

  private async startProgress(): Promise<void> {
    if (this.progressStarting) return;
    this.progressStarting = true;
    try {
      const reporter = await this.host.connection.window.createWorkDoneProgress();
      reporter.begin('Bosun', 0, `Checking ${this.queue.size} files`, false);
      this.progress = { reporter, done: 0 };
    } catch {
      /* the client declined: no progress shown */
    } finally {
      this.progressStarting = false;
    }
  }

  /** Lints one file from disk and publishes it, unless it is open (then its buffer is what counts). */
  private async lintOne(path: string, slice: Slice): Promise<void> {
    const e = this.entries.get(path);
    if (!e || this.host.isOpen(path)) return;
    const options = await this.host.options(e.path, e.folder);
    if (this.entries.get(path) !== e || this.host.isOpen(path)) return;
    const result = options ? await this.lintDiskSliced(e, options, slice) : undefined;
    // Opened, deleted or re-found while its lint was paused: that newer state decides.
    if (this.entries.get(path) !== e || this.host.isOpen(path)) return;
    this.host.report(e.uri, result);
  }

  /** The file's text (not its open buffer) and its lint, which records what other files it read. */
  async lintDisk(e: WorkspaceFile, options: LintOptions): Promise<LintResult | undefined> {
    const read = await this.host.access.readTarget(e.path);
    if (!read.ok) {
      e.touched = new Set();
      return undefined;
    }
    return this.lintSettled(e, read.text, options);
  }

  /** A lint through the file access's settle (the web's client access may fetch files and run it again). */
  private async lintSettled(e: WorkspaceFile, text: string, options: LintOptions): Promise<LintResult> {
    let touched = new Set<string>();
    const result = await this.host.access.settle(() => {
      const recorded = recordingFiles(this.host.files);
      touched = recorded.touched;
      return lintText(e.path, text, e.language, { ...options, files: recorded.view });
    });
    e.touched = touched;
    return result;
  }

  /**
   * lintDisk for the background scan: a big file on the worker thread; the others (and a big one
   * when the worker cannot take it) here, pausing whenever the slice is used up. Pausing needs a
   * file access that answers at once (the disk): one that fetches files (the web's client) lints in
   * one go through settle.
   */
  private async lintDiskSliced(e: WorkspaceFile, options: LintOptions, slice: Slice): Promise<{ findings: readonly Finding[] } | undefined> {
    const read = await this.host.access.readTarget(e.path);
    if (!read.ok) {
      e.touched = new Set();
      return undefined;
    }
    const { text } = read;
    if (text.length >= BIG_FILE_CHARS && this.host.bigFiles) {
      const answer = await this.host.bigFiles.lint({ path: e.path, language: e.language, text, options, open: this.host.openDocuments() });
      if (answer) {
        e.touched = new Set(answer.touched);
        return answer;
      }
    }
    if (!this.host.access.answersAtOnce(e.path)) return this.lintSettled(e, text, options);
    const recorded = recordingFiles(this.host.files);
    const steps = lintTextSteps(e.path, text, e.language, { ...options, files: recorded.view });
    for (;;) {
      const step = steps.next();
      if (step.done) {
        e.touched = recorded.touched;
        return step.value;
      }
      await slice.pause();
    }
  }

  /**
   * Keeps the index current from file events: created files are added (when a scan would find
   * them), changed ones re-linted, deleted ones (or a deleted folder's) forgotten and cleared, and
   * the files that read a changed path re-linted. A `.gitignore` change rescans its folder.
   */
  async onFileEvents(changes: readonly FileEvent[]): Promise<void> {
    const rescan = new Set<Folder>();
    const relint = new Set<string>();
    for (const change of changes) {
      const path = this.host.pathOf(change.uri);
      if (path === undefined) continue;
      const folder = this.folderOf(path);
      if (isConfigFile(path)) {
        this.host.configChanged(path, change.type);
        continue;
      }
      for (const u of this.dependants(path)) relint.add(u);
      if (!folder) continue;
      const base = path.slice(path.lastIndexOf('/') + 1);
      if (base === '.gitignore') {
        rescan.add(folder);
        continue;
      }
      if (change.type === FileChangeType.Deleted) {
        if (this.entries.has(path)) this.remove(path);
        else if (this.dirs().has(path)) for (const p of this.under(path)) this.remove(p);
        continue;
      }
      const language = detectLanguage(path);
      const known = this.entries.get(path);
      if (known) {
        if (known.uri !== change.uri) {
          // Adopt the editor's spelling of the uri (encodings differ); clear what went out under the old one.
          if (!this.host.isOpen(path)) this.host.report(known.uri, undefined);
          known.uri = change.uri;
        }
        relint.add(path);
        continue;
      }
      const kind = await this.host.access.kind(path);
      if (kind === undefined) continue; // already gone again
      const isDir = kind === 'dir';
      const isFile = kind === 'file';
      if (!isDir && !(language && isFile)) continue;
      const excludes = await this.host.excludes(folder).catch(() => []);
      const { reached, ignores } = await reachedByWalk(folder.path, path, isDir, walkSource(this.host.access), { gitIgnore: true, excludes });
      if (!reached) continue;
      if (isDir) {
        // A folder moved or copied in: find what is inside, as a scan would.
        const found = await this.discover(folder, path, excludes, ignores);
        for (const f of found.files) {
          this.add(f);
          relint.add(f.path);
        }
        for (const c of found.configs) this.host.configChanged(c, FileChangeType.Created);
      } else if (language) {
        this.add({ uri: change.uri, path, language, folder, touched: new Set() });
        relint.add(path);
      }
    }
    this.enqueue(relint);
    for (const f of rescan) await this.scan(f);
  }

  private dirs(): Set<string> {
    if (!this.dirIndex) {
      const dirs = new Set<string>();
      for (const e of this.entries.values()) {
        for (let d = dirOf(e.path); d !== e.folder.path && d.length > e.folder.path.length && !dirs.has(d); d = dirOf(d)) dirs.add(d);
      }
      this.dirIndex = dirs;
    }
    return this.dirIndex;
  }
}
