/**
 * The commands of a script grouped by name, built once per command list: a rule that looks for a few
 * programs (`curl`, `apt-get`, `chmod`…) visits those commands only, not every command of the script
 * (a generated RUN has tens of thousands, and some forty rules look at each RUN).
 */
import { commandName } from './shell-names.js';
import type { ShellCommand } from './shell-types.js';

/** Per name (commandName's, as rules compare it): the positions in the list of the commands with it, in order. */
type CommandIndex = Map<string, number[]>;

/** Keyed by the list itself (a RunShell's `all`): a view moved by an edit has a new list, so a new index. */
const indexes = new WeakMap<readonly ShellCommand[], CommandIndex>();

function indexOf(all: readonly ShellCommand[]): CommandIndex {
  let index = indexes.get(all);
  if (!index) {
    index = new Map();
    for (let i = 0; i < all.length; i++) {
      const name = commandName(all[i])?.name;
      if (name === undefined) continue;
      const at = index.get(name);
      if (at) at.push(i);
      else index.set(name, [i]);
    }
    indexes.set(all, index);
  }
  return index;
}

/**
 * The commands of `all` (a RUN's every command, see RunShell) whose name passes `test`, in the
 * list's order: what `all.filter((c) => { const n = commandName(c); return !!n && test(n.name); })`
 * returns, with `test` asked once per distinct name.
 */
export function commandsWhere(all: readonly ShellCommand[], test: (name: string) => boolean): ShellCommand[] {
  const lists: number[][] = [];
  for (const [name, at] of indexOf(all)) if (test(name)) lists.push(at);
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0].map((i) => all[i]);
  const positions: number[] = [];
  for (const at of lists) for (const i of at) positions.push(i);
  return positions.sort((a, b) => a - b).map((i) => all[i]);
}

/** The commands of `all` named one of `names` (see commandsWhere). */
export function commandsNamed(all: readonly ShellCommand[], ...names: string[]): ShellCommand[] {
  const index = indexOf(all);
  if (names.length === 1) return (index.get(names[0]) ?? []).map((i) => all[i]);
  return commandsWhere(all, (n) => names.includes(n));
}

/** Whether a command of `all` is named one of `names`. */
export function hasCommandNamed(all: readonly ShellCommand[], ...names: string[]): boolean {
  const index = indexOf(all);
  return names.some((n) => index.has(n));
}
