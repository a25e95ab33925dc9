/**
 * How package managers are invoked in RUN scripts: which command and subcommand installs, which of
 * their options take a value, and what a pinned package looks like in each one's syntax.
 */
import { type ParsedArgs, type ShellCommand, type ShellWord, commandName, commandsWhere, parseArgs } from '../languages/shell.js';

export type Manager = 'apt' | 'apk' | 'yum' | 'zypper' | 'pip' | 'npm' | 'yarn' | 'pnpm' | 'gem' | 'go';

export interface ManagerInvocation {
  manager: Manager;
  /** The executable as written (`apt-get`, `pip3`, `python3`…). */
  program: string;
  /** The subcommand (`install`, `add`, `update`…), lower-cased; undefined when there is none. */
  subcommand: string | undefined;
  subcommandWord: ShellWord | undefined;
  /** Options and operands after the subcommand (global options before it are in `globalArgs`). */
  args: ParsedArgs;
  globalArgs: ParsedArgs;
}

const APT_VALUE = ['-o', '-c', '-t', '-a', '--option', '--config-file', '--target-release', '--default-release', '--host-architecture'];
const APK_VALUE = ['-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '--repositories-file', '--keys-dir', '--cache-dir', '--timeout', '--cache-max-age'];
const YUM_VALUE = [
  '-c',
  '--config',
  '--enablerepo',
  '--disablerepo',
  '--repo',
  '--repoid',
  '-x',
  '--exclude',
  '--installroot',
  '--releasever',
  '--setopt',
  '-d',
  '--debuglevel',
  '-e',
  '--errorlevel',
  '--rpmverbosity',
  '--forcearch',
  '--downloaddir',
  '--destdir',
  '--color',
  '--repofrompath',
  '--comment',
];
const ZYPPER_VALUE = ['-r', '--repo', '-t', '--type', '--from', '-R', '--root', '-c', '--config', '--installroot'];
const PIP_VALUE = [
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--trusted-host',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--src',
  '--upgrade-strategy',
  '--progress-bar',
  '--cache-dir',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--global-option',
  '--install-option',
  '--config-settings',
  '-C',
  '--report',
  '--only-binary',
  '--no-binary',
  '--root-user-action',
  '--python',
  '--allow-insecure-host',
  '--index',
  '--default-index',
  '--index-strategy',
  '--keyring-provider',
  '-p',
  // uv pip
  '--requirements',
  '--python-preference',
  '--python-platform',
  '--resolution',
  '--prerelease',
  '--exclude-newer',
  '--link-mode',
  '--torch-backend',
  '--config-file',
  '--overrides',
  '--build-constraints',
  '--group',
  '--extra',
  '--refresh-package',
  '--reinstall-package',
  '--upgrade-package',
  '--no-binary-package',
  '--only-binary-package',
];
const NPM_VALUE = [
  '--prefix',
  '--registry',
  '--cache',
  '--omit',
  '--include',
  '--loglevel',
  '--tag',
  '-w',
  '--workspace',
  '--userconfig',
  '--location',
  '--install-strategy',
  '--network-timeout',
  '--modules-folder',
  '--cwd',
  '--filter',
  '-C',
  '--dir',
];
const GEM_VALUE = [
  '-v',
  '--version',
  '-i',
  '--install-dir',
  '-n',
  '--bindir',
  '-s',
  '--source',
  '-P',
  '--trust-policy',
  '--platform',
  '-g',
  '--file',
  '--build-root',
  '--document',
];
const GO_VALUE = [
  '-tags',
  '-ldflags',
  '-gcflags',
  '-asmflags',
  '-mod',
  '-modfile',
  '-p',
  '-pkgdir',
  '-toolexec',
  '-exec',
  '-buildmode',
  '-compiler',
  '-installsuffix',
  '-overlay',
  '-pgo',
  '-o',
  '-C',
];

const VALUE_OPTIONS: Record<Manager, ReadonlySet<string>> = {
  apt: new Set(APT_VALUE),
  apk: new Set(APK_VALUE),
  yum: new Set(YUM_VALUE),
  zypper: new Set(ZYPPER_VALUE),
  pip: new Set(PIP_VALUE),
  npm: new Set(NPM_VALUE),
  yarn: new Set(NPM_VALUE),
  pnpm: new Set(NPM_VALUE),
  gem: new Set(GEM_VALUE),
  go: new Set(GO_VALUE),
};

const PROGRAMS: Record<string, Manager> = {
  'apt-get': 'apt',
  apt: 'apt',
  aptitude: 'apt',
  apk: 'apk',
  yum: 'yum',
  dnf: 'yum',
  microdnf: 'yum',
  tdnf: 'yum',
  zypper: 'zypper',
  npm: 'npm',
  yarn: 'yarn',
  pnpm: 'pnpm',
  gem: 'gem',
  go: 'go',
  pipx: 'pip',
};

/** npm's (and pnpm's) short name for `config`: `npm c set strict-ssl false`. */
const CONFIG_ALIASES: Record<string, readonly string[]> = { npm: ['config', 'c'], pnpm: ['config', 'c'] };

/** True when `word` is the `config` subcommand of `program`, aliases included. */
export function isConfigSubcommand(program: string, word: string | undefined): boolean {
  return word === 'config' || (Object.hasOwn(CONFIG_ALIASES, program) && CONFIG_ALIASES[program].includes(word ?? ''));
}

export const OS_MANAGERS: ReadonlySet<Manager> = new Set(['apt', 'apk', 'yum', 'zypper']);

// The prefix first: asked of every command's name by a dozen rules.
function isPipProgram(name: string): boolean {
  return name.startsWith('pip') && /^pip(\d+(\.\d+)?)?$/.test(name);
}

function isPythonProgram(name: string): boolean {
  return name.startsWith('python') && /^python(\d+(\.\d+)?)?$/.test(name);
}

/**
 * Recognises a package-manager invocation (`apt-get -y install …`, `python3 -m pip install …`, `uv pip install …`).
 * Read once per command: a dozen rules ask for every command of every RUN. Callers must not change what it returns.
 */
export function managerInvocation(cmd: ShellCommand): ManagerInvocation | undefined {
  // Most commands run no package manager: answered from the (memoised) name, without the side table.
  const name = commandName(cmd)?.name;
  if (name === undefined || !mayBeManager(name)) return undefined;
  let found = invocations.get(cmd);
  if (found === undefined) invocations.set(cmd, (found = readInvocation(cmd) ?? null));
  return found ?? undefined;
}
const invocations = new WeakMap<ShellCommand, ManagerInvocation | null>();

/** Programs that may run a package manager (readInvocation reads no other). */
export function mayBeManager(name: string): boolean {
  // Own keys only: a command named `constructor` is not a package manager.
  return Object.hasOwn(PROGRAMS, name) || isPipProgram(name) || isPythonProgram(name) || name === 'uv';
}

/** The commands of `all` (a RUN's every command) that may run a package manager, in order: the only ones managerInvocation reads. */
export function managerCommands(all: readonly ShellCommand[]): ShellCommand[] {
  return commandsWhere(all, mayBeManager);
}

function readInvocation(cmd: ShellCommand): ManagerInvocation | undefined {
  const name = commandName(cmd);
  if (!name || !mayBeManager(name.name)) return undefined;
  let manager: Manager | undefined = Object.hasOwn(PROGRAMS, name.name) ? PROGRAMS[name.name] : undefined;
  let rest = cmd.words.slice(name.index + 1).filter((w) => !w.redirect);
  if (!manager && isPipProgram(name.name)) manager = 'pip';
  if (!manager && isPythonProgram(name.name)) {
    const m = rest.findIndex((w) => w.value === '-m');
    if (m < 0 || !isPipProgram(rest[m + 1]?.value ?? '')) return undefined;
    rest = rest.slice(m + 2);
    manager = 'pip';
  }
  let program = name.name;
  if (!manager && name.name === 'uv' && rest[0]?.value === 'pip') {
    rest = rest.slice(1);
    manager = 'pip';
    program = 'uv pip';
  }
  if (!manager) return undefined;
  const valueOptions = VALUE_OPTIONS[manager];
  const grouped = manager !== 'go';
  // Global options come before the subcommand (`apt-get -qq -y install`, `zypper -n in`).
  let i = 0;
  for (; i < rest.length; i++) {
    const v = rest[i].value;
    if (!v.startsWith('-') || v === '-') break;
    if (valueOptions.has(v)) i++;
  }
  const globalArgs = parseArgs(rest.slice(0, i), { withValue: valueOptions, grouped });
  let subWord = rest[i];
  let after = rest.slice(i + 1);
  // `yarn global add`, `npm -g install` are handled by the same words.
  if ((manager === 'yarn' || manager === 'pnpm') && subWord?.value === 'global') {
    subWord = after[0];
    after = after.slice(1);
  }
  return {
    manager,
    program,
    subcommand: subWord?.value.toLowerCase(),
    subcommandWord: subWord,
    args: parseArgs(after, { withValue: valueOptions, grouped }),
    globalArgs,
  };
}

const INSTALL_SUBCOMMANDS: Record<Manager, readonly string[]> = {
  apt: ['install'],
  apk: ['add'],
  yum: ['install'],
  zypper: ['install', 'in'],
  pip: ['install'],
  npm: ['install', 'i', 'add', 'in', 'isntall'],
  yarn: ['add'],
  pnpm: ['add', 'install', 'i'],
  gem: ['install'],
  go: ['install'],
};

export interface PackageInstall extends ManagerInvocation {
  /** Operand words naming packages (files, URLs and variables included; see `packageSpec`). */
  packages: ShellWord[];
}

/** The invocation when it installs packages. */
export function packageInstall(cmd: ShellCommand): PackageInstall | undefined {
  const inv = managerInvocation(cmd);
  if (!inv?.subcommand || !INSTALL_SUBCOMMANDS[inv.manager].includes(inv.subcommand)) return undefined;
  return { ...inv, packages: inv.args.operands };
}

export type PackageSpec =
  /** A package name with a version constraint in the manager's syntax. */
  | { kind: 'pinned'; name: string }
  /** A package name without a version (or with a moving tag like `@latest`). */
  | { kind: 'unpinned'; name: string }
  /** Not a registry package: a local path, archive, URL, VCS reference, variable or glob. */
  | { kind: 'other' };

const LOCAL_OR_REMOTE = /^(\.{1,2}(\/|$)|\/|~|[a-z][a-z0-9+.-]*:\/\/|file:|git[+:@]|github:|gitlab:|bitbucket:|hg\+|svn\+|bzr\+)/i;
const ARCHIVE = /\.(deb|rpm|apk|whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip|gem|egg)$/i;
/** Version tags that move: pinning to them pins nothing. */
const MOVING = new Set(['latest', 'next', 'master', 'main', 'head', 'upgrade', 'patch', 'canary', 'nightly', 'beta', 'alpha', 'rc', '*', 'x', '']);

/** Packages that bootstrap pip itself; images upgrade them routinely and they are not the app's dependencies. */
const PIP_TOOLING = new Set(['pip', 'setuptools', 'wheel']);

/**
 * `text` up to the first `mark` on its last line, as `text.replace(/\/.*$/, '')` cuts at `/`, in one pass:
 * on a line that is not the last, that regex reads on to the line end from each `/` (quadratic on a run).
 */
function cutAtMarkOnLastLine(text: string, mark: string): string {
  // `.` stops at these four line breaks and `$` is the end of the text.
  const lineStart = Math.max(...['\n', '\r', '\u2028', '\u2029'].map((b) => text.lastIndexOf(b) + 1));
  const at = text.indexOf(mark, lineStart);
  return at < 0 ? text : text.slice(0, at);
}

/** Classifies one package operand in the syntax of its manager. */
export function packageSpec(manager: Manager, word: string): PackageSpec {
  if (!word || /[$`*?]/.test(word) || LOCAL_OR_REMOTE.test(word) || ARCHIVE.test(word)) return { kind: 'other' };
  switch (manager) {
    case 'apt': {
      if (word.includes('=')) return { kind: 'pinned', name: word.slice(0, word.indexOf('=')) };
      return { kind: 'unpinned', name: cutAtMarkOnLastLine(word, '/') };
    }
    case 'apk': {
      if (word.startsWith('.')) return { kind: 'other' };
      const m = /[=~<>]/.exec(word);
      return m ? { kind: 'pinned', name: word.slice(0, m.index) } : { kind: 'unpinned', name: word };
    }
    case 'yum': {
      if (word.startsWith('@') || word.includes('/')) return { kind: 'other' };
      // `name-1.2.3`, `name-1.2.3-4.el9`, `name-0:1.2`: a dash followed by a digit starts the version.
      const m = /-\d/.exec(word);
      return m ? { kind: 'pinned', name: word.slice(0, m.index) } : { kind: 'unpinned', name: word };
    }
    case 'zypper': {
      const m = /[=<>]/.exec(word);
      return m ? { kind: 'pinned', name: word.slice(0, m.index) } : { kind: 'unpinned', name: word };
    }
    case 'pip': {
      if (word.includes('/')) return { kind: 'other' };
      const m = /(===|==|~=|>=|<=|!=|<|>|@|;)/.exec(word);
      const name = cutAtMarkOnLastLine(m ? word.slice(0, m.index) : word, '[').trim();
      if (PIP_TOOLING.has(name.toLowerCase()) && !m) return { kind: 'other' };
      return m ? { kind: 'pinned', name } : { kind: 'unpinned', name };
    }
    case 'npm':
    case 'yarn':
    case 'pnpm': {
      const at = word.indexOf('@', word.startsWith('@') ? 1 : 0);
      // `user/repo` is a GitHub shorthand, not a registry package.
      if (at < 0 && !word.startsWith('@') && word.includes('/')) return { kind: 'other' };
      if (at < 0) return { kind: 'unpinned', name: word };
      const version = word.slice(at + 1);
      const name = word.slice(0, at);
      return MOVING.has(version.toLowerCase()) ? { kind: 'unpinned', name: word } : { kind: 'pinned', name };
    }
    case 'gem': {
      const colon = word.indexOf(':');
      return colon > 0 ? { kind: 'pinned', name: word.slice(0, colon) } : { kind: 'unpinned', name: word };
    }
    case 'go': {
      const at = word.indexOf('@');
      // Without a version, `go install` builds what the current module's go.mod requires.
      if (at < 0) return { kind: 'other' };
      return MOVING.has(word.slice(at + 1).toLowerCase()) ? { kind: 'unpinned', name: word } : { kind: 'pinned', name: word.slice(0, at) };
    }
  }
}

/**
 * Unpinned packages of an install, or [] when the install takes its versions from elsewhere
 * (requirements/constraints files, `gem -v`, a lockfile).
 */
export function unpinnedPackages(install: PackageInstall): ShellWord[] {
  const { manager, args } = install;
  const has = (...names: string[]) => args.options.some((o) => names.includes(o.name));
  if (manager === 'pip' && has('-c', '--constraint', '--require-hashes')) return [];
  if (manager === 'gem' && has('-v', '--version')) return [];
  if (manager === 'apt' && install.program === 'aptitude') return [];
  return install.packages.filter((w) => packageSpec(manager, w.value).kind === 'unpinned');
}

/** Package names of an install that match `names` (version suffixes ignored): `sudo`, `sudo=1.9*`. */
export function installsPackage(install: PackageInstall, names: ReadonlySet<string>): ShellWord[] {
  return install.packages.filter((w) => {
    const spec = packageSpec(install.manager, w.value);
    return spec.kind !== 'other' && names.has(spec.name.toLowerCase());
  });
}

/** Names for a message: the first few, then a count. */
export function nameList(names: string[], max = 5): string {
  const unique = [...new Set(names)];
  return unique.length <= max ? unique.join(', ') : `${unique.slice(0, max).join(', ')} and ${unique.length - max} more`;
}
