/** Entry point of the `bosun` CLI (bundled to dist/cli.js). Never shows a stack trace unless BOSUN_DEBUG is set. */
import { EXIT_ERROR, run } from './run.js';
import { VERSION } from './version.js';

function main(): void {
  try {
    process.exitCode = run(
      process.argv.slice(2),
      {
        cwd: process.cwd(),
        env: process.env,
        stdoutIsTTY: process.stdout.isTTY === true,
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
      },
      VERSION,
    );
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`bosun: internal error: ${msg.split('\n')[0]}\n`);
    if (process.env.BOSUN_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = EXIT_ERROR;
  }
}

// `bosun … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') process.stderr.write(`bosun: cannot write output: ${e.message}\n`);
  process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
});

main();
