/**
 * Lint worker threads (server/src/cli/parallel.ts): how many threads a run gets, results in order
 * whatever thread did the work, work a worker drops or dies with redone on the main thread, and the
 * CLI's output byte-identical with and without workers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { workspaceFiles } from '../../bench/generate.js';
import { MIN_FILES_FOR_THREADS, onThreads, threadsFor } from '../../server/src/cli/parallel.js';
import { type CliHarness, cliHarness, ROOT } from '../support/cli.js';
import { HANG_CEILING_MS } from '../support/scaling.js';

describe('threadsFor', () => {
  it('stays on one thread for small runs, and uses what idle CPUs can keep busy (at most 4 threads) for big ones', () => {
    assert.equal(threadsFor(1, {}, 8, 0), 1);
    assert.equal(threadsFor(MIN_FILES_FOR_THREADS - 1, {}, 8, 0), 1);
    assert.equal(threadsFor(1000, {}, 4, 0.2), 2);
    assert.equal(threadsFor(1000, {}, 16, 0), 4);
    assert.equal(threadsFor(1000, {}, 2, 0), 1, 'one thread already keeps about 1.6 CPUs busy');
    assert.equal(threadsFor(70, {}, 8, 0), 2, 'about 32 files per thread at least');
  });

  it('stays on one thread when the machine is busy', () => {
    assert.equal(threadsFor(1000, {}, 4, 1.5), 1);
    assert.equal(threadsFor(1000, {}, 2, 9), 1);
    assert.equal(threadsFor(1000, {}, 8, 3), 3);
  });

  it('BOSUN_THREADS decides when set (1: no workers), never more threads than files', () => {
    assert.equal(threadsFor(1000, { BOSUN_THREADS: '1' }, 8, 0), 1);
    assert.equal(threadsFor(3, { BOSUN_THREADS: '2' }, 1, 9), 2);
    assert.equal(threadsFor(1, { BOSUN_THREADS: '8' }, 8, 0), 1);
    assert.equal(threadsFor(1000, { BOSUN_THREADS: 'lots' }, 4, 0), 2, 'not a number: the default');
  });
});

describe('onThreads', () => {
  let dir: string;
  /** A worker script: doubles payload values, throws for `throwAt`, ends the thread at `exitAt`. */
  let worker: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bosun-threads-test-'));
    worker = join(dir, 'worker.js');
    await build({
      stdin: {
        contents: `import { runWorker } from ${JSON.stringify(join(ROOT, 'server/src/cli/parallel.ts'))};
          runWorker((p, i) => {
            const started = new Int32Array(p.started);
            Atomics.store(started, 0, 1);
            Atomics.notify(started, 0);
            if (p.throwAt.includes(i)) throw new Error('dropped');
            if (p.exitAt === i) process.exit(1);
            return { doubled: p.values[i] * 2 };
          });`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: worker,
      logLevel: 'warning',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The main thread's share is slow enough (1 ms per item) for the worker to start and take some. */
  const slowly = (value: number) => {
    const end = performance.now() + 1;
    while (performance.now() < end);
    return value * 2;
  };

  /**
   * `waitForWorker`: this thread's first item waits until the worker has taken one (a busy machine
   * can take longer to start a thread than this thread takes for all 400 items).
   */
  async function runWith(payload: { throwAt: number[]; exitAt?: number }, entry = worker, count = 400, waitForWorker = false) {
    const values = Array.from({ length: count }, (_, i) => i + 1);
    const byWorker: number[] = [];
    const byHere: number[] = [];
    const started = new SharedArrayBuffer(4);
    const out = await onThreads<{ values: number[]; throwAt: number[]; exitAt?: number; started: SharedArrayBuffer }, { doubled: number }, number>({
      count,
      threads: 2,
      entry,
      payload: { values, ...payload, started },
      here: (i) => {
        if (waitForWorker && byHere.length === 0) Atomics.wait(new Int32Array(started), 0, 0, HANG_CEILING_MS);
        byHere.push(i);
        return slowly(values[i]);
      },
      fromWorker: (i, r) => {
        byWorker.push(i);
        return r.doubled;
      },
    });
    return { out, expected: values.map((v) => v * 2), byWorker, byHere };
  }

  it('returns every result in index order, whichever thread did it', async () => {
    const r = await runWith({ throwAt: [] }, worker, 400, true);
    assert.deepEqual(r.out, r.expected);
    assert.ok(r.byWorker.length > 0, 'the worker took part');
    assert.equal(r.byWorker.length + r.byHere.length, r.expected.length, 'each item done once');
  });

  it('redoes on this thread what the worker threw on', async () => {
    const r = await runWith({ throwAt: [150, 151, 399] });
    assert.deepEqual(r.out, r.expected);
    for (const i of [150, 151, 399]) assert.ok(!r.byWorker.includes(i) && r.byHere.includes(i), `item ${i} done here`);
  });

  it('redoes what a worker took before it died, and does not wait for it', async () => {
    const r = await runWith({ throwAt: [], exitAt: 120 });
    assert.deepEqual(r.out, r.expected);
    assert.ok(r.byHere.includes(120));
  });

  it('does everything here when the worker cannot start', async () => {
    const broken = join(dir, 'broken.js');
    writeFileSync(broken, 'throw new Error("cannot load");\n');
    const r = await runWith({ throwAt: [] }, broken, 50);
    assert.deepEqual(r.out, r.expected);
    assert.equal(r.byWorker.length, 0);
    const missing = await runWith({ throwAt: [] }, join(dir, 'missing.js'), 20);
    assert.deepEqual(missing.out, missing.expected);
  });
});

describe('the CLI on worker threads', () => {
  let h: CliHarness;
  let ws: string;
  before(async () => {
    h = await cliHarness();
    const files: Record<string, string | Buffer> = {};
    for (const f of workspaceFiles(2 * MIN_FILES_FOR_THREADS)) files[f.path] = f.text;
    // Skipped, ignored and configured files keep their places in the output too.
    files['svc-0003/Dockerfile.bin'] = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0, 1, 2]);
    files['.bosun.yaml'] = 'rules:\n  no-privileged: off\nignore: ["svc-0005/**"]\noverrides:\n  - files: ["svc-001*/*"]\n    rules: { DF001: error }\n';
    ws = h.workspace(files);
  });
  after(() => h?.dispose());

  // Every format is printed from the same per-file reports on the main thread; what a worker sends
  // differs only by whether fixes come with them: text (no fixes) and SARIF (fixes, fingerprints,
  // rule metadata) cover both kinds of run.
  for (const format of ['text', 'sarif']) {
    it(`prints byte-identical ${format} output with and without workers`, () => {
      const one = h.bosun(['--format', format, '.'], { cwd: ws, env: { BOSUN_THREADS: '1' } });
      const two = h.bosun(['--format', format, '.'], { cwd: ws, env: { BOSUN_THREADS: '2', BOSUN_DEBUG: '1' } });
      assert.match(two.stderr, /bosun: \d+ files on 2 threads/);
      assert.equal(two.stdout, one.stdout);
      assert.equal(two.stderr.replace(/^bosun: \d+ files on 2 threads.*\n/m, ''), one.stderr);
      assert.equal(two.code, one.code);
      // The skipped binary file makes the run exit 2, and the last line says so: a run cut short (killed
      // for a full output buffer, or by the timeout) has no exit code, and may or may not have printed it.
      assert.equal(one.code, 2, `the run finished (stderr:\n${one.stderr})`);
      assert.match(one.stderr, /could not be checked: exit 2/);
      assert.ok(one.stdout.length > 1000 && one.stderr.includes('Dockerfile.bin'), 'the run found things and skipped the binary file');
    });
  }

  it('stays on one thread with --fix-dry-run (fixes are written one file after the other)', () => {
    const r = h.bosun(['--fix-dry-run', '--rule', 'DC003', '.'], { cwd: ws, env: { BOSUN_THREADS: '2', BOSUN_DEBUG: '1' } });
    assert.match(r.stdout, /^\+\+\+ /m, 'fixes were made');
    assert.doesNotMatch(r.stderr, /files on 2 threads/);
  });
});
