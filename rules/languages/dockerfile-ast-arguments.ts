/**
 * dockerfile-ast splits an instruction's arguments afresh on every getArguments() call — four or
 * five times per instruction while parsing it, more from the model and the rules — and builds each
 * argument one character at a time. On a long line (a RUN of 1 MB, of 30,000 pipeline segments)
 * that is millions of short-lived strings per call, most of the lint's time, spent in the garbage
 * collector. Two changes, installed on dockerfile-ast's Instruction:
 *
 * - the split is done once per instruction (it depends only on the instruction's text, which never
 *   changes after the parse): the first call's arguments are kept and each call gets its own copy
 *   of the list (dockerfile-ast's callers shift flags off it);
 * - the split itself (`splitArguments`) is dockerfile-ast's state machine, step for step, except
 *   that a run of ordinary characters is appended to the argument as one slice instead of one
 *   character at a time. A differential test holds it to dockerfile-ast's own on random text.
 *
 * Installed on the first parse, not on import: the CLI loads dockerfile-ast only when it meets a
 * Dockerfile.
 */
import { Argument, Instruction } from 'dockerfile-ast';
import type { Position, Range } from 'vscode-languageserver-types';

let installed = false;
/** dockerfile-ast's own split, once replaced. */
let original: Split | undefined;

/** What splitArguments reads of an Instruction (dockerfile-ast's fields, not in its typings). */
interface InstructionInternals {
  document: { positionAt(offset: number): Position; offsetAt(position: Position): number; getText(): string };
  escapeChar: string;
  getInstructionRange(): Range;
  getTextContent(): string;
}

type Split = (this: Instruction) => Argument[];

export function splitArgumentsOnce(): void {
  if (installed) return;
  installed = true;
  const proto = Instruction.prototype as unknown as { getRawArguments: Split };
  if (typeof proto.getRawArguments !== 'function') return; // another version of dockerfile-ast: leave it as it is
  original = proto.getRawArguments;
  const kept = new WeakMap<Instruction, Argument[]>();
  proto.getRawArguments = function (this: Instruction): Argument[] {
    let args = kept.get(this);
    if (!args) kept.set(this, (args = splitArguments(this)));
    return args.slice();
  };
}

/** dockerfile-ast's own split of `instruction`'s arguments (for the differential test). */
export function dockerfileAstArguments(instruction: Instruction): Argument[] {
  const proto = Instruction.prototype as unknown as { getRawArguments: Split };
  return (original ?? proto.getRawArguments).call(instruction);
}

const isNewline = (c: string) => c === '\r' || c === '\n';
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/**
 * dockerfile-ast 0.7's Instruction.getRawArguments, with ordinary characters appended by runs. The
 * variables and branches are dockerfile-ast's, in the same order, so the two can be compared line
 * by line.
 */
export function splitArguments(instruction: Instruction): Argument[] {
  const self = instruction as unknown as InstructionInternals;
  const document = self.document;
  const escapeChar = self.escapeChar;
  const args: Argument[] = [];
  const range = self.getInstructionRange();
  const extra = document.offsetAt(range.end) - document.offsetAt(range.start);
  const fullArgs = self.getTextContent().substring(extra);
  const offset = document.offsetAt(range.start) + extra;
  const push = (value: string, from: number, to: number) => args.push(new Argument(value, { start: document.positionAt(offset + from), end: document.positionAt(offset + to) }));
  let start = false;
  let comment = false;
  let found = -1;
  // A space or tab that is part of an escaped newline sequence was seen.
  let escapedWhitespaceDetected = false;
  // In an escaped newline sequence.
  let escaping = false;
  let escapeMarker = -1;
  let escapedArg = '';
  const length = fullArgs.length;
  for (let i = 0; i < length; i++) {
    const char = fullArgs[i];
    if (isWhitespace(char)) {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (isNewline(char)) {
          // A newline: whitespace seen before it does not count.
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
      } else if (found !== -1) {
        push(escapedArg, found, escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
        escapedArg = '';
        found = -1;
      }
    } else if (char === escapeChar) {
      const next = i + 1 < length ? fullArgs[i + 1] : '';
      if (next === ' ' || next === '\t') {
        whitespaceCheck: for (let j = i + 2; j < length; j++) {
          switch (fullArgs[j]) {
            case ' ':
            case '\t':
              continue;
            case '\r':
            case '\n':
              // dockerfile-ast's: `\r` skips one more character, then acts as `\n`.
              if (fullArgs[j] === '\r') j++;
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === '\r') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === '\n') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(escapedArg, found, escapeMarker);
          escapedArg = '';
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === '$') {
          escapedArg = escapedArg + char + next;
        } else if (next === '') {
          // The end of the text.
          break;
        } else {
          escapedArg = escapedArg + next;
        }
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === '#') {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(escapedArg, found, escapeMarker);
          escapedArg = '';
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        if (found === -1) found = i;
        // The characters up to the next whitespace or escape character go through this same branch
        // with nothing left to reset (`start` is false after the first): append them in one slice.
        let j = i + 1;
        while (j < length) {
          const c = fullArgs[j];
          if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === escapeChar) break;
          j++;
        }
        escapedArg = escapedArg + (j === i + 1 ? char : fullArgs.slice(i, j));
        i = j - 1;
      }
      // A character other than whitespace was seen.
      start = false;
    }
  }
  if (found !== -1) push(escapedArg, found, escapeMarker === -1 ? length : escapeMarker);
  return args;
}
