/**
 * dockerfile-ast splits an instruction's arguments afresh on every getArguments() call — four or
 * five times per instruction while parsing it, more from the model and the rules — and builds each
 * argument one character at a time. On a long line (a RUN of 1 MB, of 30,000 pipeline segments)
 * that is millions of short-lived strings per call, most of the lint's time, spent in the garbage
 * collector. The split depends only on the instruction's text, which never changes after the
 * parse, so it is done once per instruction: the first call's arguments are kept and each call gets
 * its own copy of the list (dockerfile-ast's callers shift flags off it).
 *
 * Installed on the first parse, not on import: the CLI loads dockerfile-ast only when it meets a
 * Dockerfile.
 */
import { type Argument, Instruction } from 'dockerfile-ast';

let installed = false;

export function splitArgumentsOnce(): void {
  if (installed) return;
  installed = true;
  const proto = Instruction.prototype as unknown as { getRawArguments(this: Instruction): Argument[] };
  const split = proto.getRawArguments;
  if (typeof split !== 'function') return; // another version of dockerfile-ast: leave it as it is
  const kept = new WeakMap<Instruction, Argument[]>();
  proto.getRawArguments = function (this: Instruction): Argument[] {
    let args = kept.get(this);
    if (!args) kept.set(this, (args = split.call(this)));
    return args.slice();
  };
}
