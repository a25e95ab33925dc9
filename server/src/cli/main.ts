/** Entry point of the `bosun` CLI (bundled to dist/cli-main.js). Never shows a stack trace unless BOSUN_DEBUG is set. */
import { LINT_WORKER_ARG } from './parallel.js';
import { EXIT_ERROR, run, runLintWorker } from './run.js';
import { VERSION } from './version.js';

function internalError(e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`bosun: internal error: ${msg.split('\n')[0]}\n`);
  if (process.env.BOSUN_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  process.exitCode = EXIT_ERROR;
}

function main(): void {
  // A plain copy of the environment: the YAML parser reads process.env for every token (a debug
  // switch), and each read of the real one is a call into C++ — a tenth of parsing a big Compose
  // file. The CLI never changes its environment; child processes get the same variables.
  process.env = { ...process.env };
  // `bosun … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`bosun: cannot write output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
  });
  run(
    process.argv.slice(2),
    {
      cwd: process.cwd(),
      env: process.env,
      stdoutIsTTY: process.stdout.isTTY === true,
      out: (t) => process.stdout.write(t),
      outBytes: (b) => process.stdout.write(b),
      err: (t) => process.stderr.write(t),
      // Big runs start this same script again as lint worker threads.
      workerEntry: require.main?.filename,
    },
    VERSION,
  ).then((code) => {
    process.exitCode = code;
  }, internalError);
}

// A worker is told so in its argv; loading node:worker_threads to ask costs more than a small run.
if (process.argv.includes(LINT_WORKER_ARG) && !(require('node:worker_threads') as typeof import('node:worker_threads')).isMainThread) {
  runLintWorker();
} else {
  main();
}
