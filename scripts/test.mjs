// `npm test`: every test, stage by stage, with timings. `npm test -- unit` or `-- e2e` runs one part.
// Stages: typecheck, lint and format check (Biome, biome.jsonc) and build (side by side), then three
// lanes side by side: unit (the pure tests in three processes, see UNIT_GROUPS),
// integration (CLI processes, worker threads, the language server, the registry: one process per
// file, two at a time) and the editor lane (the .vsix packages, then the real-editor E2E on
// code-server + Chromium, which mostly waits on the editor and so fills the CPU the others leave).
// Stages that run side by side print one after the other. No stage forces its processes to exit: a
// test file that leaves a handle open hangs, and that is a bug to fix, not to hide.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
const totals = { pass: 0, fail: 0, uncounted: [] };
const timings = [];

function findTests(dir, pattern, skip = []) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.') || skip.includes(relative(root, p))) continue;
    if (statSync(p).isDirectory()) out.push(...findTests(p, pattern, skip));
    else if (pattern.test(name)) out.push(relative(root, p));
  }
  return out.sort();
}

/**
 * A test file that starts processes, threads or servers (or drives the language server, the CLI or
 * the registry through the test clients) runs in the integration stage; the rest share one process.
 */
const INTEGRATION = /from '(node:(child_process|worker_threads|http|https|net)|[^']*\/(lsp-client|registry\/lsp|registry\/fixture|support\/cli)(\.js)?|\.\/(lsp|fixture)(\.js)?)'/;
const isIntegration = (file) => INTEGRATION.test(readFileSync(join(root, file), 'utf8'));

/**
 * The pure tests run in three processes so the unit lane ends with the other two: the property
 * tests (fuzzing, every fix written every way, incremental lint against a full one), the cost
 * guards and whole-corpus checks, and the rest (each rule's and model's own tests). Each of the
 * first two is a large share of the lane's CPU (the corpus checks only run where ../shared/corpus is).
 */
const UNIT_GROUPS = [
  ['rules, engine, models', () => true],
  ['fuzzing, fix variants, incremental', (file) => /^test\/(fuzz|incremental)\//.test(file)],
  ['cost guards, hostile inputs, corpus', (file) => /^test\/(robustness|corpus)\//.test(file)],
];

/** Each file in the last group that takes it. */
function unitGroups(files) {
  const groups = UNIT_GROUPS.map(([name]) => ({ name, files: [] }));
  for (const file of files) groups[UNIT_GROUPS.findLastIndex(([, takes]) => takes(file))].files.push(file);
  return groups;
}

/**
 * Stages running side by side print one after the other: a `live` one as it goes, the others
 * (buffered) once every stage started before them has printed. A stage resolves when its process
 * ends (its lane goes on); `printed` resolves when the last started stage has printed.
 */
let printed = Promise.resolve();

async function stage(name, cmd, args, env = {}, live = true) {
  const t0 = performance.now();
  const header = `\n=== ${name}: ${[cmd, ...args].join(' ').slice(0, 200)}`;
  const turn = printed;
  let done;
  printed = new Promise((resolve) => (done = resolve));
  if (live) console.log(header);
  const child = spawn(cmd, args, { cwd: root, stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const chunks = [];
  if (!live) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => chunks.push(d));
  const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  const secs = (performance.now() - t0) / 1000;
  timings.push([name, secs, status === 0 ? 'ok' : `FAILED (exit ${status})`]);
  turn.then(() => {
    if (!live) {
      console.log(header);
      process.stdout.write(Buffer.concat(chunks));
    }
    done();
  });
  return status === 0;
}

async function nodeTests(name, files, extra = [], env = {}, live = true) {
  const tap = join(mkdtempSync(join(tmpdir(), 'bosun-test-')), 'report.tap');
  const ok = await stage(
    name,
    process.execPath,
    ['--import', 'tsx', '--test', ...extra, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    env,
    live,
  );
  let report = '';
  try {
    report = readFileSync(tap, 'utf8');
  } catch {
    /* runner died before writing */
  }
  const count = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(report)?.[1] ?? 0);
  // A runner that died (or was killed) before the TAP file got its summary: say so rather than count 0.
  if (!/^# pass \d+$/m.test(report)) totals.uncounted.push(name);
  totals.pass += count('pass');
  totals.fail += count('fail') + (ok || count('fail') ? 0 : 1);
  return ok;
}

const started = performance.now();
const all = (stages) => Promise.all(stages).then((oks) => oks.every(Boolean));

/** The packages, the editor tools (installed once) and the real-editor E2E, one after the other. */
async function editorLane(live) {
  if (!(await stage('package .vsix', process.execPath, ['scripts/package.mjs'], {}, live))) return false;
  if (!(await stage('package web-only .vsix', process.execPath, ['scripts/package.mjs', '--web-only'], {}, live))) return false;
  if (!(await stage('e2e tools (chromium, code-server)', 'bash', ['test/e2e/setup.sh'], {}, live))) return false;
  return nodeTests('real-editor E2E (code-server + Chromium)', findTests(join(root, 'test', 'e2e'), /\.e2e\.test\.js$/), ['--test-concurrency=1'], {}, live);
}

let ok = true;
if (!only || only === 'unit') {
  ok = await all([
    stage('typecheck', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']),
    stage('lint', process.execPath, ['node_modules/@biomejs/biome/bin/biome', 'check', '--error-on-warnings'], {}, false),
    stage('build', process.execPath, ['scripts/build.mjs'], {}, false),
  ]);
  await printed;
  const files = [...findTests(join(root, 'rules'), /\.test\.ts$/), ...findTests(join(root, 'test'), /\.test\.ts$/, ['test/e2e'])];
  const integration = files.filter(isIntegration);
  const unit = files.filter((f) => !integration.includes(f));
  ok =
    (await all([
      ...unitGroups(unit).map(({ name, files }, i) =>
        nodeTests(`unit: ${name} (${files.length} files, one process)`, ['test/support/in-process.ts'], [], { BOSUN_TEST_FILES: files.join('\n') }, i === 0),
      ),
      // Two at a time: these mostly wait on the processes they start.
      nodeTests(`integration: CLI, LSP, registry (${integration.length} files)`, integration, ['--test-concurrency=2'], {}, false),
      ...(only ? [] : [editorLane(false)]),
    ])) && ok;
} else if (only === 'e2e') {
  ok = (await stage('build', process.execPath, ['scripts/build.mjs'])) && (await editorLane(true));
}
await printed;

console.log(`\n=== stage timings${!only || only === 'unit' ? ' (typecheck, lint and build ran side by side, then unit, integration and the editor lane)' : ''}`);
for (const [name, secs, status] of timings) console.log(`${name.padEnd(44)} ${secs.toFixed(1).padStart(7)} s  ${status}`);
console.log(`${'all stages'.padEnd(44)} ${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s`);
const uncounted = totals.uncounted.length ? ` (not counted: ${totals.uncounted.join('; ')} — its report was cut short)` : '';
console.log(`\ntests: ${totals.pass} passed, ${totals.fail} failed${uncounted}`);
process.exit(ok && totals.fail === 0 ? 0 : 1);
