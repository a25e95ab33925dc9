/** Command-line parsing for `bosun`: a small hand-written parser so errors read well and startup stays cheap. */
import type { LanguageId, Level } from '../../../rules/api.js';

export type Format = 'text' | 'json' | 'sarif' | 'github' | 'checkstyle' | 'gitlab';
export type FailLevel = Level | 'none';

export interface CliOptions {
  paths: string[];
  format: Format;
  failLevel: FailLevel;
  /** Rule codes, names or aliases given with --rule (validated later against the registry). */
  rules: string[];
  language?: LanguageId;
  listRules: boolean;
  help: boolean;
  version: boolean;
  /** From --fail-level; otherwise the config's failLevel, otherwise error. */
  failLevelGiven: boolean;
  fix: boolean;
  fixDryRun: boolean;
  baseline?: string;
  writeBaseline?: string;
  /** Name used for stdin input: language detection, config lookup and output. */
  stdinFilename?: string;
  printConfig?: string;
  /** `--image-facts refresh`: fetch base-image facts into the lock file instead of linting. */
  imageFacts?: 'refresh';
  /** `--registry-credentials`: the refresh may use docker's config.json and credential helpers. */
  registryCredentials: boolean;
  /** Files asked for that cannot be read are reported but do not fail the run. */
  skipUnreadable: boolean;
}

/** A mistake in how bosun was called: one line on stderr, exit code 2. */
export class UsageError extends Error {}

const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github', 'checkstyle', 'gitlab'];
const FAIL_LEVELS: readonly FailLevel[] = ['error', 'warning', 'info', 'hint', 'none'];
const LANGUAGES: readonly LanguageId[] = ['dockerfile', 'compose'];

function choice<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value '${value}' for ${flag} (expected ${allowed.join('|')})`);
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const opts: CliOptions = {
    paths: [],
    format: 'text',
    failLevel: 'error',
    rules: [],
    listRules: false,
    help: false,
    version: false,
    failLevelGiven: false,
    fix: false,
    fixDryRun: false,
    registryCredentials: false,
    skipUnreadable: false,
  };
  let onlyPaths = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPaths || arg === '-' || !arg.startsWith('-')) {
      opts.paths.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPaths = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const inline = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`option ${flag} needs a value`);
      i++;
      return next;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new UsageError(`option ${flag} takes no value`);
    };
    switch (flag) {
      case '-h':
      case '--help':
        noValue();
        opts.help = true;
        break;
      case '-v':
      case '-V':
      case '--version':
        noValue();
        opts.version = true;
        break;
      case '-f':
      case '--format':
        opts.format = choice(flag, value(), FORMATS);
        break;
      case '--fail-level':
        opts.failLevel = choice(flag, value(), FAIL_LEVELS);
        opts.failLevelGiven = true;
        break;
      case '--fix':
        noValue();
        opts.fix = true;
        break;
      case '--fix-dry-run':
        noValue();
        opts.fixDryRun = true;
        break;
      case '--skip-unreadable':
        noValue();
        opts.skipUnreadable = true;
        break;
      case '--baseline':
        opts.baseline = value();
        break;
      case '--write-baseline':
        opts.writeBaseline = value();
        break;
      case '--stdin':
        noValue();
        if (!opts.paths.includes('-')) opts.paths.push('-');
        break;
      case '--stdin-filename':
        opts.stdinFilename = value();
        break;
      case '--print-config':
        opts.printConfig = value();
        break;
      case '--language':
        opts.language = choice(flag, value(), LANGUAGES);
        break;
      case '-r':
      case '--rule': {
        const codes = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        if (codes.length === 0) throw new UsageError(`option ${flag} needs a rule code or name`);
        opts.rules.push(...codes);
        break;
      }
      case '--image-facts':
        opts.imageFacts = choice(flag, value(), ['refresh'] as const);
        break;
      case '--registry-credentials':
        noValue();
        opts.registryCredentials = true;
        break;
      case '--list-rules':
        noValue();
        opts.listRules = true;
        break;
      default:
        throw new UsageError(`unknown option '${flag}'`);
    }
  }
  if (opts.fix && opts.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if ((opts.fix || opts.fixDryRun) && opts.paths.includes('-')) throw new UsageError('--fix cannot write to stdin input');
  if (opts.stdinFilename !== undefined && !opts.paths.includes('-')) throw new UsageError('--stdin-filename goes with --stdin');
  if (opts.imageFacts && (opts.fix || opts.fixDryRun || opts.paths.includes('-'))) throw new UsageError('--image-facts refresh goes with paths only (no --fix, no stdin)');
  if (opts.registryCredentials && !opts.imageFacts) throw new UsageError('--registry-credentials goes with --image-facts refresh');
  return opts;
}

export function helpText(version: string): string {
  return `bosun ${version} — finds security problems in Dockerfiles and Docker Compose files

Usage: bosun [options] [paths...]

Paths may be files or directories (default: the current directory). Directories are searched
for Dockerfiles, Containerfiles and Compose files, skipping hidden, node_modules, vendor and
dist directories and symbolic links to directories. Use '-' to read one file from stdin
(needs --language).

Options:
  -f, --format FORMAT          text (default), json, sarif (SARIF 2.1.0 for code scanning),
                               github (workflow annotations), checkstyle, gitlab (Code Quality)
      --fail-level LEVEL       exit 1 when a finding at or above LEVEL exists:
                               error|warning|info|hint|none (default: error)
  -r, --rule CODE              run only this rule (code or name; repeatable, or comma-separated)
      --fix                    apply safe fixes in place (in passes until stable), then report what is left
      --fix-dry-run            print the safe fixes as a unified diff; change nothing
      --skip-unreadable        a file asked for that cannot be read (not a regular file, too large,
                               no permission) is reported but does not make the run fail (exit 2)
      --baseline FILE          ignore findings recorded in FILE (fail only on new ones)
      --write-baseline FILE    record every current finding in FILE and exit 0
      --stdin                  read one file from stdin (same as '-')
      --stdin-filename NAME    the name of the stdin file: kind, config and output path
      --print-config FILE      print the effective configuration for FILE as JSON
      --language dockerfile|compose
                               lint named files as this kind, and search directories for it only
      --list-rules             list every rule (with --format json: full metadata)
      --image-facts refresh    fetch the config of every base image (user, healthcheck, age…) from its
                               registry into the lock file (.bosun/images.lock.json); lint runs read it
      --registry-credentials   with --image-facts: use docker's config.json and credential helpers
  -h, --help                   show this help
  -v, --version                show the version

Configuration: the nearest .bosun.yaml (or .bosun.yml) from each file's directory up to the
working directory: rule levels and options, ignore paths, failLevel, per-glob overrides.
Image facts: lint runs never use the network; they read the lock file (imageFacts.lockFile in the
working directory's .bosun.yaml, else .bosun/images.lock.json) and say when entries are stale.

Exit codes: 0 no finding at or above the fail level, 1 findings at or above it,
            2 usage error, configuration error, a file asked for could not be read (a path
            given, or a Dockerfile/Compose file a directory search found), or an internal error.
Fixes write only regular files inside the paths given (a file: its folder), never through a
symbolic link that leads outside; fixes that would are reported and left undone.
Colour: on when stdout is a terminal; NO_COLOR disables it, FORCE_COLOR forces it.
Speed: BOSUN_THREADS=N lints big runs on N threads (default: as many as idle CPUs allow);
       BOSUN_CODE_CACHE=DIR|off keeps compiled code elsewhere or nowhere (default: .cache beside the CLI).
`;
}
