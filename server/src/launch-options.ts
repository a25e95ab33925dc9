/**
 * How the language server process is started: the extension (execArgv, env) and the benchmark
 * harness (bench/run.ts, bench/memory.ts) use exactly these, so what is measured is what ships.
 * Measured with bench/memory.ts (200 edits, then 3 s idle; RSS in MiB).
 */

/**
 * A young generation of 2 × 2 MiB instead of V8's default (up to 2 × 16 MiB): 20–30 MiB less RSS
 * after typing, edit latency unchanged. Heap growth itself is left to V8: a tighter
 * `--heap-growing-percent` cost 15–25% more CPU per edit; the heap is compacted when the server
 * goes idle instead (server/src/lsp/idle-compaction.ts).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];

/**
 * glibc's allocator (ignored elsewhere): one arena instead of one per thread (V8's compiler and GC
 * threads each grew their own, kept after use), and freed memory at the top of the heap returned to
 * the OS above 128 KiB instead of a threshold that grows up to 32 MiB. 10–17 MiB less RSS when idle
 * and ~5 MiB less at start-up; edit latency unchanged.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '1',
  MALLOC_TRIM_THRESHOLD_: '131072',
};
