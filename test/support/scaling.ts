/**
 * Complexity guards that do not depend on how fast or busy the machine is: the same work is timed
 * on an input of size n and on one of size factor·n of the same shape, in the same process, and
 * the ratio of the two times is compared with what a linear (or n·log n) cost allows. A linear
 * path gives about `factor`, a quadratic one `factor²`.
 *
 * The time is the CPU time of this process, not the wall clock: on a busy machine a run of 100 ms
 * is always preempted a few times while one of 10 ms often is not, so wall-clock ratios grow with
 * the load; CPU time does not count the time spent waiting for a core. Each size is timed several
 * times, interleaved, the fastest run of each counts, and a ratio over the bound is measured up to
 * twice more before it fails. The young generation is emptied before each run (settleYoungGeneration),
 * so that no run pays for what another left. Unlike the scale sweep, a guard does not also time the
 * emptying after its run: its samples are a few milliseconds, and two scavenges billed to each (more
 * under load, with the GC's helper threads) flattened a quadratic cost's 16x to 8.4 once in a soak.
 *
 * The only absolute time is a ceiling against a true hang (HANG_CEILING_MS), far above anything a
 * busy machine does to a working build.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
/**
 * V8's gc(), for settling the heap between measures (not a test of memory). On Node 20 (V8 11.3) a
 * call with any argument is a young-generation collection (a scavenge), `{ type: 'major' }` too;
 * only `gc()` collects the whole heap.
 */
export const collectGarbage = runInNewContext('gc') as (options?: { type: 'minor' }) => void;

/**
 * Empties the young generation: two scavenges (the first moves what survives within the young
 * generation, the second promotes it). The scale sweep calls it before a timed run, and again
 * inside its timed window after it, so that every run pays for moving what it leaves alive:
 * otherwise a run that fits in the young generation leaves that copy to whatever runs next, and one
 * that does not pays it in scavenges of its own, a step of 3-5x at the size where a run stops
 * fitting (16 MB, found in the scale sweep's parse of package index updates: 5.1 then 1.9 per
 * doubling; 2.0 and 2.1 with the copy timed at every size). Not a full collection: the run after one costs several times more.
 */
export function settleYoungGeneration(): void {
  collectGarbage({ type: 'minor' });
  collectGarbage({ type: 'minor' });
}

export const HANG_CEILING_MS = 60_000;

/** Untimed runs of the small and the big input before the samples, while they take less than WARM_UP_MS. */
const WARM_UP_PAIRS = 4;
const WARM_UP_MS = 400;

export interface GrowthOptions {
  /** How much bigger the big input is (default 4). */
  factor?: number;
  /** The ratio big/small above which the cost is not linear (default: factor × 2, i.e. 8 for 4×). */
  maxRatio?: number;
  /** Timed runs of each size (default 3); the fastest counts. */
  samples?: number;
  /** A small run is repeated until one sample takes at least this long, so the timer's resolution does not matter (default 4 ms). */
  minSampleMs?: number;
}

export interface Growth {
  /** CPU milliseconds of one run of each size (the fastest sample). */
  smallMs: number;
  bigMs: number;
  ratio: number;
}

/** Times `run(input)` on inputs of size n and factor·n (inputs are built before timing). */
export function measureGrowth<T>(make: (n: number) => T, run: (input: T) => unknown, n: number, options: GrowthOptions = {}): Growth {
  const factor = options.factor ?? 4;
  const samples = options.samples ?? 3;
  const minSampleMs = options.minSampleMs ?? 4;
  const small = make(n);
  const big = make(n * factor);
  const started = performance.now();
  const time = (input: T, reps: number): number => {
    settleYoungGeneration();
    const before = process.cpuUsage();
    for (let i = 0; i < reps; i++) run(input);
    const used = process.cpuUsage(before);
    assert.ok(performance.now() - started < HANG_CEILING_MS, `still running after ${HANG_CEILING_MS / 1000} s: a hang, not a slow machine`);
    return (used.user + used.system) / 1000 / reps;
  };
  // Warm-up of both sizes (the big input can reach code the small one did not), repeated for cheap
  // shapes until V8 has optimized what they run: it compiles on background threads, billed to
  // whichever run is going on (DF042's big input took 28-30 ms in its first three runs and 8-9 ms
  // after, more than its ratio bound allows if the samples start early). Then as many repetitions
  // as make a sample measurable.
  let first = time(small, 1);
  let warm = first + time(big, 1);
  for (let pair = 1; pair < WARM_UP_PAIRS && warm < WARM_UP_MS; pair++) {
    first = time(small, 1);
    warm += first + time(big, 1);
  }
  const reps = Math.min(1000, Math.max(1, Math.ceil(minSampleMs / Math.max(first, 0.001))));
  const bigReps = Math.max(1, Math.round(reps / factor));
  let smallMs = Number.POSITIVE_INFINITY;
  let bigMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < samples; i++) {
    smallMs = Math.min(smallMs, time(small, reps));
    bigMs = Math.min(bigMs, time(big, bigReps));
  }
  return { smallMs, bigMs, ratio: bigMs / Math.max(smallMs, 1e-6) };
}

/** Measures of a growth over its bound before a guard fails. */
const MEASURES = 3;

const describeGrowth = (g: Growth, factor: number) => `${g.smallMs.toFixed(2)} ms at n, ${g.bigMs.toFixed(2)} ms at ${factor}n: ratio ${g.ratio.toFixed(1)}`;

/**
 * Asserts that `run` costs at most about linear time in n: the ratio of the big to the small run is
 * at most `maxRatio`, measured up to three times before failing (a cost that is not linear is over
 * every time; on a busy machine a linear one was over twice in a row once in a soak). Returns the
 * growth of the accepted measure.
 */
export function assertLinear<T>(what: string, make: (n: number) => T, run: (input: T) => unknown, n: number, options: GrowthOptions = {}): Growth {
  const factor = options.factor ?? 4;
  const maxRatio = options.maxRatio ?? factor * 2;
  let g = measureGrowth(make, run, n, options);
  for (let tries = 1; tries < MEASURES && g.ratio > maxRatio; tries++) {
    const again = measureGrowth(make, run, n, options);
    if (again.ratio < g.ratio) g = again;
  }
  if (process.env.BOSUN_SCALING_LOG) console.error(`scaling: ${what}: ${describeGrowth(g, factor)}`);
  assert.ok(g.ratio <= maxRatio, `${what}: ${describeGrowth(g, factor)} (at most ${maxRatio} for a linear cost)`);
  return g;
}

/**
 * Runs `run` and fails if it took longer than the hang ceiling: for inputs of a fixed small size
 * whose failure mode is exponential (alias and merge bombs), where no growth can be measured.
 */
export function withinHangCeiling<T>(what: string, run: () => T): T {
  const t0 = performance.now();
  const result = run();
  const ms = performance.now() - t0;
  assert.ok(ms < HANG_CEILING_MS, `${what}: ${Math.round(ms / 1000)} s, a hang rather than a slow machine`);
  return result;
}
