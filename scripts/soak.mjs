// `npm run soak`: runs `npm test` several times in a row while another CPU-heavy job runs beside it
// the whole time (restarted whenever it ends), and prints one line per run: the check that the test
// run passes on a busy machine every time. Each run's full output goes to bench/results/soak-*/.
//
//   npm run soak                                   10 runs of `npm test` beside `npm run bench -- --quick`
//   npm run soak -- --times 3 --test unit          3 runs of `npm test -- unit`
//   npm run soak -- --beside "npm run scale"       another job beside it
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const options = { times: 10, test: '', beside: 'npm run bench -- --quick' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
  const value = () => inline ?? argv[++i];
  if (flag === '--times') options.times = Number(value());
  else if (flag === '--test') options.test = value();
  else if (flag === '--beside') options.beside = value();
  else throw new Error(`unknown option ${argv[i]} (see the comment at the top of scripts/soak.mjs)`);
}
if (!(options.times >= 1)) throw new Error('--times takes a number ≥ 1');

const dir = join(root, 'bench', 'results', `soak-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });

/**
 * Runs a shell command with its output in `file`; resolves with its exit status. The file is ended
 * when the command is over, not when the first of its two streams ends (pipe's default): a run's
 * stderr once ended first, the rest of its output was lost and the soak died writing it.
 */
function run(command, file, onChild = () => {}) {
  const out = createWriteStream(file);
  const child = spawn('bash', ['-c', command], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  onChild(child);
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  return new Promise((resolve) => child.on('close', (code, signal) => out.end(() => resolve(code ?? signal))));
}

// The job beside: restarted until the last test run is over.
let besideChild;
let besideRuns = 0;
let stopping = false;
const besideDone = (async () => {
  while (!stopping) {
    besideRuns++;
    const status = await run(options.beside, join(dir, `beside-${besideRuns}.log`), (c) => (besideChild = c));
    if (status !== 0 && !stopping) console.log(`  (the job beside exited with ${status}; see beside-${besideRuns}.log; restarting it)`);
  }
})();

const testCommand = `npm test${options.test ? ` -- ${options.test}` : ''}`;
console.log(`${options.times} × \`${testCommand}\` beside \`${options.beside}\`; logs in ${dir}`);
const rows = [];
for (let n = 1; n <= options.times; n++) {
  const load = loadavg()[0];
  const t0 = performance.now();
  const log = join(dir, `test-${n}.log`);
  const status = await run(testCommand, log);
  const secs = (performance.now() - t0) / 1000;
  const text = readFileSync(log, 'utf8');
  const closing = /^tests: .*$/m.exec(text)?.[0];
  // A run whose log has no closing line did not show that every test ran: not a pass.
  const passed = status === 0 && closing !== undefined;
  const verdict = passed ? 'passed' : status === 0 ? 'FAILED (no closing line)' : `FAILED (exit ${status})`;
  const row = `run ${String(n).padStart(2)}: ${verdict}  ${secs.toFixed(0).padStart(4)} s  load ${load.toFixed(1).padStart(4)} at start  ${closing ?? '(no closing line)'}`;
  rows.push({ status: passed ? 0 : status || 'no closing line', secs, closing });
  console.log(row);
}
stopping = true;
if (besideChild?.exitCode === null) process.kill(-besideChild.pid, 'SIGTERM');
await besideDone;

const passed = rows.filter((r) => r.status === 0).length;
const times = rows.map((r) => r.secs).sort((a, b) => a - b);
console.log(
  `\n${passed} of ${rows.length} runs passed; run time ${times[0].toFixed(0)}–${times[times.length - 1].toFixed(0)} s (median ${times[Math.floor(times.length / 2)].toFixed(0)} s); the job beside ran ${besideRuns} times`,
);
process.exit(passed === rows.length ? 0 : 1);
