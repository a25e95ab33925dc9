/** One CLI invocation: parse arguments, find files, lint them, print, and return the exit code. */
import { allRules, findRule, lintText, type RuleMeta } from '../../../rules/api.js';
import { type CliOptions, helpText, parseArgs, UsageError } from './args.js';
import { discover } from './discover.js';
import { formatJson, rulesJson } from './format-json.js';
import { formatSarif } from './format-sarif.js';
import { formatCheckstyle, formatGithub, formatGitlab } from './format-ci.js';
import { formatText, rulesTable, styleFor } from './format-text.js';
import { readTarget } from './read.js';
import { atOrAbove, type FileReport, type RunReport } from './report.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  out(text: string): void;
  err(text: string): void;
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

export function run(argv: readonly string[], io: Io, version: string): number {
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

  let discovery;
  try {
    discovery = discover(opts.paths, io.cwd, opts.language);
  } catch (e) {
    if (e instanceof UsageError) return usage(io, e);
    throw e;
  }
  const skipped = [...discovery.skipped];
  const files: FileReport[] = [];
  for (const target of discovery.targets) {
    const read = readTarget(target);
    if (!read.ok) {
      skipped.push({ path: target.display, reason: read.reason });
      continue;
    }
    const result = lintText(target.abs, read.text, target.language, { only });
    files.push({ target, result, findings: result.findings });
  }
  for (const s of skipped) io.err(`bosun: ${s.path}: ${s.reason} (skipped)\n`);

  const failed = files.some((f) => f.findings.some((x) => atOrAbove(x.level, opts.failLevel)));
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
    if (!skipped.length) io.out(`No Dockerfiles, Containerfiles or Compose files found in ${opts.paths.length ? opts.paths.join(', ') : '.'} (0 files checked)\n`);
  } else {
    io.out(formatText(report, style));
  }
  if (files.length === 0 && skipped.length > 0) {
    io.err('bosun: nothing could be linted\n');
    return EXIT_ERROR;
  }
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

function usage(io: Io, e: UsageError): number {
  io.err(`bosun: ${e.message}. Run 'bosun --help' for usage.\n`);
  return EXIT_ERROR;
}
