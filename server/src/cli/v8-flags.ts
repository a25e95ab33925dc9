/**
 * V8 flags the CLI sets at start (bin.ts), before any code is read from the code cache: V8 rejects
 * a cache written under other flags, so they are the same in every run.
 *
 * - `--liftoff-only`: the flag the shell grammar's loader sets (shell-grammar-node.ts), which keeps
 *   the grammar's WebAssembly on V8's baseline compiler.
 * - `--semi-space-growth-factor=16`: the young generation grows to its full size (16 MB a
 *   semi-space) at its first growth instead of doubling four times. A big RUN script's syntax tree
 *   and shell model outlive every young collection, and each collection copies them again: a RUN
 *   of 30,000 piped commands took 7 young collections, now 3. Small files never grow it.
 * - `--no-turbo-inlining`: the optimizing compiler does not copy called functions into their
 *   callers. A CLI run is over before inlined code pays for compiling it: on the 5,000-service
 *   Compose file, V8's background threads spent more CPU than the thread that lints (0.9 s, nearly
 *   all optimizing compiles, against 0.7 s), and on two cores they take turns with it. Without
 *   inlining: 1.6 → 1.1 s of process CPU, the linting thread no slower (0.71 → 0.67 s); the corpus
 *   3.7 → 3.2 s. The language server, which runs for hours, keeps V8's default.
 */
export const CLI_V8_FLAGS = '--liftoff-only --semi-space-growth-factor=16 --no-turbo-inlining';
