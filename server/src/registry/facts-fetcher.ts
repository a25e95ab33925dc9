/**
 * Fetching image facts: at most `maxConcurrent` images at a time (each one is a few requests to its
 * own registry, under the usual timeout), one fetch per key however often it is asked for, and all
 * of them cancellable at once (workspace trust withdrawn, settings changed).
 */
import { type ImageFacts, parseNormalisedRef } from '../../../rules/api.js';
import type { RegistryClient, ResolveOptions } from './client.js';
import { RegistryError } from './errors.js';
import { factsFromConfig, splitFactsKey } from './image-facts.js';

export const DEFAULT_MAX_CONCURRENT = 4;

export type FetchOutcome = { ok: true; facts: ImageFacts; ms: number } | { ok: false; error: string; kind?: string; ms: number };

interface Job {
  key: string;
  opts: ResolveOptions;
  done: (o: FetchOutcome) => void;
}

export class FactsFetcher {
  private readonly queue: Job[] = [];
  private readonly inflight = new Map<string, Promise<FetchOutcome>>();
  private running = 0;
  private controller = new AbortController();
  /** The most fetches that ran at once (tests and the benchmark read it). */
  peak = 0;

  constructor(
    private readonly client: RegistryClient,
    readonly maxConcurrent = DEFAULT_MAX_CONCURRENT,
  ) {}

  /** Keys queued or being fetched. */
  get pending(): number {
    return this.inflight.size;
  }

  isPending(key: string): boolean {
    return this.inflight.has(key);
  }

  /** Facts for `key` (`docker.io/library/node:20|linux/amd64`) from its registry; never rejects. */
  fetchFacts(key: string, opts: ResolveOptions): Promise<FetchOutcome> {
    let p = this.inflight.get(key);
    if (!p) {
      p = new Promise<FetchOutcome>((done) => this.queue.push({ key, opts, done })).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
      this.pump();
    }
    return p;
  }

  /** Cancels everything queued or running (their outcomes say `cancelled`). */
  cancelAll(): void {
    this.controller.abort();
    this.controller = new AbortController();
    for (const job of this.queue.splice(0)) job.done({ ok: false, error: 'cancelled', kind: 'cancelled', ms: 0 });
  }

  private pump(): void {
    while (this.running < this.maxConcurrent && this.queue.length) {
      const job = this.queue.shift()!;
      this.running++;
      this.peak = Math.max(this.peak, this.running);
      void this.run(job, this.controller.signal).then((o) => {
        this.running--;
        job.done(o);
        this.pump();
      });
    }
  }

  private async run(job: Job, cancel: AbortSignal): Promise<FetchOutcome> {
    const t0 = performance.now();
    const { reference, platform } = splitFactsKey(job.key);
    const parsed = parseNormalisedRef(reference);
    if (!parsed.ok) return { ok: false, error: parsed.error, kind: 'invalid-reference', ms: 0 };
    const signal = job.opts.signal ? AbortSignal.any([cancel, job.opts.signal]) : cancel;
    try {
      const got = await this.client.imageConfig(parsed.ref, platform, { ...job.opts, signal });
      const facts: ImageFacts = {
        ...factsFromConfig(got.config, got.digest),
        reference,
        platform,
        indexDigest: got.indexDigest,
        fetchedAt: new Date().toISOString(),
        source: 'cache',
      };
      if (facts.indexDigest === undefined) delete facts.indexDigest;
      return { ok: true, facts, ms: performance.now() - t0 };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e), kind: e instanceof RegistryError ? e.kind : undefined, ms: performance.now() - t0 };
    }
  }
}
