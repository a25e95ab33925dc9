/** Command names: what a simple command runs, past wrappers (`sudo`, `env`), assignments and redirections. */
import type { ShellCommand, ShellWord } from './shell-types.js';

/** POSIX-like shells: their `-c` argument and their stdin are shell scripts. */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/** Options of wrapper commands that take a value (so the value is not the command name). */
const WRAPPERS: Record<string, readonly string[]> = {
  sudo: [
    '-u',
    '-g',
    '-C',
    '-D',
    '-h',
    '-p',
    '-r',
    '-t',
    '-U',
    '-T',
    '--user',
    '--group',
    '--close-from',
    '--chdir',
    '--host',
    '--prompt',
    '--role',
    '--type',
    '--other-user',
    '--command-timeout',
  ],
  env: ['-u', '--unset', '-C', '--chdir'],
  exec: ['-a'],
  nohup: [],
  time: ['-f', '--format', '-o', '--output'],
  command: [],
  builtin: [],
};
/** Reserved words that may precede a command (`if grep …`, `then apt-get …`). */
const KEYWORDS = new Set(['!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '{']);

/**
 * The command name, skipping leading `sudo` (and its options), `env`, `VAR=value` assignments,
 * `exec`, `nohup`, `time`, reserved words (`then`, `do`…) and redirections. `index` is into `words`.
 */
export function commandName(cmd: ShellCommand): { name: string; index: number } | undefined {
  // Memoised: dozens of rules ask for every command's name on every lint (it was ~10% of a Dockerfile lint).
  // A command's words never change once parsed.
  let found = cmd.nameMemo;
  if (found === undefined) cmd.nameMemo = found = findCommandName(cmd) ?? null;
  return found ?? undefined;
}

/** For the reader only: `cmd` got more words (a heredoc operator read by the Dockerfile parser). */
export function wordsChanged(cmd: ShellCommand): void {
  cmd.nameMemo = undefined;
  cmd.argsMemo = undefined;
}

function findCommandName(cmd: ShellCommand): { name: string; index: number } | undefined {
  // A compound command (`for x in …`, `{ …; }`) runs no program of its own.
  if (cmd.kind) return undefined;
  let wrapper: string | undefined;
  for (let i = 0; i < cmd.words.length; i++) {
    const word = cmd.words[i];
    if (word.redirect) continue;
    const w = word.value;
    if (wrapper) {
      if (w === '--') {
        wrapper = undefined;
        continue;
      }
      if (w.startsWith('-') && w.length > 1) {
        if (wrapper === 'command' && (w === '-v' || w === '-V')) return { name: 'command', index: i - 1 };
        if (WRAPPERS[wrapper].includes(w)) i++;
        continue;
      }
    }
    if (w.includes('=') && /^\w+=/.test(w)) continue;
    if (Object.hasOwn(WRAPPERS, w)) {
      wrapper = w;
      continue;
    }
    if (KEYWORDS.has(w) && !wrapper) continue;
    const name = w.includes('$(') || w.includes('`') ? w : w.slice(w.lastIndexOf('/') + 1);
    return { name, index: i };
  }
  return undefined;
}

/** The arguments of a command that has none (most commands of a generated RUN): one array for all. */
const NO_WORDS: ShellWord[] = Object.freeze([]) as unknown as ShellWord[];

/** The words after the command name that are not redirections. Memoised: callers must not change the array. */
export function argumentWords(cmd: ShellCommand): ShellWord[] {
  let found = cmd.argsMemo;
  if (found === undefined) {
    const name = commandName(cmd);
    found = NO_WORDS;
    if (name) {
      for (let i = name.index + 1; i < cmd.words.length; i++) {
        if (cmd.words[i].redirect) continue;
        if (found === NO_WORDS) found = [];
        found.push(cmd.words[i]);
      }
    }
    cmd.argsMemo = found;
  }
  return found;
}

/** `sh -c 'script'` / `bash -euxo pipefail -c "…"`: the word holding the script. */
export function shellScriptWord(cmd: ShellCommand): ShellWord | undefined {
  const name = commandName(cmd);
  if (!name || !SHELLS.has(name.name)) return undefined;
  let sawC = false;
  const words = cmd.words;
  for (let i = name.index + 1; i < words.length; i++) {
    const w = words[i];
    if (w.redirect) continue;
    const v = w.value;
    if ((v.startsWith('-') || v.startsWith('+')) && v.length > 1 && !v.startsWith('--')) {
      if (v.slice(1).includes('c')) sawC = true;
      if (v.endsWith('o')) i++; // `-o pipefail`
      continue;
    }
    if (v.startsWith('--')) continue;
    return sawC ? w : undefined;
  }
  return undefined;
}

/** A shell reading its script from stdin (so a heredoc fed to it is shell): no script operand, no `-c`. */
export function readsScriptFromStdin(cmd: ShellCommand): boolean {
  const name = commandName(cmd);
  if (!name || !SHELLS.has(name.name)) return false;
  return !shellScriptWord(cmd) && !cmd.words.slice(name.index + 1).some((w) => !w.redirect && !w.value.startsWith('-'));
}
