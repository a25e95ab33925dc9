/**
 * Where each command of a RUN sits — its list (the top level, or the commands nested in one
 * command) and its index there — and the commands piped after it. Rules that look at a command's
 * neighbours use these instead of searching the lists per command, which is quadratic in a RUN of
 * thousands of commands (`RUN a|a|…|sh`, a long `&&` chain of downloads).
 */
import type { RunShell, ShellCommand } from './shell.js';

export interface CommandPlace {
  list: readonly ShellCommand[];
  index: number;
}

const places = new WeakMap<RunShell, Map<ShellCommand, CommandPlace>>();

/** Each command of the RUN with its place (the first list that holds it). */
export function commandPlaces(run: RunShell): Map<ShellCommand, CommandPlace> {
  let map = places.get(run);
  if (map) return map;
  map = new Map();
  const add = (list: readonly ShellCommand[]) => list.forEach((cmd, index) => map!.has(cmd) || map!.set(cmd, { list, index }));
  add(run.commands);
  for (const cmd of run.all) if (cmd.nested.length) add(cmd.nested);
  places.set(run, map);
  return map;
}

const piped = (cmd: ShellCommand) => cmd.after === '|' || cmd.after === '|&';

/** The commands after the one at `place` in its pipeline (`a | b | c`: b and c after a), in order. */
export function pipedAfter(place: CommandPlace): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (let j = place.index + 1; j < place.list.length && piped(place.list[j]); j++) out.push(place.list[j]);
  return out;
}

/** Whether the command at `place` reads its input from a pipe (it is not the first of its pipeline). */
export const isPipedInto = (place: CommandPlace): boolean => piped(place.list[place.index]);
