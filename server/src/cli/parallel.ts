/**
 * Linting a big run on several threads: this thread and worker threads take files from one shared
 * counter (a slow file holds up no fixed share), and results are put back in the files' order, so
 * the output is the same as on one thread. A worker that fails or dies leaves its files to this
 * thread. `node:worker_threads` is required only here: loading it costs more than a small run.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { MessagePort, Worker } from 'node:worker_threads';

/** In a worker's argv: the bundle runs the worker loop instead of the CLI. */
export const LINT_WORKER_ARG = '--bosun-lint-worker';

/** Below this many files a worker costs more to start (it loads the engine and rules) than it saves. */
export const MIN_FILES_FOR_THREADS = 64;
const MIN_FILES_PER_THREAD = 32;
const MAX_THREADS = 4;

/**
 * CPUs one linting thread keeps busy: V8 compiles and collects garbage on background threads
 * (measured: 5.3 s of CPU in 3.3 s for 300 files on one thread).
 */
const CPUS_PER_THREAD = 1.6;

/**
 * Threads for `files` files, this one included: BOSUN_THREADS when set (1: no workers), else as many
 * as the idle CPUs can keep busy (like `make -l`). A worker that finds no idle CPU only adds its
 * start-up and a second warm-up of the rules: measured on 2 CPUs, 15% more CPU time and no faster.
 */
export function threadsFor(files: number, env: NodeJS.ProcessEnv, cpus = availableParallelism(), load = loadavg()[0]): number {
  const setting = env.BOSUN_THREADS;
  if (setting !== undefined && /^\d+$/.test(setting.trim())) return Math.max(1, Math.min(Number(setting), files));
  if (files < MIN_FILES_FOR_THREADS) return 1;
  const fit = Math.floor(Math.max(0, cpus - load) / CPUS_PER_THREAD);
  return Math.max(1, Math.min(fit, MAX_THREADS, Math.floor(files / MIN_FILES_PER_THREAD)));
}

/** What the worker gets: the run's data, and where it takes indices from and sends results to. */
export interface WorkerInput<P> {
  payload: P;
  count: number;
  counter: SharedArrayBuffer;
  port: MessagePort;
}

/** A worker's answer for one index; `value` undefined: the worker could not do it (this thread will). */
interface WorkerMessage<R> {
  index: number;
  value?: R;
}

interface Helper {
  worker: Worker;
  port: MessagePort;
  exited: boolean;
  onExit?: () => void;
}

/**
 * Runs `here(i)` for every i < count on this thread and, through `entry` (the bundle) started as
 * `threads - 1` workers, `work(i)` there (see runWorker); `fromWorker` turns a worker's value back into
 * a result. Returns the results by index.
 */
export async function onThreads<P, R, T>(opts: {
  count: number;
  threads: number;
  entry: string;
  payload: P;
  here: (index: number) => T;
  fromWorker: (index: number, value: R) => T;
  debug?: (message: string) => void;
}): Promise<T[]> {
  const { count, here, fromWorker } = opts;
  const out: (T | undefined)[] = new Array(count).fill(undefined);
  const done: boolean[] = new Array(count).fill(false);
  let settled = 0;
  let fromHelpers = 0;
  const take = (m: WorkerMessage<R>): void => {
    if (!Number.isInteger(m.index) || m.index < 0 || m.index >= count || done[m.index]) return;
    if (m.value === undefined) return; // left undone: redone below
    out[m.index] = fromWorker(m.index, m.value);
    done[m.index] = true;
    settled++;
    fromHelpers++;
  };
  const wt = require('node:worker_threads') as typeof import('node:worker_threads');
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const helpers: Helper[] = [];
  for (let n = 1; n < opts.threads; n++) {
    try {
      const { port1, port2 } = new wt.MessageChannel();
      const workerData: WorkerInput<P> = { payload: opts.payload, count, counter, port: port2 };
      const worker = new wt.Worker(opts.entry, { argv: [LINT_WORKER_ARG], workerData, transferList: [port2], stdout: true, stderr: true });
      const helper: Helper = { worker, port: port1, exited: false };
      worker.on('error', (e) => opts.debug?.(`lint worker failed: ${e instanceof Error ? e.message : String(e)}`));
      worker.once('exit', () => {
        helper.exited = true;
        helper.onExit?.();
      });
      helpers.push(helper);
    } catch (e) {
      opts.debug?.(`cannot start a lint worker: ${e instanceof Error ? e.message : String(e)}`);
      break;
    }
  }
  const drain = (h: Helper): void => {
    for (let m = wt.receiveMessageOnPort(h.port); m; m = wt.receiveMessageOnPort(h.port)) take(m.message as WorkerMessage<R>);
  };

  try {
    for (let i = Atomics.add(next, 0, 1); i < count; i = Atomics.add(next, 0, 1)) {
      out[i] = here(i);
      done[i] = true;
      settled++;
      for (const h of helpers) drain(h);
    }
    for (const h of helpers) drain(h);
    // The workers' last files: wait for their results, or for them to exit (then what is left is done here).
    if (settled < count && helpers.some((h) => !h.exited)) {
      await new Promise<void>((resolve) => {
        const check = () => {
          if (settled >= count || helpers.every((h) => h.exited)) resolve();
        };
        for (const h of helpers) {
          h.port.on('message', (m: WorkerMessage<R>) => {
            take(m);
            check();
          });
          h.onExit = () => {
            drain(h);
            check();
          };
        }
        check();
      });
    }
  } finally {
    // Workers still starting up when the files ran out are not waited for.
    for (const h of helpers) {
      h.port.close();
      h.worker.unref();
      void h.worker.terminate();
    }
  }
  let redone = 0;
  for (let i = 0; i < count; i++) {
    if (done[i]) continue;
    out[i] = here(i);
    redone++;
  }
  opts.debug?.(`${count} files on ${helpers.length + 1} threads: ${fromHelpers} from workers, ${redone} redone here`);
  return out as T[];
}

/**
 * The worker's side: once `ready` settles, takes indices until none are left, sending `work(i)` (or
 * nothing, when it throws) for each.
 */
export async function runWorker<P, R>(work: (payload: P, index: number) => R, ready: Promise<unknown> = Promise.resolve()): Promise<void> {
  const wt = require('node:worker_threads') as typeof import('node:worker_threads');
  const { payload, count, counter, port } = wt.workerData as WorkerInput<P>;
  // A worker that cannot get ready still takes its share: each lint fails and goes back to the main thread.
  await ready.catch(() => undefined);
  const next = new Int32Array(counter);
  for (let i = Atomics.add(next, 0, 1); i < count; i = Atomics.add(next, 0, 1)) {
    try {
      port.postMessage({ index: i, value: work(payload, i) } satisfies WorkerMessage<R>);
    } catch {
      // A lint that throws, or a result that cannot be sent: this index goes back to the main thread.
      port.postMessage({ index: i } satisfies WorkerMessage<R>);
    }
  }
  port.close();
}
