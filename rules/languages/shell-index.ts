/**
 * The commands of a script grouped by name, built once per command list: a rule that looks for a few
 * programs (`curl`, `apt-get`, `chmod`…) visits those commands only, not every command of the script
 * (a generated RUN has tens of thousands, and some forty rules look at each RUN).
 */
import { commandName } from './shell-names.js';
import type { ShellCommand } from './shell-types.js';

interface CommandIndex {
  /** Per name (commandName's, as rules compare it): the positions in the list of the commands with it, in order. */
  byName: Map<string, number[]>;
  /** The positions of the commands with words before their name (assignments, `sudo`, `env`…), in order. */
  prefixed: number[];
}

/** Keyed by the list itself (a RunShell's `all`): a view moved by an edit has a new list, so a new index. */
const indexes = new WeakMap<readonly ShellCommand[], CommandIndex>();

function indexOf(all: readonly ShellCommand[]): CommandIndex {
  let index = indexes.get(all);
  if (!index) {
    index = { byName: new Map(), prefixed: [] };
    for (let i = 0; i < all.length; i++) {
      const name = commandName(all[i]);
      if (name === undefined) continue;
      const at = index.byName.get(name.name);
      if (at) at.push(i);
      else index.byName.set(name.name, [i]);
      if (name.index > 0) index.prefixed.push(i);
    }
    indexes.set(all, index);
  }
  return index;
}

/**
 * The commands of `all` (a RUN's every command, see RunShell) whose name passes `test`, in the
 * list's order: what `all.filter((c) => { const n = commandName(c); return !!n && test(n.name); })`
 * returns, with `test` asked once per distinct name. `prefixed`: also every command with words
 * before its name (`X=1 cmd`, `sudo cmd`: `commandName(c).index > 0`).
 */
export function commandsWhere(all: readonly ShellCommand[], test: (name: string) => boolean, prefixed = false): ShellCommand[] {
  const index = indexOf(all);
  const lists: number[][] = [];
  for (const [name, at] of index.byName) if (test(name)) lists.push(at);
  if (prefixed && index.prefixed.length) lists.push(index.prefixed);
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0].map((i) => all[i]);
  const positions: number[] = [];
  for (const at of lists) for (const i of at) positions.push(i);
  positions.sort((a, b) => a - b);
  const out: ShellCommand[] = [];
  for (let k = 0; k < positions.length; k++) if (k === 0 || positions[k] !== positions[k - 1]) out.push(all[positions[k]]);
  return out;
}

/** The commands of `all` named one of `names` (see commandsWhere). */
export function commandsNamed(all: readonly ShellCommand[], ...names: string[]): ShellCommand[] {
  const index = indexOf(all).byName;
  if (names.length === 1) return (index.get(names[0]) ?? []).map((i) => all[i]);
  return commandsWhere(all, (n) => names.includes(n));
}
