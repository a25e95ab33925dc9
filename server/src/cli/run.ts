/** One CLI invocation: parse arguments, find files, lint them, print, and return the exit code. */
import { resolve, sep } from 'node:path';
import {
  allRules,
  type FailLevel,
  type FilesView,
  type Finding,
  findRule,
  type Fix,
  fixesFor,
  type ImageFacts,
  type LanguageId,
  type LevelSetting,
  type LintOptions,
  type LintResult,
  lintText,
  type RuleMeta,
  shellGrammarReady,
  shellParsesRefused,
  SourceText,
} from '../../../rules/api.js';
import { applyBaseline, BaselineError, readBaseline, writeBaseline } from './baseline.js';
import { ConfigLoader, describeProblems } from './config.js';
import { noteLinted } from './code-cache-hook.js';
import { type CliOptions, helpText, parseArgs, UsageError } from './args.js';
import { diskFiles } from '../files.js';
import { type CliLock, entriesView, loadCliLock, lockEntries, lockNotes } from './image-facts.js';
import { containFix, memoCheck } from '../fs/contain-fixes.js';
import { Containment } from '../fs/containment.js';
import { presenter } from '../present.js';
import { visible } from './escape.js';
import { fixFile, type FixRun } from './fix-file.js';
import { discover, displayPath, STDIN, type Target } from './discover.js';
import { formatJson, rulesJson } from './format-json.js';
import { formatSarif } from './format-sarif.js';
import { formatCheckstyle, formatGithub, formatGitlab } from './format-ci.js';
import { rulesTable, styleFor, writeText } from './format-text.js';
import { onThreads, runWorker, threadsFor } from './parallel.js';
import { readTarget } from './read.js';
import { loadShellGrammar } from '../shell-grammar-node.js';
import { atOrAbove, type FileReport, type RunReport } from './report.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  out(text: string): void;
  /** Where the text report may go as UTF-8 bytes instead of `out` (stdout: a big report is encoded once, not joined first). */
  outBytes?(chunk: Uint8Array): void;
  err(text: string): void;
  /** The script a lint worker thread starts (the running bundle); without it everything runs on this thread. */
  workerEntry?: string;
}

function resolveRules(names: readonly string[]): string[] | undefined {
  if (!names.length) return undefined;
  const codes: string[] = [];
  for (const n of names) {
    const rule = findRule(n);
    if (!rule) throw new UsageError(`unknown rule '${n}' (bosun --list-rules shows them all)`);
    if (!codes.includes(rule.meta.code)) codes.push(rule.meta.code);
  }
  return codes;
}

/** One file to lint, with what its config says; plain data, so it can be sent to a worker thread. */
interface Job {
  target: Target;
  /** The path config, rule options and cross-file rules see (stdin: its --stdin-filename). */
  configPath: string;
  levels: Record<string, LevelSetting>;
  ruleOptions: Record<string, Record<string, unknown>>;
  failLevel: FailLevel;
}

/** What a run sends to its lint workers. */
interface WorkerPayload {
  jobs: Job[];
  only: string[] | undefined;
  /** Base-image facts from the lock file, as plain data. */
  imageFacts?: [string, ImageFacts][];
  /** JSON and SARIF show fixes, which need the parsed file: the worker computes them. */
  withFixes: boolean;
  /** The folders being checked (see Containment). */
  roots: string[];
}

/** A worker's result for one file: what the formats need, without the parse tree (which cannot be sent). */
type WorkerResult = { ok: false; reason: string } | { ok: true; text: string; findings: Finding[]; suppressed: number; parseErrors: number; fixes?: Fix[][]; outside: string[] };

type Outcome = { ok: false; reason: string } | { ok: true; report: FileReport /** Files read outside the folders being checked. */; outside?: string[] };

function lintJob(
  job: Job,
  only: string[] | undefined,
  files: FilesView,
  imageFacts: LintOptions['imageFacts'],
  /** The format shows fixes (JSON, SARIF): keep what they are computed from. */
  withFixes: boolean,
): { ok: false; reason: string } | { ok: true; result: LintResult<unknown> } {
  const read = readTarget(job.target);
  if (!read.ok) return read;
  const lintOptions: LintOptions = { only, levels: job.levels, ruleOptions: job.ruleOptions, files, imageFacts, keepReports: withFixes };
  return { ok: true, result: lintText(job.configPath, read.text, job.target.language, lintOptions) };
}

let workerFiles: { view: FilesView; outside: Set<string> } | undefined;
let workerFacts: { from: WorkerPayload; view: LintOptions['imageFacts'] } | undefined;

/** A lint worker thread's part (main.ts starts it when the bundle runs as a worker). */
export function runLintWorker(): void {
  void runWorker<WorkerPayload, WorkerResult>((payload, index) => {
    if (!workerFiles) {
      const outside = new Set<string>();
      workerFiles = { outside, view: diskFiles({ cache: true, containment: new Containment(payload.roots), outside: (p) => outside.add(p) }) };
    }
    workerFiles.outside.clear();
    if (workerFacts?.from !== payload) workerFacts = { from: payload, view: entriesView(payload.imageFacts) };
    const r = lintJob(payload.jobs[index], payload.only, workerFiles.view, workerFacts.view, payload.withFixes);
    if (!r.ok) return r;
    const { result } = r;
    // `report` holds the rule's own fix data (parser nodes and all): the formats never show it.
    const findings = result.findings.map(({ report: _report, ...f }) => f);
    const fixes = payload.withFixes ? result.findings.map((f) => fixesFor(result, f)) : undefined;
    const outside = [...workerFiles.outside];
    return { ok: true, text: result.file.text, findings, suppressed: result.suppressed, parseErrors: result.parseErrors ?? 0, fixes, outside };
  }, loadShellGrammar());
}

/**
 * Lints the jobs on this thread, loading the shell grammar when a lint needed it and did not have
 * it: that lint is run again with it (its failed rules would otherwise be internal errors).
 */
async function lintAll(jobs: readonly Job[], lintHere: (job: Job) => Outcome): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const job of jobs) {
    const refused = shellParsesRefused();
    let outcome = lintHere(job);
    if (shellParsesRefused() !== refused && !shellGrammarReady()) {
      await loadShellGrammar();
      // Files the first lint read are cached now: the second does not see them read again.
      const readBefore = (outcome.ok && outcome.outside) || [];
      outcome = lintHere(job);
      if (outcome.ok && readBefore.length) outcome.outside = [...new Set([...readBefore, ...(outcome.outside ?? [])])];
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

/** A worker's result as a report: the formats read the file's text, findings, suppressed count and fixes. */
function reportFromWorker(job: Job, r: WorkerResult): Outcome {
  if (!r.ok) return r;
  const result: LintResult<unknown> = {
    file: new SourceText(job.configPath, r.text),
    languageId: job.target.language satisfies LanguageId,
    model: undefined,
    findings: r.findings,
    suppressed: r.suppressed,
    timings: [],
    errors: [],
    cancelled: false,
    rules: [],
    options: {},
    parseErrors: r.parseErrors,
  };
  const fixes = r.fixes && new Map(r.findings.map((f, i) => [f, r.fixes![i]] as const));
  return { ok: true, report: { target: job.target, result, findings: result.findings, fixes }, outside: r.outside };
}

export async function run(argv: readonly string[], io: Io, version: string): Promise<number> {
  let opts: CliOptions;
  let only: string[] | undefined;
  try {
    opts = parseArgs(argv);
    only = resolveRules(opts.rules);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e);
    throw e;
  }
  if (opts.help) {
    io.out(helpText(version));
    return EXIT_OK;
  }
  if (opts.version) {
    io.out(`${version}\n`);
    return EXIT_OK;
  }
  const style = styleFor(io.stdoutIsTTY, io.env);
  if (opts.listRules) {
    const metas: RuleMeta[] = allRules.map((r) => r.meta).filter((m) => !only || only.includes(m.code));
    io.out(opts.format === 'json' ? rulesJson(metas) : rulesTable(metas, style));
    return EXIT_OK;
  }

  const loader = new ConfigLoader(io.cwd);
  if (opts.printConfig) return printConfig(opts.printConfig, loader, io);
  if (opts.imageFacts === 'refresh') {
    try {
      return await (await import('./refresh.js')).refreshImageFacts(opts, io, loader);
    } catch (e) {
      if (e instanceof UsageError) return usage(io, e);
      throw e;
    }
  }
  // Base-image facts come from the lock file only: a lint run never uses the network.
  const lock: CliLock = loadCliLock(io.cwd, loader);
  const factsEntries = lockEntries(lock);
  const imageFacts = entriesView(factsEntries);

  let discovery;
  try {
    discovery = await discover(opts.paths, io.cwd, opts.language, opts.stdinFilename);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e);
    throw e;
  }
  let accepted: Set<string> | undefined;
  try {
    if (opts.baseline) accepted = readBaseline(resolve(io.cwd, opts.baseline));
  } catch (e) {
    if (e instanceof BaselineError) return usage(io, new UsageError(e.message));
    throw e;
  }
  const skipped = [...discovery.skipped];
  const files: FileReport[] = [];
  const failLevels = new Map<FileReport, FailLevel>();
  let ignored = 0;
  const jobs: Job[] = [];
  for (const target of discovery.targets) {
    const configPath = target.abs === STDIN ? resolve(io.cwd, opts.stdinFilename ?? '<stdin>') : target.abs;
    const fileOptions = loader.optionsFor(configPath);
    if (fileOptions.ignored && !target.explicit) {
      ignored++;
      continue;
    }
    const failLevel = opts.failLevelGiven ? opts.failLevel : (fileOptions.config.config.failLevel ?? opts.failLevel);
    jobs.push({ target, configPath, levels: fileOptions.levels, ruleOptions: fileOptions.ruleOptions, failLevel });
  }
  const fixing = opts.fix || opts.fixDryRun;
  const withFixes = opts.format === 'json' || opts.format === 'sarif';
  // RUN scripts are read with the bash grammar, whose WebAssembly loads asynchronously, once: up
  // front when a Dockerfile is linted, a fix runs or workers share the files; a Compose file alone
  // loads it only when its lint reads shell (a built Dockerfile), then is linted again (see lintAll).
  const grammarUpFront = fixing || jobs.some((j) => j.target.language !== 'compose');
  if (grammarUpFront) await loadShellGrammar();
  // The folders being checked (and fixed): the path arguments, a file naming its folder.
  const roots = (opts.paths.length ? opts.paths : ['.']).filter((p) => p !== STDIN).map((p) => resolve(io.cwd, p));
  const containment = new Containment(roots.length ? roots : [io.cwd]);
  const show = (abs: string) => displayPath(abs, io.cwd);
  // Cross-file rules (a Compose build's Dockerfile, .dockerignore, .env) read other files through this.
  const outsideNow = new Set<string>();
  const otherFiles = diskFiles({ cache: !fixing, containment, outside: (p) => outsideNow.add(p) });
  const fixRun: FixRun = { containment, dryRun: opts.fixDryRun, show, out: io.out, err: io.err };
  const lintHere = (job: Job): Outcome => {
    outsideNow.clear();
    const done = (result: LintResult<unknown>): Outcome => ({ ok: true, report: { target: job.target, result, findings: result.findings }, outside: [...outsideNow] });
    if (!fixing) {
      const r = lintJob(job, only, otherFiles, imageFacts, withFixes);
      return r.ok ? done(r.result) : r;
    }
    const { target, configPath } = job;
    const read = readTarget(target);
    if (!read.ok) return read;
    const lintOptions: LintOptions = { only, levels: job.levels, ruleOptions: job.ruleOptions, files: otherFiles, imageFacts };
    const lintAt = (text: string) => lintText(configPath, text, target.language, lintOptions);
    const text = fixFile(target, read, lintAt, fixRun);
    return done(lintAt(text));
  };
  // Fixes write files one after the other; stdin is read once, here.
  const threads = fixing || !io.workerEntry || jobs.some((j) => j.target.abs === STDIN) ? 1 : threadsFor(jobs.length, io.env);
  if (threads > 1) await loadShellGrammar();
  const outcomes =
    threads > 1 && io.workerEntry
      ? await onThreads<WorkerPayload, WorkerResult, Outcome>({
          count: jobs.length,
          threads,
          entry: io.workerEntry,
          payload: { jobs, only, withFixes, roots: containment.folders, imageFacts: factsEntries },
          here: (i) => lintHere(jobs[i]),
          fromWorker: (i, r) => reportFromWorker(jobs[i], r),
          debug: io.env.BOSUN_DEBUG ? (m) => io.err(`bosun: ${m}\n`) : undefined,
        })
      : await lintAll(jobs, lintHere);
  const readOutside = new Set<string>();
  const check = memoCheck((p) => containment.checkWrite(p));
  const present = presenter(toPosix(io.cwd), (p) => containment.where(p) !== 'inside');
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) {
      skipped.push({ path: jobs[i].target.display, reason: outcome.reason, askedFor: true });
      return;
    }
    const report = outcome.report;
    for (const p of outcome.outside ?? []) readOutside.add(p);
    // What is shown: no absolute path of the machine; fixes that would write outside are not safe.
    for (const f of report.findings) {
      f.message = present.message(f);
      for (const r of f.related) r.message = present.related(r.message);
    }
    const mainPath = report.target.abs === STDIN ? undefined : report.target.abs;
    report.contain = (fix) => containFix(fix, mainPath, check, show);
    files.push(report);
    failLevels.set(report, jobs[i].failLevel);
    noteLinted(jobs[i].target.language);
  });
  if (readOutside.size) {
    const shown = [...readOutside].sort().map((p) => visible(show(p)));
    const list = shown.length > 5 ? `${shown.slice(0, 5).join(', ')} and ${shown.length - 5} more` : shown.join(', ');
    io.err(`bosun: note: read files outside the folders being checked: ${list}\n`);
  }
  for (const s of skipped) io.err(`bosun: ${visible(s.path)}: ${s.reason} (skipped)\n`);
  for (const note of lockNotes(lock, io.cwd)) io.err(`${visible(note)}\n`);
  let configBroken = false;
  for (const loaded of loader.all()) {
    for (const line of describeProblems(loaded, displayPath(loaded.path ?? '', io.cwd))) io.err(`bosun: ${visible(line)}\n`);
    configBroken ||= loaded.problems.some((p) => p.severity === 'error');
  }
  // Something asked for was not checked (see Skipped.askedFor), or a fix met a file that changed
  // under it: the run cannot vouch for what it was given.
  const unreadable = skipped.filter((k) => k.askedFor).length;
  const incomplete = (unreadable > 0 && !opts.skipUnreadable) || fixRun.failed === true;
  const finish = (code: number): number => {
    if (unreadable && files.length) {
      io.err(
        opts.skipUnreadable
          ? `bosun: ${unreadable} ${unreadable === 1 ? 'file' : 'files'} could not be checked (--skip-unreadable: not an error)\n`
          : `bosun: ${unreadable} ${unreadable === 1 ? 'file' : 'files'} could not be checked: exit 2 (--skip-unreadable lets the run pass)\n`,
      );
    }
    return configBroken || incomplete ? EXIT_ERROR : code;
  };
  if (accepted) applyBaseline(files, accepted);
  if (opts.writeBaseline) {
    const wrote = writeBaseline(resolve(io.cwd, opts.writeBaseline), files);
    if (!wrote.ok) {
      io.err(`bosun: cannot write baseline ${visible(opts.writeBaseline)}: ${wrote.reason}\n`);
      return EXIT_ERROR;
    }
    io.err(`bosun: wrote ${wrote.count} findings to ${visible(opts.writeBaseline)}\n`);
    return finish(EXIT_OK);
  }
  if (opts.fixDryRun) {
    const failedAfterFix = files.some((f) => f.findings.some((x) => atOrAbove(x.level, failLevels.get(f) ?? opts.failLevel)));
    return finish(failedAfterFix ? EXIT_FINDINGS : EXIT_OK);
  }
  if (ignored && opts.format === 'text' && files.length === 0 && !skipped.length) {
    io.out(`All ${ignored} matching files are ignored by .bosun.yaml (0 files checked)\n`);
    return finish(EXIT_OK);
  }

  const failed = files.some((f) => f.findings.some((x) => atOrAbove(x.level, failLevels.get(f) ?? opts.failLevel)));
  const report: RunReport = { files, skipped, failLevel: opts.failLevel, failed };
  if (opts.format === 'json') {
    io.out(formatJson(report, version));
  } else if (opts.format === 'sarif') {
    io.out(formatSarif(report, version, io.cwd));
  } else if (opts.format === 'github') {
    io.out(formatGithub(report));
  } else if (opts.format === 'checkstyle') {
    io.out(formatCheckstyle(report));
  } else if (opts.format === 'gitlab') {
    io.out(formatGitlab(report));
  } else if (files.length === 0) {
    if (!skipped.length) io.out(`No Dockerfiles, Containerfiles or Compose files found in ${visible(opts.paths.length ? opts.paths.join(', ') : '.')} (0 files checked)\n`);
  } else {
    writeText(report, style, io.out, io.outBytes);
  }
  if (files.length === 0 && skipped.length > 0) {
    io.err('bosun: nothing could be linted\n');
    return EXIT_ERROR;
  }
  return finish(failed ? EXIT_FINDINGS : EXIT_OK);
}

/** `--print-config FILE`: the effective configuration for one file, as JSON. */
function printConfig(file: string, loader: ConfigLoader, io: Io): number {
  const abs = resolve(io.cwd, file);
  const o = loader.optionsFor(abs);
  const loaded = o.config;
  const out = {
    file: displayPath(abs, io.cwd),
    config: loaded.path ? displayPath(loaded.path, io.cwd) : null,
    ignored: o.ignored,
    failLevel: loaded.config.failLevel ?? 'error',
    levels: o.levels,
    ruleOptions: o.ruleOptions,
    problems: describeProblems(loaded, loaded.path ? displayPath(loaded.path, io.cwd) : ''),
  };
  io.out(`${JSON.stringify(out, null, 2)}\n`);
  return loaded.problems.some((p) => p.severity === 'error') ? EXIT_ERROR : EXIT_OK;
}

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

function usage(io: Io, e: UsageError): number {
  io.err(`bosun: ${e.message}. Run 'bosun --help' for usage.\n`);
  return EXIT_ERROR;
}
