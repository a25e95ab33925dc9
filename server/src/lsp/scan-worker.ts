/**
 * Big workspace files are linted on a worker thread, not on the thread that answers the editor.
 * The background scan cuts a lint into steps and lets edits through between them (workspace.ts),
 * but the parse is one step: a Compose file of thousands of services takes hundreds of milliseconds
 * to parse, and an edit of an open file would wait that long. Files of BIG_FILE_CHARS or more go
 * to the worker; its findings come back and are published like any other. The worker starts with
 * the first big file and ends after IDLE_MS without one (it holds a copy of the rules: memory the
 * server gives back when the scan is done). If it cannot start or dies, the caller lints the file
 * itself, in steps.
 *
 * The worker sees what the main thread would: the open documents' texts (an unsaved buffer wins
 * over the disk), the workspace folders (links out of them are not followed), and the base-image
 * facts of the images the file names: a first lint says which it asked for, and when the main
 * thread has facts for any of them the file is linted again with those.
 */
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ImageFacts } from '../../../rules/api.js';
import type { BigFileAnswer, BigFileLinter, BigFileRequest, ScanAnswer, ScanRequest } from './scan-request.js';

/** The worker ends after this long without a file. */
const IDLE_MS = 10_000;

export class ScanWorker implements BigFileLinter {
  private worker: Worker | undefined;
  private broken = false;
  private seq = 0;
  private readonly waiting = new Map<number, (a: ScanAnswer | undefined) => void>();
  private idleTimer: NodeJS.Timeout | undefined;

  /**
   * @param folders the workspace folders now
   * @param entry the worker's script (the built dist/scan-worker.js next to the server by default)
   */
  constructor(
    private readonly folders: () => readonly string[],
    private readonly entry = join(__dirname, 'scan-worker.js'),
  ) {}

  async lint(request: BigFileRequest): Promise<BigFileAnswer | undefined> {
    const first = await this.send(request, []);
    const view = request.options.imageFacts;
    if (!first || !view) return first;
    const facts = first.factKeys.map((key): [string, ImageFacts | undefined] => [key, view.get(key)]).filter((e): e is [string, ImageFacts] => e[1] !== undefined);
    return facts.length ? this.send(request, facts) : first;
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private send(request: BigFileRequest, facts: [string, ImageFacts][]): Promise<ScanAnswer | undefined> {
    const worker = this.start();
    if (!worker) return Promise.resolve(undefined);
    clearTimeout(this.idleTimer);
    const id = ++this.seq;
    const { levels, ruleOptions, maxLength, only } = request.options;
    const message: ScanRequest = {
      id,
      path: request.path,
      language: request.language,
      text: request.text,
      options: { levels, ruleOptions, maxLength, only },
      open: request.open,
      folders: [...this.folders()],
      facts,
    };
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      try {
        worker.postMessage(message);
      } catch {
        this.waiting.delete(id);
        resolve(undefined);
      }
    });
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
      const worker = new Worker(this.entry);
      worker.unref(); // never keeps a shutting-down server alive
      worker.on('message', (a: ScanAnswer) => {
        const resolve = this.waiting.get(a.id);
        this.waiting.delete(a.id);
        resolve?.(a);
        if (!this.waiting.size) this.idleTimer = setTimeout(() => this.dispose(), IDLE_MS).unref();
      });
      const fail = () => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.broken = true; // a worker that could not run once is not tried again
        for (const resolve of this.waiting.values()) resolve(undefined);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', fail);
      this.worker = worker;
      return worker;
    } catch {
      this.broken = true;
      return undefined;
    }
  }
}
