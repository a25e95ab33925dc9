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
 * The worker sees what the main thread would: it is sent the open documents' texts (an unsaved
 * buffer wins over the disk for the files a lint reads) and reads the rest from disk.
 */
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Finding, LanguageId, LintOptions } from '../../../rules/api.js';

/** Files this long or longer are linted on the worker. */
export const BIG_FILE_CHARS = 100_000;
/** The worker ends after this long without a file. */
const IDLE_MS = 10_000;

/** What the worker is asked: one file, its text, the options of its lint and the open documents. */
export interface ScanRequest {
  id: number;
  path: string;
  language: LanguageId;
  text: string;
  /** Serialisable options only (levels, rule options, limits): the worker adds its files view. */
  options: Pick<LintOptions, 'levels' | 'ruleOptions' | 'maxLength' | 'only'>;
  open: { path: string; text: string }[];
}

/** The worker's answer: findings without their reports (those hold the model's nodes), and what the lint read. */
export interface ScanAnswer {
  id: number;
  findings: Omit<Finding, 'report'>[];
  errors: string[];
  touched: string[];
}

export class ScanWorker {
  private worker: Worker | undefined;
  private broken = false;
  private seq = 0;
  private readonly waiting = new Map<number, (a: ScanAnswer | undefined) => void>();
  private idleTimer: NodeJS.Timeout | undefined;

  /** @param entry the worker's script (the built dist/scan-worker.js next to the server by default) */
  constructor(private readonly entry = join(__dirname, 'scan-worker.js')) {}

  /** The lint of a big file, or undefined when the worker cannot do it (the caller lints it then). */
  lint(request: Omit<ScanRequest, 'id'>): Promise<ScanAnswer | undefined> {
    const worker = this.start();
    if (!worker) return Promise.resolve(undefined);
    clearTimeout(this.idleTimer);
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      try {
        worker.postMessage({ ...request, id } satisfies ScanRequest);
      } catch {
        this.waiting.delete(id);
        resolve(undefined);
      }
    });
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    void this.worker?.terminate();
    this.worker = undefined;
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
