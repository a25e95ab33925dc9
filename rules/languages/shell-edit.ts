/**
 * Text edits on the words of RUN instructions (and on instruction arguments): remove words,
 * options, commands or whole instructions as token-level edits. Word boundaries come from the
 * shell model's spans; what separates them (blanks, continuations with the file's escape
 * character, comment lines inside continuations) from token-gaps.ts. An edit that cannot be made
 * without gluing words or breaking the instruction is not made: the functions return undefined.
 */
import type { Property } from 'dockerfile-ast';
import type { Edit, Span } from '../engine/types.js';
import { type DInstruction, type DockerfileModel, heredocsOf } from './dockerfile.js';
import { type RunShell, type ShellCommand, type ShellOption, offsetInWord } from './shell.js';
import { type TokenText, gapAfter, gapBefore, removeTokensEdit, skipsLines } from './token-gaps.js';

/** Where word edits happen: the instruction's text, and how its words are written. */
export interface EditSite extends TokenText {
  /** The words are the strings of an exec-form JSON array. */
  json: boolean;
  /** Word offsets or line breaks cannot be trusted here (a script inside a JSON string with escapes, a lone CR): no edits. */
  opaque?: boolean;
}

/** A CR not followed by LF: BuildKit does not end a line there, the editor and dockerfile-ast do. */
function hasLoneCR(text: string, span: Span): boolean {
  for (let i = text.indexOf('\r', span.start); i >= 0 && i < span.end; i = text.indexOf('\r', i + 1)) {
    if (text[i + 1] !== '\n') return true;
  }
  return false;
}

/** The site of an instruction's argument words (ENV pairs, EXPOSE ports…). */
export function instructionSite(model: DockerfileModel, instr: DInstruction): EditSite {
  const site: EditSite = { text: model.file.text, escape: model.escape, within: instr.span, json: false };
  return hasLoneCR(site.text, instr.span) ? { ...site, opaque: true } : site;
}

/** The site of a command's words in a RUN: the array items of exec form, or shell words. */
export function runSite(model: DockerfileModel, run: RunShell, cmd?: ShellCommand): EditSite {
  const site: EditSite = { text: model.file.text, escape: model.escape, within: run.instr.span, json: false };
  if (hasLoneCR(site.text, run.instr.span)) return { ...site, opaque: true };
  if (!run.exec) return site;
  if (!cmd || run.commands.includes(cmd)) return { ...site, json: true };
  // A script inside one of the array's strings: its offsets hold only when the string has no JSON escapes.
  let top: ShellCommand = cmd;
  while (top.parent) top = top.parent;
  const holder = top.words.find((w) => w.span.start <= cmd.span.start && cmd.span.end <= w.span.end);
  const raw = holder && model.file.text.slice(holder.span.start + 1, holder.span.end - 1);
  if (!holder || raw !== holder.value) return { ...site, opaque: true };
  return { ...site, within: { start: holder.span.start + 1, end: holder.span.end - 1 } };
}

/**
 * Deletes consecutive words (`words[0]` to the last, nothing else between them) with what
 * separated them: one separator stays between their neighbours, a continued line left empty goes
 * with its continuation, comment lines stay. Undefined when that cannot be done safely.
 */
export function removeWordsEdit(site: EditSite, words: readonly Span[]): Edit | undefined {
  if (site.opaque || !words.length) return undefined;
  if (site.json) return removeJsonItemsEdit(site, words[0], words[words.length - 1]);
  return removeTokensEdit(site, words);
}

/** Exec form (`["curl", "-k", "url"]`): deletes the strings with the comma that joins them to the rest. */
function removeJsonItemsEdit(site: EditSite, first: Span, last: Span): Edit | undefined {
  const { text } = site;
  const afterLast = gapAfter(site, last.end);
  if (!afterLast.atEnd && text[afterLast.end] === ',') {
    const next = gapAfter(site, afterLast.end + 1);
    if (skipsLines(afterLast) || skipsLines(next) || next.atEnd || text[next.end] !== '"') return undefined;
    return { start: first.start, end: next.end, text: '' };
  }
  const beforeFirst = gapBefore(site, first.start);
  if (text[beforeFirst.start - 1] !== ',' || skipsLines(beforeFirst) || text[afterLast.end] !== ']') return undefined;
  const beforeComma = gapBefore(site, beforeFirst.start - 1);
  if (skipsLines(beforeComma) || text[beforeComma.start - 1] !== '"') return undefined;
  return { start: beforeComma.start, end: last.end, text: '' };
}

/** Deletes an option (and its separate value word); a letter of a group (`-fsSLk`) loses just that letter. */
export function removeOptionEdit(site: EditSite, opt: ShellOption): Edit | undefined {
  if (site.opaque) return undefined;
  const groupSize = opt.word.value.startsWith('--') ? 1 : opt.word.value.length - 1;
  if (opt.letter !== undefined && groupSize > 1) {
    if (opt.valueWord || (opt.value !== undefined && opt.letter < opt.word.value.length - 1)) {
      // `-Lko value`: cutting the letter and value would need a rewrite of the group.
      return undefined;
    }
    const at = offsetInWord(site.text, opt.word, opt.letter);
    return at === undefined ? undefined : { start: at, end: at + 1, text: '' };
  }
  return removeWordsEdit(site, opt.valueWord ? [opt.word.span, opt.valueWord.span] : [opt.word.span]);
}

/** The span of `op` (`&&`, `;`, or a line break for `\n`) between two commands, when only gaps surround it. */
function operatorBetween(site: EditSite, from: number, to: number, op: string | undefined): Span | undefined {
  const before = gapAfter(site, from);
  const at = before.end;
  let end: number;
  if (op === '\n') {
    if (!before.atEnd || at >= site.within.end) return undefined;
    end = at + (site.text[at] === '\r' ? 2 : 1);
  } else if ((op === '&&' || op === ';') && !before.atEnd && site.text.startsWith(op, at)) {
    end = at + op.length;
  } else {
    return undefined;
  }
  return gapAfter(site, end).end === to ? { start: at, end } : undefined;
}

/** Removes a command with the operator after it; a heredoc script line goes as a whole line. */
function removeWithNext(site: EditSite, words: Span[], op: Span, opText: string | undefined): Edit | undefined {
  if (opText !== '\n') return removeTokensEdit(site, [...words, op]);
  const before = gapBefore(site, words[0].start);
  const startsLine = before.breaks.length === 1 && before.breaks[0].cont === '';
  return startsLine && gapAfter(site, words[words.length - 1].end).end === op.start ? { start: before.start, end: op.end, text: '' } : undefined;
}

const joinsList = (c: ShellCommand | undefined) => c !== undefined && (c.after === '&&' || c.after === ';' || c.after === '\n');
const piped = (c: ShellCommand | undefined) => c !== undefined && (c.after === '|' || c.after === '|&' || c.after === '||');

/**
 * Deletes `list[i]` from a `&&`/`;`/newline-joined list with its joining operator. Undefined when it is
 * part of a pipeline or `||`, reads a heredoc, or is the only command (delete the instruction instead).
 */
export function removeCommandEdit(site: EditSite, list: readonly ShellCommand[], i: number): Edit | undefined {
  const cmd = list[i];
  if (site.opaque || site.json || !cmd || cmd.heredocs.length) return undefined;
  const words = cmd.words.map((w) => w.span);
  const next = list[i + 1];
  const prev = i > 0 ? list[i - 1] : undefined;
  // Only gaps and the operator on both sides: the command is not the last of a group (`then b; fi`, `(a && b)`).
  const opAfter = next && joinsList(next) ? operatorBetween(site, cmd.span.end, next.span.start, next.after) : undefined;
  const withNext = opAfter && (i === 0 || joinsList(cmd)) ? () => removeWithNext(site, words, opAfter, next!.after) : undefined;
  // The operator on the command's own line goes with it (`b &&` at a line end, `&& b` at a line start).
  if (withNext && !gapAfter(site, cmd.span.end).breaks.length) return withNext();
  if (prev && joinsList(cmd) && !prev.heredocs.length && !piped(next) && (!next || opAfter)) {
    const op = operatorBetween(site, prev.span.end, cmd.span.start, cmd.after);
    const edit = op && removeTokensEdit(site, [op, ...words]);
    if (edit) return edit;
  }
  return withNext?.();
}

/** Comment lines inside an instruction's continuations (not heredoc bodies), each with its line ending. */
function innerCommentLines(model: DockerfileModel, instr: DInstruction, startLine: number, endLine: number): string[] {
  const heredocs = heredocsOf(instr.node);
  if (heredocs === undefined || heredocs.length) return [];
  const { file } = model;
  const out: string[] = [];
  for (let line = startLine + 1; line <= endLine; line++) {
    const text = file.lineText(line);
    if (text.trimStart().startsWith('#')) out.push(file.text.slice(file.lineStarts[line], line + 1 < file.lineCount ? file.lineStarts[line + 1] : file.text.length));
  }
  return out;
}

/** Deletes a whole instruction with its line break; comment lines inside its continuations stay. */
export function removeInstructionEdit(model: DockerfileModel, instr: DInstruction): Edit {
  const { file } = model;
  const startLine = file.positionAt(instr.span.start).line;
  const endLine = file.positionAt(instr.span.end).line;
  let start = file.lineStarts[startLine];
  if (file.text[start] === '\uFEFF') start++;
  const comments = innerCommentLines(model, instr, startLine, endLine);
  if (endLine + 1 < file.lineCount) return { start, end: file.lineStarts[endLine + 1], text: comments.join('') };
  // The last line: the line break before it goes instead of the one after it.
  const kept = comments
    .map((c) => c.replace(/\r?\n$/, ''))
    .map((c) => `${file.eol}${c}`)
    .join('');
  if (startLine > 0) start = file.lineEnd(startLine - 1);
  return { start, end: file.text.length, text: startLine > 0 ? kept : kept.replace(/^\r?\n/, '') };
}

/**
 * Edits that delete some of an instruction's argument words (`remove` holds indexes into `words`),
 * each run of consecutive removed words joined like removeWordsEdit. At least one word must stay
 * (delete the instruction otherwise): undefined then, or when a run cannot be removed safely.
 */
export function removeArgumentsEdits(site: EditSite, words: readonly { span: Span }[], remove: ReadonlySet<number>): Edit[] | undefined {
  if (words.every((_, i) => remove.has(i))) return undefined;
  const edits: Edit[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!remove.has(i)) continue;
    let j = i;
    while (j + 1 < words.length && remove.has(j + 1)) j++;
    const edit = removeWordsEdit(
      site,
      words.slice(i, j + 1).map((w) => w.span),
    );
    if (!edit) return undefined;
    edits.push(edit);
    i = j;
  }
  return edits;
}

/**
 * Deletes ARG/ENV pairs (`remove`: indexes into `props`), the whole instruction when none is left.
 * Undefined when what is left would read as another form: `ENV A=1 B` loses `A=1`, and `ENV B`
 * alone is the `ENV name value` form missing its value.
 */
export function removePropertiesEdits(model: DockerfileModel, instr: DInstruction, keyword: string, props: readonly Property[], remove: ReadonlySet<number>): Edit[] | undefined {
  if (props.every((_, i) => remove.has(i))) return [removeInstructionEdit(model, instr)];
  if (keyword === 'ENV' && props.some((p, i) => !remove.has(i) && p.getAssignmentOperator() === null)) return undefined;
  return removeArgumentsEdits(
    instructionSite(model, instr),
    props.map((p) => ({ span: model.file.spanOf(p.getRange()) })),
    remove,
  );
}

/**
 * Inserts whole instruction lines: at a line start (above an instruction), or `atEnd` right after
 * the last instruction, on lines of their own. Undefined when they would not be instructions of
 * their own there: after a line continuation that leads on (comment and empty lines in between do
 * not end it), or after a heredoc that is never closed.
 */
export function insertInstructionsEdit(model: DockerfileModel, offset: number, atEnd: boolean, lines: readonly string[]): Edit | undefined {
  const { file } = model;
  const previous = model.instructions.filter((i) => i.span.start < offset).at(-1);
  if (previous && (heredocsOf(previous.node) ?? [undefined]).some((h) => !h?.getDelimiterRange())) return undefined;
  // The last line with code before the insertion point must not end with a continuation.
  let line = file.positionAt(offset).line;
  let code = file.text.slice(file.lineStarts[line], offset);
  while (line > 0 && /^\s*(#.*)?$/.test(code)) code = file.lineText(--line);
  if (code.trimEnd().endsWith(model.escape)) return undefined;
  const body = lines.join(file.eol);
  return { start: offset, end: offset, text: atEnd ? `${file.eol}${body}` : `${body}${file.eol}` };
}
