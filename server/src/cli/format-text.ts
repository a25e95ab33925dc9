/** `--format text`: one line per finding, `path:line:col  level  CODE  message`, grouped by file, and a summary. */
import { defaultLevelText, type Level, type RuleMeta } from '../../../rules/api.js';
import { visible } from './escape.js';
import { type RunReport, summarize } from './report.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  level(level: Level, s: string): string;
}

const plain: Style = { bold: (s) => s, dim: (s) => s, level: (_l, s) => s };

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const LEVEL_SGR: Record<Level, (s: string) => string> = {
  error: sgr(31, 39),
  warning: sgr(33, 39),
  info: sgr(36, 39),
  hint: sgr(90, 39),
};
const ansi: Style = { bold: sgr(1, 22), dim: sgr(2, 22), level: (l, s) => LEVEL_SGR[l](s) };

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org), always with FORCE_COLOR. */
export function styleFor(isTTY: boolean, env: NodeJS.ProcessEnv): Style {
  if (env.NO_COLOR) return plain;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return ansi;
  return isTTY ? ansi : plain;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatText(report: RunReport, style: Style): string {
  const parts: string[] = [];
  writeText(report, style, (text) => parts.push(text));
  return parts.join('');
}

/** Lines handed to `out` at a time: a big run's output is written as it is made, not held whole (and copied by the GC) until the end. */
const LINES_PER_WRITE = 1024;
/** Bytes of one piece written as bytes. */
const BYTES_PER_WRITE = 1 << 20;

/** A finding's line: `path:line:col` padded, the level and the code (both padded and styled), the message. */
interface FindingLine {
  /** The file's path as shown (control characters escaped). */
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  /** Spaces after `path:line:col` up to the widest location of the file. */
  pad: number;
  level: string;
  code: string;
  message: string;
}

/** Lines gathered and handed over in pieces that end at line ends. */
interface LineSink {
  line(text: string): void;
  finding(f: FindingLine): void;
  flush(): void;
  /** Whether anything has been handed over or gathered. */
  started(): boolean;
}

const findingText = (f: FindingLine): string => `${f.path}:${f.line}:${f.column}${' '.repeat(f.pad)}  ${f.level}  ${f.code}  ${f.message}`;

/** Pieces as strings: lines joined. */
function textSink(out: (text: string) => void): LineSink {
  let lines: string[] = [];
  let written = false;
  const flush = () => {
    if (!lines.length) return;
    out(`${lines.join('\n')}\n`);
    lines = [];
    written = true;
  };
  const line = (text: string) => {
    lines.push(text);
    if (lines.length >= LINES_PER_WRITE) flush();
  };
  return { line, finding: (f) => line(findingText(f)), flush, started: () => written || lines.length > 0 };
}

/** Decimal digits of a non-negative integer. */
export function digitCount(n: number): number {
  let count = 1;
  for (let rest = Math.floor(n / 10); rest > 0; rest = Math.floor(rest / 10)) count++;
  return count;
}

/**
 * Pieces as UTF-8 bytes, each line encoded straight into a buffer: a run with 50,000 findings
 * joined its lines into big strings (two bytes a character as soon as one message has a `…`) only
 * for the stream to encode them again. A finding's line is not even built as a string: its numbers
 * and spaces are written as bytes, its path, level and code copied from bytes encoded once, and only
 * the message is encoded (each line as one string was allocated, then copied once more to encode it).
 * Every piece is a buffer of its own (a stream may still hold one).
 */
function byteSink(out: (chunk: Uint8Array) => void): LineSink {
  let buf: Buffer | undefined;
  let used = 0;
  let written = false;
  const encoded = new Map<string, Buffer>();
  const bytesOf = (text: string): Buffer => {
    let bytes = encoded.get(text);
    if (bytes === undefined) encoded.set(text, (bytes = Buffer.from(text, 'utf8')));
    return bytes;
  };
  const flush = () => {
    if (!buf || used === 0) return;
    out(buf.subarray(0, used));
    buf = undefined;
    used = 0;
    written = true;
  };
  /** Room for `most` more bytes in the current piece. */
  const room = (most: number): Buffer => {
    if (buf && used + most > buf.length) flush();
    buf ??= Buffer.allocUnsafe(Math.max(BYTES_PER_WRITE, most));
    return buf;
  };
  const copy = (to: Buffer, bytes: Buffer) => {
    for (let i = 0; i < bytes.length; i++) to[used++] = bytes[i];
  };
  const number = (to: Buffer, n: number) => {
    const digits = digitCount(n);
    for (let i = digits - 1, rest = n; i >= 0; i--, rest = Math.floor(rest / 10)) to[used + i] = 48 + (rest % 10);
    used += digits;
  };
  const spaces = (to: Buffer, count: number) => {
    for (let i = 0; i < count; i++) to[used++] = 32;
  };
  return {
    line(text) {
      // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair: 4 bytes for 2 units).
      const to = room(text.length * 3 + 1);
      used += to.write(text, used, 'utf8');
      to[used++] = 10;
    },
    finding(f) {
      const path = bytesOf(f.path);
      const level = bytesOf(f.level);
      const code = bytesOf(f.code);
      const to = room(path.length + 44 + f.pad + level.length + code.length + f.message.length * 3);
      copy(to, path);
      to[used++] = 58;
      number(to, f.line);
      to[used++] = 58;
      number(to, f.column);
      spaces(to, f.pad + 2);
      copy(to, level);
      spaces(to, 2);
      copy(to, code);
      spaces(to, 2);
      used += to.write(f.message, used, 'utf8');
      to[used++] = 10;
    },
    flush,
    started: () => written || used > 0,
  };
}

/**
 * formatText's output, handed to `out` in pieces (their concatenation is formatText's string); with
 * `outBytes`, handed to it instead as UTF-8 bytes.
 */
export function writeText(report: RunReport, style: Style, out: (text: string) => void, outBytes?: (chunk: Uint8Array) => void): void {
  const sink = outBytes ? byteSink(outBytes) : textSink(out);
  const line = sink.line;
  for (const file of report.files) {
    if (!file.findings.length) continue;
    // Paths and messages carry workspace text: shown with control characters escaped (escape.ts).
    const path = visible(file.target.display);
    const findings = file.findings;
    // Loops, not Math.max(...rows): spreading 120,000 values overflows the call stack.
    let locW = 0;
    let levelW = 0;
    let codeW = 0;
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      // The width of `path:line:col`, counted without building it.
      locW = Math.max(locW, digitCount(f.range.start.line + 1) + digitCount(f.range.start.character + 1));
      levelW = Math.max(levelW, f.level.length);
      codeW = Math.max(codeW, f.code.length);
    }
    locW += path.length + 2;
    // Levels and codes are few: each padded and styled once (a big file has tens of thousands of lines).
    const levels = new Map<Level, string>();
    const codes = new Map<string, string>();
    const shown: FindingLine = { path, line: 0, column: 0, pad: 0, level: '', code: '', message: '' };
    if (sink.started()) line('');
    for (let i = 0; i < findings.length; i++) {
      const f = findings[i];
      let level = levels.get(f.level);
      if (level === undefined) levels.set(f.level, (level = style.level(f.level, f.level.padEnd(levelW))));
      let code = codes.get(f.code);
      if (code === undefined) codes.set(f.code, (code = style.bold(f.code.padEnd(codeW))));
      const { line: l, character } = f.range.start;
      shown.line = l + 1;
      shown.column = character + 1;
      shown.pad = locW - path.length - 2 - digitCount(shown.line) - digitCount(shown.column);
      shown.level = level;
      shown.code = code;
      shown.message = visible(f.message);
      sink.finding(shown);
    }
  }
  const s = summarize(report);
  if (sink.started()) line('');
  if (s.findings === 0) {
    line(`No problems found in ${plural(s.files, 'file')}.`);
  } else {
    const counts = `${plural(s.byLevel.error, 'error')}, ${plural(s.byLevel.warning, 'warning')}, ${s.byLevel.info} info, ${plural(s.byLevel.hint, 'hint')}`;
    const text = `${plural(s.findings, 'problem')} (${counts}) in ${plural(s.filesWithFindings, 'file')}${s.files > s.filesWithFindings ? ` (${s.files} checked)` : ''}`;
    line(s.failed ? style.bold(text) : text);
  }
  sink.flush();
}

/** `--list-rules`: a table of code, name, default level, fix and title. */
export function rulesTable(metas: readonly RuleMeta[], style: Style): string {
  const header = ['CODE', 'NAME', 'LEVEL', 'FIX', 'TITLE'];
  const rows = metas.map((m) => [m.code, m.name, defaultLevelText(m), m.fix ?? '—', m.title]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [style.bold(line(header)), ...rows.map((r) => line(r))];
  out.push('', `${plural(metas.length, 'rule')}. Docs: bosun --list-rules --format json shows each rule's page.`);
  return `${out.join('\n')}\n`;
}
