/**
 * `npm run fuzz`: the engine's property fuzzing at scale — by default 100,000 seeded
 * cases over every input kind of test/fuzz/arbitraries.ts, spread over one worker process per CPU,
 * plus every prefix of every file in examples/ (typed character by character).
 *
 *   npm run fuzz                          fresh random seed (printed), 100,000 cases
 *   npm run fuzz -- --seed 42 --cases 500000 --workers 2
 *   npm run fuzz -- --no-sweep            skip the rule sweep (runs of 20,000 characters; minutes)
 *   BOSUN_FUZZ_SEED=42 npm test           replays a seed in the normal tests
 *
 * Prints the seed, cases per second, and every failure with its input and the fast-check replay
 * parameters (seed, path). Exits 1 when anything failed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

const ROOT = join(__dirname, '..');

/** A worker that has not started a new case for this long is stuck in one: it is killed and its case reported. */
const HANG_MS = 120_000;

interface Args {
  /** Where a worker writes the case it is on (the watchdog reads it when the worker hangs). */
  beat?: string;
  seed: number;
  cases: number;
  workers: number;
  worker?: number;
  /** Also feed every rule runs of the characters its regexes repeat (test/robustness/rule-runs.ts). */
  sweep: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number) => {
    const v = get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} wants a whole number, got '${v}'`);
    return n;
  };
  return {
    seed: num('seed', Math.floor(Math.random() * 2 ** 31)),
    cases: num('cases', 100_000),
    workers: Math.max(1, num('workers', availableParallelism())),
    worker: get('worker') === undefined ? undefined : num('worker', 0),
    sweep: !argv.includes('--no-sweep'),
    beat: get('beat'),
  };
}

interface FamilyResult {
  family: string;
  cases: number;
  ms: number;
  failures: { seed: number; path?: string; error: string }[];
  known: Record<string, { count: number; example: string }>;
  lints: number;
  fixesChecked: number;
  safeFixesChecked: number;
  maxLintMs: number;
}

/** Shares of the cases per input kind; `full` checks determinism and fixes too (about 4 lints a case). */
const FAMILIES: { name: string; share: number; full: boolean }[] = [
  { name: 'generatedDockerfile', share: 0.2, full: false },
  { name: 'generatedCompose', share: 0.17, full: false },
  { name: 'generatedYaml', share: 0.08, full: false },
  { name: 'mutatedSeed', share: 0.22, full: false },
  { name: 'seedPrefix', share: 0.13, full: false },
  { name: 'anyInput', share: 0.2, full: true },
];

async function runWorker(args: Args): Promise<void> {
  const A = await import('../test/fuzz/arbitraries.js');
  const { checkInput, newStats } = await import('../test/fuzz/properties.js');
  const { composeLanguage } = await import('../rules/languages/compose-language.js');
  const yamlValidity = typeof composeLanguage.parseErrors === 'function';
  const arbs: Record<string, fc.Arbitrary<import('../test/fuzz/arbitraries.js').FuzzInput>> = {
    generatedDockerfile: A.generatedDockerfile,
    generatedCompose: A.generatedCompose,
    generatedYaml: A.generatedYaml,
    mutatedSeed: A.mutatedSeed(),
    seedPrefix: A.seedPrefix(),
    anyInput: A.anyInput,
  };
  const k = args.worker ?? 0;
  const results: FamilyResult[] = [];
  for (const [f, family] of FAMILIES.entries()) {
    const total = Math.round(args.cases * family.share);
    const mine = Math.floor(total / args.workers) + (k < total % args.workers ? 1 : 0);
    const stats = newStats();
    const result: FamilyResult = { family: family.name, cases: 0, ms: 0, failures: [], known: {}, lints: 0, fixesChecked: 0, safeFixesChecked: 0, maxLintMs: 0 };
    const t0 = performance.now();
    let attempt = 0;
    // After a failure, go on with the next seed until this family has run its share of cases.
    while (result.cases < mine && result.failures.length < 20) {
      const seed = (args.seed + k * 7919 + f * 104729 + attempt++ * 1_000_003) % 2 ** 31;
      const details = fc.check(
        fc.property(arbs[family.name], (input) => {
          if (args.beat) writeFileSync(args.beat, `${family.name}: ${JSON.stringify(input)}`);
          checkInput(input, family.full ? { maxFixedFindings: 4, yamlValidity } : { determinism: false, fixes: false, yamlValidity }, stats);
        }),
        { numRuns: mine - result.cases, seed, endOnFailure: false },
      );
      result.cases += details.numRuns;
      if (details.failed) {
        const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        result.failures.push({ seed, path: details.counterexamplePath ?? undefined, error });
      }
      if (!details.failed) break;
    }
    result.ms = performance.now() - t0;
    Object.assign(result, { lints: stats.lints, fixesChecked: stats.fixesChecked, safeFixesChecked: stats.safeFixesChecked, maxLintMs: stats.maxLintMs, known: stats.known });
    results.push(result);
    process.stderr.write(
      `  worker ${k}: ${family.name} ${result.cases} cases in ${(result.ms / 1000).toFixed(1)} s${result.failures.length ? `, ${result.failures.length} FAILED` : ''}\n`,
    );
  }
  // Every prefix of the example files, as typed (worker 0 only).
  if (k === 0) {
    const { detectLanguage } = await import('../rules/api.js');
    const { corpus } = await import('../test/fuzz/corpus.js');
    const stats = newStats();
    const result: FamilyResult = {
      family: 'examples typed character by character',
      cases: 0,
      ms: 0,
      failures: [],
      known: {},
      lints: 0,
      fixesChecked: 0,
      safeFixesChecked: 0,
      maxLintMs: 0,
    };
    const t0 = performance.now();
    for (const seed of corpus().filter((s) => s.origin.startsWith('examples/'))) {
      const text = readFileSync(join(ROOT, seed.origin), 'utf8');
      const language = detectLanguage(seed.origin) ?? seed.language;
      for (let n = 0; n <= text.length; n++) {
        result.cases++;
        if (args.beat) writeFileSync(args.beat, `${seed.origin} typed to ${n}`);
        try {
          checkInput(
            { language, path: `/project/${seed.origin}`, text: text.slice(0, n), origin: `${seed.origin} typed to ${n}` },
            { determinism: false, fixes: n % 25 === 0, yamlValidity },
            stats,
          );
        } catch (e) {
          if (result.failures.length < 20) result.failures.push({ seed: 0, error: e instanceof Error ? e.message : String(e) });
        }
      }
    }
    result.ms = performance.now() - t0;
    Object.assign(result, { lints: stats.lints, fixesChecked: stats.fixesChecked, safeFixesChecked: stats.safeFixesChecked, maxLintMs: stats.maxLintMs, known: stats.known });
    results.push(result);
  }
  process.stdout.write(`@@result ${JSON.stringify(results)}\n`);
}

function spawnWorker(args: Args, k: number): Promise<FamilyResult[]> {
  const beat = join(mkdtempSync(join(tmpdir(), 'bosun-fuzz-')), `worker-${k}.txt`);
  writeFileSync(beat, 'starting');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', __filename, '--worker', String(k), '--seed', String(args.seed), '--cases', String(args.cases), '--workers', String(args.workers), '--beat', beat],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    let hung: string | undefined;
    // The watchdog: a lint that never returns cannot report itself.
    const watchdog = setInterval(() => {
      if (Date.now() - statSync(beat).mtimeMs < HANG_MS) return;
      hung = readFileSync(beat, 'utf8');
      child.kill('SIGKILL');
    }, 5000);
    child.stdout!.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(watchdog);
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (hung !== undefined) {
        const error = `hang: worker ${k} spent over ${HANG_MS / 1000} s on one case (killed); its other results are lost\n  case ${hung.slice(0, 3000)}`;
        return resolve([
          { family: 'hang', cases: 1, ms: HANG_MS, failures: [{ seed: args.seed, error }], known: {}, lints: 0, fixesChecked: 0, safeFixesChecked: 0, maxLintMs: HANG_MS },
        ]);
      }
      if (!line) return reject(new Error(`worker ${k} exited (${code ?? signal}) without results:\n${out}`));
      resolve(JSON.parse(line.slice('@@result '.length)) as FamilyResult[]);
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.worker !== undefined) return runWorker(args);
  console.log(`bosun fuzz: seed ${args.seed}, ${args.cases.toLocaleString('en')} cases, ${args.workers} workers`);
  const t0 = performance.now();
  const perWorker = await Promise.all(Array.from({ length: args.workers }, (_, k) => spawnWorker(args, k)));
  const secs = (performance.now() - t0) / 1000;
  const byFamily = new Map<string, FamilyResult[]>();
  for (const results of perWorker) for (const r of results) byFamily.set(r.family, [...(byFamily.get(r.family) ?? []), r]);
  let cases = 0;
  let failures = 0;
  console.log(`\n${'input kind'.padEnd(42)} ${'cases'.padStart(8)} ${'cases/s'.padStart(8)} ${'lints'.padStart(8)} ${'fixes'.padStart(7)} ${'max ms'.padStart(7)}  failures`);
  for (const [family, rs] of byFamily) {
    const c = rs.reduce((a, r) => a + r.cases, 0);
    const ms = Math.max(...rs.map((r) => r.ms));
    const f = rs.reduce((a, r) => a + r.failures.length, 0);
    cases += c;
    failures += f;
    const lints = rs.reduce((a, r) => a + r.lints, 0);
    const fixes = rs.reduce((a, r) => a + r.fixesChecked, 0);
    const maxMs = Math.max(...rs.map((r) => r.maxLintMs));
    console.log(
      `${family.padEnd(42)} ${String(c).padStart(8)} ${(c / (ms / 1000)).toFixed(0).padStart(8)} ${String(lints).padStart(8)} ${String(fixes).padStart(7)} ${maxMs.toFixed(0).padStart(7)}  ${f}`,
    );
  }
  console.log(`\n${cases.toLocaleString('en')} cases in ${secs.toFixed(1)} s (${(cases / secs).toFixed(0)} cases/s), seed ${args.seed}: ${failures} failures`);
  const known = new Map<string, { count: number; example: string }>();
  for (const results of perWorker) {
    for (const r of results) {
      for (const [id, k] of Object.entries(r.known)) {
        const seen = known.get(id);
        if (!seen) known.set(id, { ...k });
        else {
          seen.count += k.count;
          if (k.example.length < seen.example.length) seen.example = k.example;
        }
      }
    }
  }
  for (const [id, k] of known) console.log(`known open bug (owner fixing, not counted): ${id}: ${k.count} cases, e.g. ${JSON.stringify(k.example.slice(0, 300))}`);
  if (args.sweep) {
    const { sweep, KNOWN_SLOW_RULES } = await import('../test/robustness/rule-runs.js');
    const s0 = performance.now();
    console.log('\nrule sweep: every rule on runs of 20,000 of the characters and words the regexes of rules/** repeat');
    const slow = sweep(20_000, 300, (done, total) => {
      if (done % 20 === 0 || done === total) process.stderr.write(`  sweep: ${done}/${total} runs\n`);
    });
    const known = slow.filter((r) => KNOWN_SLOW_RULES[r.rule]);
    const fresh = slow.filter((r) => !KNOWN_SLOW_RULES[r.rule]);
    for (const r of known) console.log(`  known (owner fixing): ${r.rule} on ${r.language} run ${r.run}: ${r.ms} ms, ${r.doubledMs} ms doubled — ${KNOWN_SLOW_RULES[r.rule]}`);
    for (const r of fresh) console.log(`  SLOW: ${r.rule} on ${r.language} run ${r.run}: ${r.ms} ms, ${r.doubledMs} ms when the run doubles`);
    console.log(`rule sweep: ${fresh.length} new superlinear rules, ${known.length} known, in ${((performance.now() - s0) / 1000).toFixed(0)} s`);
    failures += fresh.length;
  }
  for (const [family, rs] of byFamily) {
    for (const r of rs) {
      for (const f of r.failures) {
        console.log(`\n--- ${family} failure (replay: fc seed ${f.seed}${f.path ? `, path "${f.path}"` : ''})\n${f.error}`);
      }
    }
  }
  process.exitCode = failures ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
