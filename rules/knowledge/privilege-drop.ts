/**
 * Programs that start as root and switch to another user before running the service: the
 * entrypoint tools official images use to "step down from root" (`exec gosu redis "$@"`), and
 * servers whose master process hands the work to unprivileged workers itself.
 */
import { type ShellCommand, argumentWords, commandName } from '../languages/shell.js';

/** Tools whose whole job is to run a command as another user. */
const ALWAYS_SWITCH = new Set(['gosu', 'su-exec', 's6-setuidgid', 'setuidgid', 'runuser']);

/**
 * The tool when `cmd` runs something as another user: `gosu app …`, `su-exec app …`,
 * `setpriv --reuid=app …`, `runuser -u app -- …`, `chroot --userspec=app / …`, `s6-setuidgid app …`,
 * `chpst -u app …`; undefined otherwise (`gosu --version`, `gosu nobody true` are checks, not drops,
 * but cannot be told apart from the command alone — callers look at entrypoint scripts, not RUNs).
 */
export function privilegeDropTool(cmd: ShellCommand): string | undefined {
  const name = commandName(cmd)?.name;
  if (!name) return undefined;
  const args = argumentWords(cmd).map((w) => w.value);
  if (ALWAYS_SWITCH.has(name)) return args.some((a) => !a.startsWith('-')) ? name : undefined;
  if (name === 'setpriv') return args.some((a) => /^--(reuid|ruid|euid)(=|$)/.test(a)) ? name : undefined;
  if (name === 'chroot') return args.some((a) => /^--userspec(=|$)/.test(a)) ? 'chroot --userspec' : undefined;
  if (name === 'chpst') return args.some((a) => a === '-u' || a.startsWith('-u')) ? 'chpst -u' : undefined;
  return undefined;
}

/** Names under which an image installs one of those tools (`apk add su-exec`, `/usr/local/bin/gosu`). */
const INSTALLED = /(?:^|\/)(gosu|su-exec|s6-setuidgid)(?:$|[<>=~])/;

/** The drop tool a word installs or names (`gosu`, `'su-exec>=0.2'`, `/usr/local/bin/gosu`), if any. */
export function installedDropTool(word: string): string | undefined {
  return INSTALLED.exec(word)?.[1];
}

/**
 * Servers whose master process keeps root (to bind low ports, open logs) and runs the code that
 * handles requests as an unprivileged user named in their configuration.
 */
const SELF_DROPPING = /^(nginx|openresty|httpd|httpd-foreground|apache2|apache2-foreground|apache2ctl|apachectl|php-fpm[\d.]*)$/;

export function selfDroppingServer(program: string): boolean {
  return SELF_DROPPING.test(program.split('/').pop() ?? program);
}
