/**
 * Programs that start as root and switch to another user before running the service: the
 * entrypoint tools official images use to "step down from root" (`exec gosu redis "$@"`), and
 * servers whose master process hands the work to unprivileged workers itself.
 */
import { type ShellCommand, argumentWords, commandName } from '../languages/shell.js';

/** Tools whose whole job is to run a command as another user, named by their first argument. */
const USER_FIRST = new Set(['gosu', 'su-exec', 's6-setuidgid', 'setuidgid']);

/** runuser options that take a value (so the word after them is not the user). */
const RUNUSER_VALUE = /^(-[gGscw]|--(group|supp-group|shell|command|whitelist-environment))$/;

/** `root`, `0`, `root:root`, `0:0`: switching to it keeps root. */
const ROOT_USER = /^(root|0)(:.*)?$/;

/** The value of `--name=v` or `--name v` / `-n v` among the arguments. */
function optionValue(args: readonly string[], long: RegExp, short?: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const m = long.exec(args[i]);
    if (m) return m[1] !== undefined ? m[1] : args[i + 1];
    if (short && args[i] === short) return args[i + 1];
    if (short && args[i].startsWith(short) && args[i].length > short.length && !args[i].startsWith('--')) return args[i].slice(short.length);
  }
  return undefined;
}

/** The user a switching tool runs its command as (as written), with the tool's name; undefined when `cmd` switches to no one. */
function switchTarget(cmd: ShellCommand): { tool: string; user: string } | undefined {
  const name = commandName(cmd)?.name;
  if (!name) return undefined;
  const args = argumentWords(cmd).map((w) => w.value);
  let tool = name;
  let user: string | undefined;
  if (USER_FIRST.has(name)) user = args.find((a) => !a.startsWith('-'));
  else if (name === 'runuser') {
    user = optionValue(args, /^--user(?:=(.*))?$/, '-u');
    for (let i = 0; user === undefined && i < args.length; i++) {
      if (RUNUSER_VALUE.test(args[i])) i++;
      else if (!args[i].startsWith('-')) user = args[i];
    }
  } else if (name === 'setpriv') user = optionValue(args, /^--(?:reuid|ruid|euid)(?:=(.*))?$/);
  else if (name === 'chroot') [tool, user] = ['chroot --userspec', optionValue(args, /^--userspec(?:=(.*))?$/)];
  else if (name === 'chpst') [tool, user] = ['chpst -u', optionValue(args, /^-u$/, '-u')];
  return user === undefined ? undefined : { tool, user };
}

/**
 * The tool when `cmd` runs something as another user: `gosu app …`, `su-exec app …`,
 * `setpriv --reuid=app …`, `runuser -u app -- …`, `chroot --userspec=app / …`, `s6-setuidgid app …`,
 * `chpst -u app …`; undefined otherwise, and for a switch to root itself (`gosu root …`). A user
 * named by a variable (`gosu "$APP_USER"`) counts as another user. `gosu --version` is no drop;
 * `gosu nobody true` is a check, not a drop, but cannot be told apart from the command alone —
 * callers look at entrypoint scripts, not RUNs.
 */
export function privilegeDropTool(cmd: ShellCommand): string | undefined {
  const target = switchTarget(cmd);
  return target && !ROOT_USER.test(target.user) ? target.tool : undefined;
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
