/**
 * `npm run bench`: Bosun side by side with the peers, on the same machine, inputs and harness.
 *
 *   npm run bench                  full run (~5 minutes)
 *   npm run bench -- --quick       fewer edits and runs (~1–2 minutes), for a smoke check
 *   npm run bench -- --only lsp    just the language servers (or `--only cli`)
 *   npm run bench -- --sizes 500   only some input sizes
 *   npm run bench -- --profile     also CPU-profile Bosun's server while it is typed at; prints the hot functions
 *   npm run bench -- --yaml-schema also run yaml-language-server with the Compose schema (≤ 500 lines; slow)
 *   npm run bench -- --dist        use dist/ (from `npm run build`) instead of a private bundle of the current source
 *   npm run bench -- --only facts  just the image-facts row (typing while 200 images' facts are fetched)
 *   npm run bench -- --baseline DIR/server.js   also type at another build of the server (e.g. a copy of
 *                                  main's dist/), as `bosun-base`, in turns with the others: before → after
 *
 * Prints tables, writes bench/results/bench-<time>.json and latest.json, and (full runs) replaces
 * the 'Latest full run' section of bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { allRules } from '../rules/api';
import { SERVER_ENV, SERVER_NODE_FLAGS } from '../server/src/launch-options';
import { ROOT, buildBundles } from './build';
import { type Repeated, interleaved, timeProcess } from './cli';
import { FACTS_IMAGES, factsInput, fakeRegistry, withFacts } from './facts';
import { compose, dockerfile, workspaceFiles } from './generate';
import { type Input, type LspResult, LspRun, type ServerSpec, runPair } from './lsp';
import { LATEST_RUN_HEADING, withLatestRun } from './latest-run';
import { hotFunctions } from './profile';
import { planFor } from './sites';
import { median, mib, ms, ratio, table, versus } from './stats';

interface Options {
  quick: boolean;
  only?: 'lsp' | 'cli' | 'facts';
  sizes: number[];
  profile: boolean;
  yamlSchema: boolean;
  dist: boolean;
  /** Another build's server.js, measured in turns with this one as `bosun-base`. */
  baseline?: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { quick: false, sizes: [50, 500, 5000], profile: false, yamlSchema: false, dist: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--quick') o.quick = true;
    else if (flag === '--profile') o.profile = true;
    else if (flag === '--yaml-schema') o.yamlSchema = true;
    else if (flag === '--dist') o.dist = true;
    else if (flag === '--only') {
      const v = value();
      if (v !== 'lsp' && v !== 'cli' && v !== 'facts') throw new Error(`--only takes lsp, cli or facts, not ${v}`);
      o.only = v;
    } else if (flag === '--sizes') o.sizes = value().split(',').map(Number);
    else if (flag === '--baseline') o.baseline = value();
    else throw new Error(`unknown option ${a} (see the comment at the top of bench/run.ts)`);
  }
  return o;
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const node = process.execPath;
const bin = (pkg: string, file: string) => join(ROOT, 'node_modules', pkg, file);
const DOCKER_LANGSERVER = bin('dockerfile-language-server-nodejs', 'bin/docker-langserver');
const YAML_LANGSERVER = bin('yaml-language-server', 'bin/yaml-language-server');
const DCLINT = bin('dclint', 'bin/dclint.cjs');
const DOCKERFILE_UTILS = bin('dockerfile-utils', 'bin/dockerfile-utils');
const COMPOSE_SCHEMA = bin('dclint', 'schemas/compose.schema.json');

function peerVersion(pkg: string): string {
  try {
    return (require(join(ROOT, 'node_modules', pkg, 'package.json')) as { version: string }).version;
  } catch {
    return '?';
  }
}

function specs(serverJs: string, rulesByLanguage: Record<string, number>) {
  const bosun = (language: 'dockerfile' | 'compose', js = serverJs, name = 'bosun'): ServerSpec => ({
    name,
    command: node,
    // The same node flags and environment the extension starts the server with.
    args: [...SERVER_NODE_FLAGS, js, '--stdio'],
    env: { ...SERVER_ENV },
    languageId: language === 'dockerfile' ? 'dockerfile' : 'dockercompose',
    settings: () => ({ enable: true, rules: {} }),
    checks: `all ${rulesByLanguage[language]} ${language} rules`,
  });
  const dockerLangserver: ServerSpec = {
    name: 'docker-langserver',
    command: node,
    args: [DOCKER_LANGSERVER, '--stdio'],
    languageId: 'dockerfile',
    settings: () => null, // its defaults: every check at warning
    unversioned: 'each',
    checks: 'Dockerfile syntax and ~9 style/validity checks (dockerfile-utils); no security rules',
  };
  const yamlSettings = (schema: boolean) => (section: string | undefined) => {
    if (section !== 'yaml') return {};
    return {
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      // SchemaStore cannot be downloaded here (no network); see the notes.
      schemaStore: { enable: false },
      schemas: schema ? { [pathToFileURL(COMPOSE_SCHEMA).href]: ['compose*.yaml', 'compose*.yml', 'docker-compose*.yaml', 'docker-compose*.yml'] } : {},
    };
  };
  const yamlLangserver = (schema: boolean): ServerSpec => ({
    name: schema ? 'yaml-ls+schema' : 'yaml-language-server',
    command: node,
    args: [YAML_LANGSERVER, '--stdio'],
    languageId: 'dockercompose',
    settings: yamlSettings(schema),
    unversioned: 'debounced',
    debounceMs: 200,
    checks: schema
      ? 'YAML syntax + Compose schema (local copy of compose-spec), 200 ms debounce'
      : 'YAML syntax, duplicate keys, anchors (no schema: SchemaStore unreachable offline), 200 ms debounce',
  });
  return { bosun, dockerLangserver, yamlLangserver };
}

function writeInputs(dir: string, sizes: number[]): Input[] {
  const inputs: Input[] = [];
  for (const language of ['dockerfile', 'compose'] as const) {
    for (const n of sizes) {
      const name = `${language}-${n}`;
      const cwd = join(dir, name);
      mkdirSync(cwd, { recursive: true });
      const text = language === 'dockerfile' ? dockerfile(n) : compose(n);
      const file = join(cwd, language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml');
      writeFileSync(file, text);
      inputs.push({ name, language, lines: text.split('\n').length - 1, uri: pathToFileURL(file).href, text, cwd, rootUri: pathToFileURL(cwd).href });
    }
  }
  return inputs;
}

function fileOf(input: Input): string {
  return new URL(input.uri).pathname;
}

interface CliResults {
  singleFile: Record<string, Repeated & { label: string }>;
  workspace: { label: string; files: number; ms: number; filesPerSec: number; runs: number; note?: string }[];
}

async function runCli(opts: Options, cliJs: string, inputs: Input[], dir: string): Promise<CliResults> {
  const byName = (n: string) => inputs.find((i) => i.name === n);
  const df = [byName('dockerfile-50'), byName('dockerfile-500')].filter((x): x is Input => !!x);
  const dc = [byName('compose-50'), byName('compose-500')].filter((x): x is Input => !!x);
  const single: CliResults['singleFile'] = {};

  log('CLI: one file, whole process (interleaved runs)');
  const ours = [
    { key: 'node -e ""', command: node, args: ['-e', ''] },
    { key: 'bosun --version', command: node, args: [cliJs, '--version'] },
    ...[...df, ...dc].map((i) => ({ key: `bosun ${i.name}`, command: node, args: [cliJs, fileOf(i)] })),
  ];
  const r1 = await interleaved(ours, dir, opts.quick ? 6 : 10, 2);
  for (const [k, v] of Object.entries(r1)) single[k] = { ...v, label: k };
  const peers = [
    ...df.slice(-1).map((i) => ({ key: `dockerfile-utils lint ${i.name}`, command: node, args: [DOCKERFILE_UTILS, 'lint', fileOf(i)] })),
    ...dc.slice(-1).map((i) => ({ key: `dclint ${i.name}`, command: node, args: [DCLINT, fileOf(i)] })),
  ];
  const r2 = await interleaved(peers, dir, opts.quick ? 2 : 3, 1);
  for (const [k, v] of Object.entries(r2)) single[k] = { ...v, label: k };

  log('CLI: 1,000-file workspace');
  const ws = join(dir, 'workspace');
  const files = workspaceFiles(1000);
  for (const f of files) {
    mkdirSync(dirname(join(ws, f.path)), { recursive: true });
    writeFileSync(join(ws, f.path), f.text);
  }
  const dockerfiles = files.filter((f) => f.path.endsWith('Dockerfile')).map((f) => f.path);
  const composeFiles = files.filter((f) => f.path.endsWith('.yaml')).map((f) => f.path);
  const workspace: CliResults['workspace'] = [];
  const measure = async (label: string, n: number, command: string, args: string[], runs: number, note?: string) => {
    // The files were just written, so they are in the page cache; one unrecorded run when there are several.
    if (runs > 1) await timeProcess(command, args, ws);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await timeProcess(command, args, ws)).ms);
    const t = median(times);
    workspace.push({ label, files: n, ms: t, filesPerSec: (n / t) * 1000, runs, note });
    log(`  ${label}: ${n} files in ${ms(t)} ms = ${Math.round((n / t) * 1000)} files/s`);
  };
  await measure('bosun . (all 1,000 files)', files.length, node, [cliJs, '.'], opts.quick ? 1 : 2);
  await measure('bosun <500 Dockerfiles>', dockerfiles.length, node, [cliJs, ...dockerfiles], 1);
  await measure('bosun <500 compose files>', composeFiles.length, node, [cliJs, ...composeFiles], 1);
  // dclint takes about half a second per Compose file here: time a sample in one process.
  const dclintSample = composeFiles.filter((_, i) => i % Math.ceil(composeFiles.length / (opts.quick ? 20 : 30)) === 0);
  await measure(
    `dclint <${dclintSample.length} compose files>`,
    dclintSample.length,
    node,
    [DCLINT, ...dclintSample],
    1,
    `a sample of ${dclintSample.length} of the 500 compose files, in one process`,
  );
  // dockerfile-utils lints one file per process: time a sample of them, one after the other.
  const sample = dockerfiles.filter((_, i) => i % Math.ceil(dockerfiles.length / (opts.quick ? 10 : 25)) === 0);
  const t0 = performance.now();
  for (const f of sample) await timeProcess(node, [DOCKERFILE_UTILS, 'lint', f], ws);
  const t = performance.now() - t0;
  workspace.push({
    label: 'dockerfile-utils lint <file> (one process per file)',
    files: sample.length,
    ms: t,
    filesPerSec: (sample.length / t) * 1000,
    runs: 1,
    note: `a sample of ${sample.length} of the 500 Dockerfiles: it takes one file per process`,
  });
  log(`  dockerfile-utils: ${sample.length} files in ${ms(t)} ms`);
  return { singleFile: single, workspace };
}

/** Typing while image facts arrive in the background, against the same file with facts off. */
async function runFacts(opts: Options, bosun: ServerSpec, dir: string): Promise<LspResult[]> {
  // Each request answers after 100 ms: 200 images × 2 requests, 4 at a time, keep fetching for ~10 s.
  const registry = await fakeRegistry(100);
  try {
    const input = factsInput(dir, registry.host);
    const plan = planFor('compose', input.text, {
      edits: opts.quick ? 60 : 200,
      bursts: opts.quick ? 1 : 3,
      codeActions: opts.quick ? 10 : 30,
      budgetMs: opts.quick ? 5000 : 15_000,
      warmupMaxMs: opts.quick ? 1500 : 3000,
      burstIntervalMs: 30,
      timeoutMs: 120_000,
    });
    log(`LSP ${input.name} (${input.lines} lines): bosun+facts (fetching from a loopback registry) vs bosun (facts off)`);
    const results = await runPair([withFacts(bosun, true), withFacts(bosun, false)], input, plan, log);
    for (const r of results) {
      log(
        `  ${r.server.padEnd(22)} first ${ms(r.firstDiagnosticsMs)} ms, edit p50 ${ms(r.edit.p50)} p99 ${ms(r.edit.p99)} (n=${r.edit.n}), burst ${ms(r.burstSettle.p50)}, RSS ${mib(r.rssKiB)} MiB`,
      );
    }
    log(`  facts fetched during the run: ${registry.configs} of ${FACTS_IMAGES}`);
    const on = results.find((r) => r.server === 'bosun+facts');
    if (on) on.checks += ` (${registry.configs} of ${FACTS_IMAGES} fetched during the run)`;
    return results;
  } finally {
    await registry.close();
  }
}

async function runProfile(spec: ServerSpec, inputs: Input[], outDir: string, opts: Options) {
  const profiles: { input: string; file: string; hot: ReturnType<typeof hotFunctions> }[] = [];
  for (const input of inputs) {
    const dir = join(outDir, `profile-${input.name}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const profSpec = { ...spec, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...spec.args] };
    const plan = planFor(input.language, input.text, {
      edits: opts.quick ? 40 : 100,
      bursts: 1,
      codeActions: 5,
      budgetMs: 20_000,
      warmupMaxMs: 2000,
      burstIntervalMs: 30,
      timeoutMs: 60_000,
    });
    const run = new LspRun(profSpec, input, plan.budgetMs, plan.timeoutMs);
    try {
      await run.open();
      for (const site of plan.sites) if (!run.overBudget) await run.typeSite(site);
    } finally {
      await run.finish();
    }
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) {
      log(`  no profile written for ${input.name}`);
      continue;
    }
    profiles.push({ input: input.name, file: join(dir, file), hot: hotFunctions(join(dir, file), 15) });
  }
  return profiles;
}

function gitRev(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const started = new Date();
  const load0 = loadavg();
  const rulesByLanguage: Record<string, number> = { dockerfile: 0, compose: 0 };
  for (const r of allRules) rulesByLanguage[r.meta.language] = (rulesByLanguage[r.meta.language] ?? 0) + 1;

  let serverJs = join(ROOT, 'dist', 'server.js');
  let cliJs = join(ROOT, 'dist', 'cli.js');
  let bundleDir: string | undefined;
  if (!opts.dist) {
    const b = await buildBundles();
    serverJs = b.server;
    cliJs = b.cli;
    bundleDir = b.dir;
    log(`built a private bundle of the current source in ${Math.round(b.ms)} ms: ${b.dir}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-inputs-'));
  const inputs = writeInputs(dir, opts.sizes);
  const s = specs(serverJs, rulesByLanguage);
  log(
    `inputs in ${dir}; ${rulesByLanguage.dockerfile} Dockerfile rules, ${rulesByLanguage.compose} Compose rules; ${cpus().length} CPUs, load ${load0.map((x) => x.toFixed(1)).join(' ')}`,
  );

  const lsp: LspResult[] = [];
  if (opts.only !== 'cli' && opts.only !== 'facts') {
    for (const input of inputs) {
      // Typing time per server and input; a slow server stops early (marked *) so a run stays near 5 minutes.
      const budgetMs = opts.quick ? 5000 : input.lines >= 5000 ? 8000 : 15_000;
      const plan = planFor(input.language, input.text, {
        edits: opts.quick ? 60 : 200,
        bursts: opts.quick ? 1 : 3,
        codeActions: opts.quick ? 10 : 30,
        budgetMs,
        warmupMaxMs: opts.quick ? 1500 : 3000,
        burstIntervalMs: 30,
        timeoutMs: 120_000,
      });
      const pair = input.language === 'dockerfile' ? [s.bosun('dockerfile'), s.dockerLangserver] : [s.bosun('compose'), s.yamlLangserver(false)];
      if (opts.baseline) pair.splice(1, 0, s.bosun(input.language, opts.baseline, 'bosun-base'));
      if (input.language === 'compose' && opts.yamlSchema && input.lines <= 600) pair.push(s.yamlLangserver(true));
      log(`LSP ${input.name} (${input.lines} lines): ${pair.map((p) => p.name).join(' vs ')}`);
      const results = await runPair(pair, input, plan, log);
      for (const r of results) {
        log(
          `  ${r.server.padEnd(22)} first ${ms(r.firstDiagnosticsMs)} ms, edit p50 ${ms(r.edit.p50)} p99 ${ms(r.edit.p99)} (n=${r.edit.n}), burst ${ms(r.burstSettle.p50)}, codeAction ${ms(r.codeAction.p50)}, RSS ${mib(r.rssKiB)} MiB (idle ${mib(r.rssIdleKiB)})`,
        );
      }
      lsp.push(...results);
    }
  }

  if (opts.only === undefined || opts.only === 'lsp' || opts.only === 'facts') lsp.push(...(await runFacts(opts, s.bosun('compose'), dir)));

  const cli = opts.only === undefined || opts.only === 'cli' ? await runCli(opts, cliJs, inputs, dir) : undefined;

  let profiles: Awaited<ReturnType<typeof runProfile>> | undefined;
  if (opts.profile) {
    log("Profiling Bosun's server (--cpu-prof) while typing");
    const pick = inputs;
    profiles = await runProfile(
      s.bosun('dockerfile'),
      pick.filter((i) => i.language === 'dockerfile'),
      join(ROOT, 'bench', 'results'),
      opts,
    );
    profiles.push(
      ...(await runProfile(
        s.bosun('compose'),
        pick.filter((i) => i.language === 'compose'),
        join(ROOT, 'bench', 'results'),
        opts,
      )),
    );
  }

  const load1 = loadavg();
  const report = render(lsp, cli, opts, rulesByLanguage, profiles);
  console.log(report.text);

  const json = {
    startedAt: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    options: opts,
    machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), loadBefore: load0, loadAfter: load1 },
    source: { gitRev: gitRev(), bundle: opts.dist ? 'dist/' : 'private esbuild bundle of the working tree', rules: rulesByLanguage },
    peers: {
      'dockerfile-language-server-nodejs': peerVersion('dockerfile-language-server-nodejs'),
      'yaml-language-server': peerVersion('yaml-language-server'),
      dclint: peerVersion('dclint'),
      'dockerfile-utils': peerVersion('dockerfile-utils'),
    },
    lsp,
    cli,
    targets: report.targets,
    profiles,
  };
  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `bench-${stamp}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (!opts.quick && !opts.only && opts.sizes.length === 3 && !opts.baseline) {
    const readme = join(ROOT, 'bench', 'README.md');
    writeFileSync(readme, withLatestRun(readFileSync(readme, 'utf8'), readmeSection(json, report)));
    log('wrote the "Latest full run" section of bench/README.md');
  }
  log(`wrote bench/results/bench-${stamp}.json (load average ${load0[0].toFixed(1)} → ${load1[0].toFixed(1)} on ${cpus().length} CPUs)`);
  rmSync(dir, { recursive: true, force: true });
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
}

interface Target {
  name: string;
  goal: string;
  got: string;
  met: boolean | undefined;
}

function render(lsp: LspResult[], cli: CliResults | undefined, opts: Options, rules: Record<string, number>, profiles?: Awaited<ReturnType<typeof runProfile>>) {
  const out: string[] = [];
  const find = (server: string, input: string) => lsp.find((r) => r.server === server && r.input === input);
  const targets: Target[] = [];

  if (lsp.length) {
    out.push(`\n## Language servers: edit → diagnostics for that edit (ms)${opts.quick ? ' — QUICK RUN' : ''}\n`);
    const rows: string[][] = [];
    for (const r of lsp) {
      const peer = r.server !== 'bosun';
      const base = peer ? find('bosun', r.input) : undefined;
      rows.push([
        `${r.input} ${r.server}`,
        ms(r.firstDiagnosticsMs),
        `${r.edit.n}${r.truncated ? '*' : ''}`,
        ms(r.edit.p50),
        ms(r.edit.p95),
        ms(r.edit.p99),
        ms(r.edit.max),
        ms(r.burstSettle.p50),
        ms(r.codeAction.p50),
        String(r.diagnostics),
        mib(r.rssKiB),
        base ? ratio(base.edit.p99, r.edit.p99) : '',
      ]);
    }
    out.push(table(['input / server', 'open', 'edits', 'p50', 'p95', 'p99', 'max', 'burst', 'codeAction', 'diags', 'RSS MiB', 'peer p99 ÷ bosun p99'], rows));
    out.push(
      '\nopen: didOpen → first diagnostics. edits: measured one-character edits after a warm-up (* = stopped by the time budget).',
      "burst: 10 keys 30 ms apart, last key → diagnostics of the final text (p50). codeAction: p50 on the server's own diagnostics.",
      'diags: diagnostics on the unedited file. RSS: VmRSS after the run. peer p99 ÷ bosun p99 > 1 means Bosun is faster.',
      'Servers that publish without `version` are matched to the next publish after each edit (each edit waits for its diagnostics).',
      'What each server checks:',
      ...[...new Map(lsp.map((r) => [`${r.server}|${r.input.split('-')[0]}`, r])).values()].map((r) => `  - ${r.server} (${r.input.split('-')[0]}): ${r.checks}`),
    );
    const errors = lsp.filter((r) => r.error);
    for (const e of errors) out.push(`ERROR ${e.server} on ${e.input}: ${e.error}`);

    for (const n of [50, 500, 5000]) {
      const b = find('bosun', `dockerfile-${n}`);
      const p = find('docker-langserver', `dockerfile-${n}`);
      if (b && p) {
        targets.push({
          name: `Dockerfile ${n} lines: edit p99 ≤ 1/5 of docker-langserver`,
          goal: `≤ ${ms(p.edit.p99 / 5)} ms`,
          got: `${ms(b.edit.p99)} ms vs ${ms(p.edit.p99)} ms: ${versus(b.edit.p99, p.edit.p99)}`,
          met: b.edit.p99 <= p.edit.p99 / 5,
        });
      }
    }
    const c500 = find('bosun', 'compose-500');
    if (c500) targets.push({ name: 'Compose 500 lines: edit p99', goal: '≤ 10 ms', got: `${ms(c500.edit.p99)} ms`, met: c500.edit.p99 <= 10 });
    const rss = lsp.filter((r) => r.server === 'bosun' && r.rssKiB !== undefined);
    if (rss.length) {
      const worst = rss.reduce((a, b) => ((a.rssKiB ?? 0) >= (b.rssKiB ?? 0) ? a : b));
      targets.push({ name: 'Bosun server RSS after the run', goal: '≤ 60 MiB', got: `${mib(worst.rssKiB)} MiB (worst: ${worst.input})`, met: (worst.rssKiB ?? 0) <= 60 * 1024 });
    }
  }

  if (cli) {
    out.push('\n## CLI: whole process, one file (ms, median of interleaved runs)\n');
    const floor = cli.singleFile['node -e ""'];
    const rows = Object.values(cli.singleFile).map((r) => [
      r.label,
      String(r.n),
      ms(r.p50),
      ms(r.p95),
      floor ? `${(r.p50 / floor.p50).toFixed(2)}×` : '',
      `exit ${r.codes.join('/')}`,
    ]);
    out.push(table(['command', 'runs', 'p50', 'p95', '× node floor', ''], rows));
    out.push('\n## CLI: 1,000-file workspace\n');
    out.push(
      table(
        ['command', 'files', 'ms', 'files/s', 'runs'],
        cli.workspace.map((w) => [w.label, String(w.files), ms(w.ms), String(Math.round(w.filesPerSec)), String(w.runs)]),
      ),
    );
    for (const w of cli.workspace) if (w.note) out.push(`- ${w.label}: ${w.note}`);
    const typical = cli.singleFile['bosun dockerfile-50'] ?? Object.values(cli.singleFile).find((r) => r.label.startsWith('bosun d'));
    if (floor && typical) {
      targets.push({
        name: `CLI one file (${typical.label.replace('bosun ', '')}) vs node -e ""`,
        goal: '≤ 1.3×',
        got: `${(typical.p50 / floor.p50).toFixed(2)}× (${ms(typical.p50)} vs ${ms(floor.p50)} ms)`,
        met: typical.p50 / floor.p50 <= 1.3,
      });
    }
    const all = cli.workspace[0];
    if (all) targets.push({ name: 'CLI 1,000-file workspace', goal: '≥ 1,000 files/s', got: `${Math.round(all.filesPerSec)} files/s`, met: all.filesPerSec >= 1000 });
  }

  if (targets.length) {
    out.push('\n## Targets\n');
    out.push(
      table(
        ['target', 'goal', 'got', ''],
        targets.map((t) => [t.name, t.goal, t.got, t.met === undefined ? '' : t.met ? 'met' : 'MISSED']),
      ),
    );
  }
  if (profiles?.length) {
    out.push("\n## Where Bosun's server spends its time while typed at (self %, inclusive %)\n");
    for (const p of profiles) {
      out.push(`${p.input} (${p.file.replace(`${ROOT}/`, '')}):`);
      for (const h of p.hot) out.push(`  ${h.selfPct.toFixed(1).padStart(5)}% ${h.totalPct.toFixed(1).padStart(5)}%  ${h.name}`);
    }
  }
  out.push(
    `\nRules: ${rules.dockerfile} Dockerfile, ${rules.compose} Compose, all enabled. Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}.`,
  );
  return { text: out.join('\n'), targets };
}

function readmeSection(
  json: {
    machine: { cpus: number; loadBefore: number[]; loadAfter: number[]; node: string };
    source: { rules: Record<string, number> };
    startedAt: string;
    lsp: LspResult[];
    cli?: CliResults;
    peers: Record<string, string>;
  },
  report: { targets: Target[] },
): string {
  const find = (server: string, input: string) => json.lsp.find((r) => r.server === server && r.input === input);
  const lines: string[] = [
    LATEST_RUN_HEADING,
    '',
    `Generated by \`npm run bench\` on ${json.startedAt.slice(0, 10)} (Node ${json.machine.node.slice(1)}, ${json.machine.cpus} CPUs, load average ${json.machine.loadBefore[0].toFixed(1)} before and ${json.machine.loadAfter[0].toFixed(1)} after; the bench keeps about one CPU busy itself, more means other jobs ran beside it), ` +
      `with every rule on (${json.source.rules.dockerfile} Dockerfile, ${json.source.rules.compose} Compose rules), side by side with docker-langserver ${json.peers['dockerfile-language-server-nodejs']} ` +
      `and yaml-language-server ${json.peers['yaml-language-server']} on the same generated files through the same LSP harness. ` +
      'Milliseconds from a one-character edit to the diagnostics for that edit:',
    '',
  ];
  const rows: string[][] = [];
  for (const lang of ['dockerfile', 'compose']) {
    for (const n of [50, 500, 5000]) {
      const b = find('bosun', `${lang}-${n}`);
      const p = json.lsp.find((r) => r.input === `${lang}-${n}` && r.server !== 'bosun' && r.server !== 'bosun-base' && r.server !== 'yaml-ls+schema');
      if (!b || !p) continue;
      rows.push([
        `${lang === 'dockerfile' ? 'Dockerfile' : 'Compose'}, ${b.lines} lines`,
        `${ms(b.edit.p50)} / ${ms(b.edit.p99)}`,
        `${ms(p.edit.p50)} / ${ms(p.edit.p99)} (${p.server})`,
        versus(b.edit.p99, p.edit.p99),
        mib(b.rssKiB),
      ]);
    }
  }
  lines.push(table(['file', 'Bosun p50 / p99', 'peer p50 / p99', 'Bosun at p99', 'Bosun RSS MiB'], rows));
  const facts = find('bosun+facts', `compose-${FACTS_IMAGES}-images`);
  const noFacts = find('bosun', `compose-${FACTS_IMAGES}-images`);
  if (facts && noFacts) {
    lines.push(
      '',
      `Typing in a Compose file with ${FACTS_IMAGES} images (${facts.lines} lines) while their base-image facts are fetched in the background from a loopback registry ` +
        `(each request answered after 100 ms, four images at a time): p50 / p99 ${ms(facts.edit.p50)} / ${ms(facts.edit.p99)} ms, ` +
        `against ${ms(noFacts.edit.p50)} / ${ms(noFacts.edit.p99)} ms for the same file with image facts off.`,
    );
  }
  lines.push(
    '',
    'The peers do less: docker-langserver has no security rules; yaml-language-server checks YAML syntax only here ' +
      '(its Compose schema comes from SchemaStore, which needs the network) and always waits 200 ms before validating. ' +
      'Peers that publish diagnostics without a document version are timed to the next publish after each edit.',
  );
  if (json.cli) {
    const floor = json.cli.singleFile['node -e ""'];
    const one = json.cli.singleFile['bosun dockerfile-50'];
    const all = json.cli.workspace[0];
    const dclint = json.cli.workspace.find((w) => w.label.startsWith('dclint'));
    const du = json.cli.workspace.find((w) => w.label.startsWith('dockerfile-utils'));
    lines.push('');
    if (floor && one) lines.push(`CLI: checking one 50-line Dockerfile takes ${ms(one.p50)} ms as a whole process; \`node -e ""\` alone takes ${ms(floor.p50)} ms.`);
    if (all) {
      lines.push(
        `A generated workspace of 1,000 files (500 Dockerfiles, 500 Compose files) is checked at ${Math.round(all.filesPerSec)} files/s` +
          `${dclint ? `; dclint checks ${Math.round(dclint.filesPerSec)} Compose files/s` : ''}` +
          `${du ? ` and \`dockerfile-utils lint\` ${du.filesPerSec.toFixed(1)} Dockerfiles/s (one process per file)` : ''}.`,
      );
    }
  }
  if (report.targets.length) {
    lines.push('', 'Targets:', '');
    lines.push(
      table(
        ['target', 'goal', 'measured', ''],
        report.targets.map((t) => [t.name, t.goal, t.got, t.met === undefined ? '' : t.met ? 'met' : 'not yet']),
      ),
    );
  }
  lines.push('', 'Run it yourself with `npm run bench` (about 5 minutes; `npm run bench -- --quick` for a shorter run). Results go to `bench/results/`.', '');
  return lines.join('\n');
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
