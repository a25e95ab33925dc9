/** Entry point of the installed `bosun` (dist/cli.js): runs dist/cli-main.js through the code cache (launcher.ts). */
import { setFlagsFromString } from 'node:v8';
import { cacheDirFor, codeCacheLoader } from './launcher.js';
import { LINT_WORKER_ARG } from './parallel.js';
import { CLI_V8_FLAGS } from './v8-flags.js';

// Before any code is read from the cache: V8 rejects a code cache written under other flags.
setFlagsFromString(CLI_V8_FLAGS);

const loader = codeCacheLoader(__dirname, cacheDirFor(__dirname, process.env));
// Lint worker threads (parallel.ts) run this too; the main thread alone writes caches.
if (!process.argv.includes(LINT_WORKER_ARG)) {
  process.once('exit', () => {
    try {
      loader.save();
    } catch {
      // A cache is an optimisation: never let it change how a run ends.
    }
  });
}
try {
  loader.run();
} catch (e) {
  // The CLI reports its own errors; this is the bundle failing to load at all (a broken install).
  process.stderr.write(`bosun: internal error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
  if (process.env.BOSUN_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = 2;
}
