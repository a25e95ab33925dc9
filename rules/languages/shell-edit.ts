/**
 * Text edits on shell scripts of RUN instructions: remove words, options, commands or whole
 * instructions without gluing words, leaving empty continuations, or touching other bytes.
 */
import type { Edit, Span } from '../engine/types.js';
import type { DInstruction, DockerfileModel } from './dockerfile.js';
import { type ShellCommand, type ShellOption, offsetInWord } from './shell.js';

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

function continuationAt(text: string, i: number, escape: string): number {
  if (text[i] !== escape) return 0;
  if (text[i + 1] === '\n') return 2;
  if (text[i + 1] === '\r' && text[i + 2] === '\n') return 3;
  return 0;
}

/**
 * Deletes the words from `first` to `last` (inclusive) with the white space that separated them:
 * a word alone on a continued line takes its line with it, so no empty continuation is left behind.
 */
export function removeWordsEdit(text: string, first: Span, last: Span = first, escape = '\\', exec = false): Edit {
  if (exec) return removeJsonItemsEdit(text, first, last);
  const start = first.start;
  const end = last.end;
  let ls = start;
  while (ls > 0 && isBlank(text[ls - 1])) ls--;
  let le = end;
  while (le < text.length && isBlank(text[le])) le++;
  const atLineStart = ls === 0 || text[ls - 1] === '\n';
  const cont = continuationAt(text, le, escape);
  if (atLineStart && cont) return { start: ls, end: le + cont, text: '' };
  if (atLineStart) {
    // The last line of a continued command: drop the continuation that led to it.
    let p = ls - 1;
    if (text[p - 1] === '\r') p--;
    if (p > 0 && text[p - 1] === escape) {
      let q = p - 1;
      while (q > 0 && isBlank(text[q - 1])) q--;
      return { start: q, end: le, text: '' };
    }
    return { start, end: le, text: '' };
  }
  if (ls < start) return { start: ls, end, text: '' };
  return { start, end: le, text: '' };
}

/** Exec form (`["curl", "-k", "url"]`): deletes the strings with the comma that joins them to the rest. */
function removeJsonItemsEdit(text: string, first: Span, last: Span): Edit {
  let after = last.end;
  while (after < text.length && /\s/.test(text[after])) after++;
  if (text[after] === ',') {
    after++;
    while (after < text.length && isBlank(text[after])) after++;
    return { start: first.start, end: after, text: '' };
  }
  let before = first.start;
  while (before > 0 && /\s/.test(text[before - 1])) before--;
  if (text[before - 1] === ',') return { start: before - 1, end: last.end, text: '' };
  return { start: first.start, end: last.end, text: '' };
}


/** Deletes an option (and its separate value word); a letter of a group (`-fsSLk`) loses just that letter. */
export function removeOptionEdit(text: string, opt: ShellOption, escape = '\\', exec = false): Edit | undefined {
  const groupSize = opt.word.value.startsWith('--') ? 1 : opt.word.value.length - 1;
  if (opt.letter !== undefined && groupSize > 1) {
    if (opt.valueWord || (opt.value !== undefined && opt.letter < opt.word.value.length - 1)) {
      // `-Lko value`: cutting the letter and value would need a rewrite of the group.
      return undefined;
    }
    const at = offsetInWord(text, opt.word, opt.letter);
    return at === undefined ? undefined : { start: at, end: at + 1, text: '' };
  }
  return removeWordsEdit(text, opt.word.span, (opt.valueWord ?? opt.word).span, escape, exec);
}

/** Only white space, continuations and one `&&`/`;`/newline separate `from` and `to`. */
function plainSeparator(text: string, from: number, to: number, escape: string): boolean {
  let s = '';
  for (let i = from; i < to; i++) {
    const cont = continuationAt(text, i, escape) || (text[i] === '\\' && continuationAt(text, i, '\\'));
    if (cont) {
      i += cont - 1;
      continue;
    }
    if (!isBlank(text[i]) && text[i] !== '\r') s += text[i];
  }
  return s === '&&' || s === ';' || s === '\n';
}

/**
 * Deletes `list[i]` from a `&&`/`;`/newline-joined list with its joining operator. Undefined when it is
 * part of a pipeline or `||`, reads a heredoc, or is the only command (delete the instruction instead).
 */
export function removeCommandEdit(text: string, list: readonly ShellCommand[], i: number, escape = '\\'): Edit | undefined {
  const cmd = list[i];
  if (!cmd || cmd.heredocs.length) return undefined;
  const next = list[i + 1];
  const prev = i > 0 ? list[i - 1] : undefined;
  const joins = (c: ShellCommand | undefined) => c !== undefined && (c.after === '&&' || c.after === ';' || c.after === '\n');
  if (next && joins(next) && (i === 0 || joins(cmd)) && plainSeparator(text, cmd.span.end, next.span.start, escape)) {
    return { start: cmd.span.start, end: next.span.start, text: '' };
  }
  if (prev && joins(cmd) && !prev.heredocs.length && (!next || (next.after !== '|' && next.after !== '|&' && next.after !== '||')) &&
    plainSeparator(text, prev.span.end, cmd.span.start, escape)) {
    if (next && plainSeparator(text, cmd.span.end, next.span.start, escape)) {
      return { start: prev.span.end, end: cmd.span.end, text: '' };
    }
    if (!next) return { start: prev.span.end, end: cmd.span.end, text: '' };
  }
  return undefined;
}

/** Deletes a whole instruction with its line break. */
export function removeInstructionEdit(model: DockerfileModel, instr: DInstruction): Edit {
  const { file } = model;
  const startLine = file.positionAt(instr.span.start).line;
  const endLine = file.positionAt(instr.span.end).line;
  let start = file.lineStarts[startLine];
  const end = endLine + 1 < file.lineCount ? file.lineStarts[endLine + 1] : file.text.length;
  if (endLine + 1 >= file.lineCount && startLine > 0) start = file.lineEnd(startLine - 1);
  return { start, end, text: '' };
}
