/**
 * The text a shell is given, with the way back to file offsets. A RUN's script is not the file's text:
 * the Dockerfile parser joins continuation lines (with its escape character), drops comment lines
 * inside them and takes heredoc bodies off the command line. Each character of the shell text
 * remembers the file offset it came from, so every span the shell reader reports is a file span.
 */
import type { Span } from '../engine/types.js';

export class ShellSource {
  /**
   * @param text what the shell reads
   * @param offsets file offset of each character of `text` (undefined: `base + index`)
   */
  /**
   * @param ends file offset just past where each character was written, when that is not `offsets[i] + 1`
   *   (an escape `\"` stands for one character written as two)
   */
  constructor(
    readonly text: string,
    private readonly base: number,
    private readonly offsets?: Int32Array,
    private readonly ends?: Int32Array,
  ) {}

  /** File offset of the character at `i` (or just past the text for `i = length`). */
  at(i: number): number {
    if (!this.offsets) return this.base + i;
    if (i < this.offsets.length) return this.offsets[i];
    return this.offsets.length ? this.offsets[this.offsets.length - 1] + 1 : this.base;
  }

  /** File offset just after the character at `i - 1`: the end of a span ending at `i`. */
  endAt(i: number): number {
    if (!this.offsets || i <= 0) return this.at(i);
    const last = Math.min(i, this.offsets.length) - 1;
    return this.ends ? this.ends[last] : this.offsets[last] + 1;
  }

  span(start: number, end: number): Span {
    const from = this.at(start);
    return { start: from, end: Math.max(from, this.endAt(end)) };
  }

  /** The same source with characters replaced one for one. */
  withText(text: string): ShellSource {
    return new ShellSource(text, this.base, this.offsets, this.ends);
  }

  /** The source of `text[start, end)` seen on its own. */
  slice(start: number, end: number): ShellSource {
    if (!this.offsets) return new ShellSource(this.text.slice(start, end), this.base + start);
    return new ShellSource(this.text.slice(start, end), this.at(start), this.offsets.subarray(start, end), this.ends?.subarray(start, end));
  }
}

/** A heredoc of a RUN instruction: the operator on its command line, the body on the lines after. */
export interface DockerHeredoc {
  /** `<<`, `<<-` (with a file descriptor prefix when written: `3<<`). */
  op: string;
  delimiter: string;
  quoted: boolean;
  /** The operator and delimiter word, in the file. */
  opSpan: Span;
  body: string;
  bodySpan: Span;
}

/** The command line of a RUN (what the shell parses) and its heredocs, whose bodies follow it. */
export interface DockerScript {
  commandLine: ShellSource;
  heredocs: DockerHeredoc[];
  /** Lines after the last heredoc (not in a Dockerfile instruction; in a script given whole, more script). */
  rest?: ShellSource;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** Length of a line continuation at `i` (escape, optional blanks, line break), 0 if none. */
function continuationAt(text: string, i: number, end: number, escape: string): number {
  if (text[i] !== escape) return 0;
  let k = i + 1;
  while (k < end && isBlank(text[k])) k++;
  if (text[k] === '\n') return k + 1 - i;
  if (text[k] === '\r' && text[k + 1] === '\n') return k + 2 - i;
  return 0;
}

/** The text being built: pieces of the file, and the file offset of each character. */
class TextBuilder {
  readonly parts: string[] = [];
  readonly from: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.from = new Int32Array(capacity);
  }

  /** Appends `file[start, end)`. */
  copy(file: string, start: number, end: number): void {
    if (end <= start) return;
    this.parts.push(file.slice(start, end));
    for (let k = start; k < end; k++) this.from[this.length++] = k;
  }

  /** Appends `c`, standing for the file's character at `at`. */
  add(c: string, at: number): void {
    this.parts.push(c);
    this.from[this.length++] = at;
  }

  text(): string {
    return this.parts.join('');
  }

  offsets(): Int32Array {
    return this.from.slice(0, this.length);
  }
}

/**
 * Appends one logical line starting at `start` (continuations joined, comment and blank lines
 * inside them dropped, a CR before a line break ignored); returns the index of the line break that
 * ends it, or `end`. Plain runs of characters are copied whole.
 */
function joinLine(file: string, start: number, end: number, escape: string, out: TextBuilder): number {
  let i = start;
  let continued = false;
  const esc = escape.charCodeAt(0);
  while (i < end) {
    if (continued) {
      // A line inside a continued instruction that is blank or a comment is not part of it.
      let k = i;
      while (k < end && isBlank(file[k])) k++;
      if (file[k] === '#' || file[k] === '\n' || (file[k] === '\r' && file[k + 1] === '\n')) {
        const le = lineEnd(file, k, end);
        if (le >= end) return end;
        i = le + 1;
        continue;
      }
      continued = false;
    }
    let k = i;
    for (; k < end; k++) {
      const code = file.charCodeAt(k);
      if (code === esc || code === 10 || code === 13) break;
    }
    out.copy(file, i, k);
    i = k;
    if (i >= end) break;
    const cont = continuationAt(file, i, end, escape);
    if (cont) {
      i += cont;
      continued = true;
      continue;
    }
    const c = file[i];
    if (c === '\n') return i;
    if (!(c === '\r' && file[i + 1] === '\n')) out.add(c, i);
    i++;
  }
  return end;
}

/** End of the line starting at `i` (index of its `\n`, or `end`). */
function lineEnd(text: string, i: number, end: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 || nl > end ? end : nl;
}

/**
 * Reads a shell-form instruction's text the way the Dockerfile parser hands it to the shell: the
 * first logical line (continuations joined, comment and blank lines inside them dropped, a CR before
 * a line break ignored) is the command line; heredoc operators on it are blanked out of it and their
 * bodies read from the lines after, in order. Linear in the text.
 */
export function dockerScript(file: string, span: Span, escape: string): DockerScript {
  const end = span.end;
  const out = new TextBuilder(Math.max(0, end - span.start));
  let i = joinLine(file, span.start, end, escape, out);
  const restStart = Math.min(i + 1, end);
  const ops = heredocOperators(out.text());
  if (!ops.length) {
    // No heredoc: more lines (never in a Dockerfile instruction, but in a script given whole) are more commands.
    while (i < end) {
      out.add('\n', i);
      i = joinLine(file, i + 1, end, escape, out);
    }
    return { commandLine: new ShellSource(out.text(), span.start, out.offsets()), heredocs: [] };
  }
  const text = out.text();
  const from = out.offsets();
  const heredocs: DockerHeredoc[] = [];
  let blanked = '';
  let at = 0;
  let pos = restStart;
  for (const op of ops) {
    blanked += text.slice(at, op.start) + ' '.repeat(op.end - op.start);
    at = op.end;
    const bodyStart = pos;
    let bodyEnd = end;
    let resume = end;
    while (pos < end) {
      const le = lineEnd(file, pos, end);
      let line = file.slice(pos, le);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (op.stripTabs) line = line.replace(/^\t+/, '');
      if (line === op.delimiter) {
        bodyEnd = pos;
        resume = Math.min(le + 1, end);
        break;
      }
      pos = le + 1;
    }
    pos = resume;
    const bodySpan = { start: Math.min(bodyStart, end), end: Math.min(Math.max(bodyStart, bodyEnd), end) };
    heredocs.push({
      op: op.op,
      delimiter: op.delimiter,
      quoted: op.quoted,
      opSpan: { start: from[op.start], end: from[op.end - 1] + 1 },
      body: file.slice(bodySpan.start, bodySpan.end),
      bodySpan,
    });
  }
  blanked += text.slice(at);
  const commandLine = new ShellSource(blanked, span.start, from);
  return pos < end ? { commandLine, heredocs, rest: new ShellSource(file.slice(pos, end), pos) } : { commandLine, heredocs };
}

interface HeredocOperator {
  op: string;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  /** `[start, end)` in the command line: the operator and its delimiter word. */
  start: number;
  end: number;
}

const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

/** Heredoc operators (`<<EOF`, `<<-'EOF'`, `2<< "X"`) on a command line, outside quotes and comments; not `<<<`. */
export function heredocOperators(line: string): HeredocOperator[] {
  const out: HeredocOperator[] = [];
  // Most command lines have none: no need to read them character by character.
  if (!line.includes('<<')) return out;
  let i = 0;
  const n = line.length;
  let wordStart = true;
  while (i < n) {
    const c = line[i];
    if (c === '\\') {
      i += 2;
      wordStart = false;
      continue;
    }
    if (c === '$' && line[i + 1] === "'") {
      // ANSI-C quoting: `\'` does not end it.
      i += 2;
      while (i < n && line[i] !== "'") i += line[i] === '\\' ? 2 : 1;
      i++;
      wordStart = false;
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      i = close < 0 ? n : close + 1;
      wordStart = false;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      i++;
      wordStart = false;
      continue;
    }
    if (c === '#' && wordStart) break;
    if (c === '<' && line[i + 1] === '<' && line[i + 2] !== '<') {
      let start = i;
      while (start > 0 && line[start - 1] >= '0' && line[start - 1] <= '9') start--;
      let k = i + 2;
      const stripTabs = line[k] === '-';
      if (stripTabs) k++;
      while (isBlank(line[k])) k++;
      let delimiter = '';
      let quoted = false;
      while (k < n && !WORD_END.has(line[k])) {
        const d = line[k];
        if (d === "'" || d === '"') {
          quoted = true;
          const close = line.indexOf(d, k + 1);
          const stop = close < 0 ? n : close;
          delimiter += line.slice(k + 1, stop);
          k = stop + 1;
        } else if (d === '\\') {
          quoted = true;
          delimiter += line[k + 1] ?? '';
          k += 2;
        } else {
          delimiter += d;
          k++;
        }
      }
      k = Math.min(k, n);
      if (delimiter) out.push({ op: line.slice(start, i + 2 + (stripTabs ? 1 : 0)), delimiter, quoted, stripTabs, start, end: k });
      i = Math.max(k, i + 2);
      wordStart = false;
      continue;
    }
    if (c === '<' && line[i + 1] === '<' && line[i + 2] === '<') {
      i += 3;
      wordStart = true;
      continue;
    }
    wordStart = c === ' ' || c === '\t' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '\n';
    i++;
  }
  return out;
}
