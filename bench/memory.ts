/**
 * `node --import tsx bench/memory.ts`: Bosun's server alone, the benchmark's edits on generated files,
 * and what its memory is made of afterwards. Quicker than `npm run bench` for trying memory changes.
 *
 *   --sizes 50,500,5000     input sizes (lines)
 *   --language dockerfile   or compose, or both (default)
 *   --flags "--a --b"       extra node flags for the server
 *   --no-default-flags      without the shipped flags and environment (server/src/launch-options.ts);
 *                           environment variables given to this script still reach the server
 *   --server path/server.js a bundle to run (default: a private bundle of the current source)
 *   --edits 200             measured one-character edits
 *   --runs 1                repeat each input this many times (separate processes)
 *   --snapshot dir          write a heap snapshot of the server after the run (SIGUSR2) into dir
 *   --idle 1,3,10           read RSS again this many seconds after the run, the server idle meanwhile
 *                           (default: 3, as `npm run bench` does)
 *
 * The heap and GC figures come from a preload (`-r`) that counts GC pauses and answers SIGUSR1 by
 * writing process.memoryUsage(), V8's heap spaces and the GC totals to a file, so the server itself
 * stays unchanged. CPU time per edit (from /proc) is steadier than latency on a busy machine.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../server/src/launch-options';
import { buildBundles } from './build';
import { compose, dockerfile } from './generate';
import { IDLE_MEMORY_MS, type Input, LspRun, type ServerSpec } from './lsp';
import { planFor } from './sites';

interface Options {
  sizes: number[];
  languages: ('dockerfile' | 'compose')[];
  flags: string[];
  defaultFlags: boolean;
  server?: string;
  edits: number;
  runs: number;
  snapshot?: string;
  /** RSS readings after the run: [wait since the previous reading in ms, label]. */
  idle: [number, string][];
}

function parse(argv: string[]): Options {
  const o: Options = {
    sizes: [50, 500, 5000],
    languages: ['dockerfile', 'compose'],
    flags: [],
    defaultFlags: true,
    edits: 200,
    runs: 1,
    idle: [[IDLE_MEMORY_MS, `+${IDLE_MEMORY_MS / 1000}s`]],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === '--sizes') o.sizes = v().split(',').map(Number);
    else if (a === '--language') o.languages = [v() as 'dockerfile' | 'compose'];
    else if (a === '--flags') o.flags = v().split(' ').filter(Boolean);
    else if (a === '--no-default-flags') o.defaultFlags = false;
    else if (a === '--server') o.server = v();
    else if (a === '--edits') o.edits = Number(v());
    else if (a === '--runs') o.runs = Number(v());
    else if (a === '--snapshot') o.snapshot = v();
    else if (a === '--idle') {
      let at = 0;
      o.idle = v()
        .split(',')
        .map((sec) => {
          const ms = Number(sec) * 1000;
          const wait = ms - at;
          at = ms;
          return [wait, `+${sec}s`] as [number, string];
        });
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const PROBE = `
const fs = require('fs'), v8 = require('v8'), { PerformanceObserver, constants } = require('perf_hooks');
const gc = { minor: 0, major: 0, incremental: 0, weak: 0, count: 0, forced: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const k = e.detail?.kind ?? e.kind;
    const name = k === constants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : k === constants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : k === constants.NODE_PERFORMANCE_GC_INCREMENTAL ? 'incremental' : 'weak';
    gc[name] += e.duration;
    gc.count++;
    if ((e.detail?.flags ?? e.flags) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) gc.forced++;
  }
}).observe({ entryTypes: ['gc'] });
process.on('SIGUSR1', () => {
  const spaces = {};
  for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
  fs.writeFileSync(process.env.BOSUN_MEMORY_PROBE, JSON.stringify({ usage: process.memoryUsage(), heap: v8.getHeapStatistics(), spaces, gc }));
});
`;

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function status(pid: number): Record<string, number> {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const out: Record<string, number> = {};
  for (const k of ['VmRSS', 'VmHWM', 'RssAnon', 'RssFile']) out[k] = Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]) / 1024;
  return out;
}

/** The process's CPU time (user + system): less disturbed than wall-clock time by other work on the machine. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
}

interface Probe {
  usage: NodeJS.MemoryUsage;
  spaces: Record<string, { size: number; used: number }>;
  gc: { minor: number; major: number; incremental: number; weak: number; count: number; forced: number };
}

/** Asks the server's preload for its memory and GC totals so far. */
async function probe(pid: number, out: string): Promise<Probe | undefined> {
  rmSync(out, { force: true });
  process.kill(pid, 'SIGUSR1');
  for (let i = 0; i < 100; i++) {
    await sleep(20);
    try {
      return JSON.parse(readFileSync(out, 'utf8')) as Probe;
    } catch {
      /* not written yet */
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const work = mkdtempSync(join(tmpdir(), 'bosun-memory-'));
  let server = o.server;
  let bundleDir: string | undefined;
  if (!server) {
    const b = await buildBundles();
    server = b.server;
    bundleDir = b.dir;
  }
  const probeScript = join(work, 'probe.js');
  writeFileSync(probeScript, PROBE);
  const flags = [...(o.defaultFlags ? SERVER_NODE_FLAGS : []), ...o.flags];
  console.log(`server ${server} (${mib(readFileSync(server).length)} MiB), node flags: ${flags.join(' ') || '(none)'}`);
  for (const language of o.languages) {
    for (const n of o.sizes) {
      for (let run = 0; run < o.runs; run++) {
        const cwd = join(work, `${language}-${n}`);
        mkdirSync(cwd, { recursive: true });
        const text = language === 'dockerfile' ? dockerfile(n) : compose(n);
        const file = join(cwd, language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml');
        writeFileSync(file, text);
        const input: Input = { name: `${language}-${n}`, language, lines: text.split('\n').length - 1, uri: pathToFileURL(file).href, text, cwd, rootUri: pathToFileURL(cwd).href };
        const out = join(work, 'probe.json');
        process.env.BOSUN_MEMORY_PROBE = out;
        const spec: ServerSpec = {
          name: 'bosun',
          command: process.execPath,
          env: o.defaultFlags ? { ...SERVER_ENV } : {},
          args: [...flags, '-r', probeScript, ...(o.snapshot ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${o.snapshot}`] : []), server, '--stdio'],
          languageId: language === 'dockerfile' ? 'dockerfile' : 'dockercompose',
          settings: () => ({ enable: true, rules: {} }),
          checks: '',
        };
        const plan = planFor(language, text, { edits: o.edits, bursts: 3, codeActions: 30, budgetMs: 60_000, warmupMaxMs: 3000, burstIntervalMs: 30, timeoutMs: 120_000 });
        const r = new LspRun(spec, input, plan.budgetMs, plan.timeoutMs);
        r.result.editsPlanned = plan.sites.reduce((k, s) => k + 2 * s.text.length, 0);
        // The child is private to LspRun; its pid is what /proc needs.
        const pid = (r as unknown as { child: { pid: number } }).child.pid;
        await r.open();
        const opened = status(pid);
        await r.warmup(plan.warmupSites, plan.warmupMaxMs);
        const cpu0 = cpuMs(pid);
        const gc0 = await probe(pid, out);
        for (const site of plan.sites) if (!r.overBudget) await r.typeSite(site);
        const editCpuMs = cpuMs(pid) - cpu0;
        const gc1 = await probe(pid, out);
        for (const site of plan.burstSites) await r.burst(site, plan.burstIntervalMs);
        await r.codeActions(plan.codeActions, plan.sites);
        const after = status(pid);
        // A server mostly waits for the next keystroke: what it holds once idle for a while.
        const idle: string[] = [];
        for (const [waitMs, label] of o.idle) {
          await sleep(waitMs);
          idle.push(`${label} ${status(pid).VmRSS.toFixed(1)}`);
        }
        const probeData = await probe(pid, out);
        if (o.snapshot) {
          mkdirSync(o.snapshot, { recursive: true });
          const before = new Set(readdirSync(o.snapshot));
          process.kill(pid, 'SIGUSR2');
          // Written in the background: wait until the new file stops growing.
          const written = () =>
            readdirSync(o.snapshot!)
              .filter((f) => !before.has(f) && f.endsWith('.heapsnapshot'))
              .map((f) => statSync(join(o.snapshot!, f)).size)[0] ?? 0;
          let last = -1;
          for (let i = 0; i < 600; i++) {
            await sleep(250);
            const size = written();
            if (size > 0 && size === last) break;
            last = size;
          }
        }
        const res = await r.finish();
        const u = probeData?.usage;
        const sp = probeData?.spaces;
        const edits = Math.max(1, res.edit.n);
        const gcPerEdit = gc0 && gc1 ? (gc1.gc.minor + gc1.gc.major + gc1.gc.incremental - gc0.gc.minor - gc0.gc.major - gc0.gc.incremental) / edits : NaN;
        const majorPerEdit = gc0 && gc1 ? (gc1.gc.major - gc0.gc.major) / edits : NaN;
        const spaces = sp
          ? Object.entries(sp)
              .filter(([, s]) => s.size > 0)
              .map(([k, s]) => `${k.replace('_space', '')} ${mib(s.used)}/${mib(s.size)}`)
              .join(', ')
          : '';
        // Forced GCs are the server's own (idle compaction): none may fall among the timed edits.
        const forced = [gc0?.gc.forced ?? NaN, (gc1?.gc.forced ?? NaN) - (gc0?.gc.forced ?? NaN), (probeData?.gc.forced ?? NaN) - (gc1?.gc.forced ?? NaN)];
        const lines = [
          `${input.name.padEnd(16)} RSS MiB: opened ${opened.VmRSS.toFixed(1)}, after ${after.VmRSS.toFixed(1)} (anon ${after.RssAnon.toFixed(1)}, file ${after.RssFile.toFixed(1)}), ` +
            `HWM ${after.VmHWM.toFixed(1)}${idle.length ? `, idle ${idle.join(', ')}` : ''}`,
          `    edits n=${res.edit.n} p50 ${res.edit.p50.toFixed(1)} p99 ${res.edit.p99.toFixed(1)} ms, CPU ${(editCpuMs / edits).toFixed(1)} ms/edit, ` +
            `GC pauses ${gcPerEdit.toFixed(2)} ms/edit (major ${majorPerEdit.toFixed(2)}), heap after the edits ${gc1 ? mib(gc1.usage.heapTotal) : '?'} MiB, ` +
            `forced GCs before/during/after the edits ${forced.join('/')}`,
        ];
        if (u) lines.push(`    at the end: heapTotal ${mib(u.heapTotal)} used ${mib(u.heapUsed)} external ${mib(u.external)}; ${spaces}`);
        if (res.error) lines.push(`    error: ${res.error}`);
        console.log(lines.join('\n'));
      }
    }
  }
  rmSync(work, { recursive: true, force: true });
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
}

void main();
