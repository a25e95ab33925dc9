/**
 * Word values: the text of a word of the bash grammar's tree with its quoting removed, the way the
 * shell would pass it to a command (`"a b"` → `a b`, `$'\t'` → a tab, `a\ b` → `a b`). Expansions and
 * substitutions are kept as written (`$HOME`, `$(id -u)`): nothing is evaluated.
 */
import type { BashNode } from './shell-grammar.js';

/** Collects a value, and optionally where in the text each of its characters was written (`[from, to)`). */
export class ValueBuilder {
  value = '';
  constructor(
    readonly from?: number[],
    readonly to?: number[],
  ) {}

  /** Appends `text[start, end)` unchanged. */
  raw(text: string, start: number, end: number): void {
    if (end <= start) return;
    this.value += text.slice(start, end);
    if (this.from && this.to) {
      for (let i = start; i < end; i++) {
        this.from.push(i);
        this.to.push(i + 1);
      }
    }
  }

  /** Appends `c`, written as `text[start, end)` (an escape: `\"`, `\t`). */
  char(c: string, start: number, end: number): void {
    this.value += c;
    if (this.from && this.to) {
      for (let k = 0; k < c.length; k++) {
        this.from.push(start);
        this.to.push(end);
      }
    }
  }
}

/** Node types whose text is their value (expansions, substitutions, patterns, numbers). */
const AS_WRITTEN = new Set([
  'simple_expansion',
  'expansion',
  'command_substitution',
  'process_substitution',
  'arithmetic_expansion',
  'brace_expression',
  'number',
  'variable_name',
  'special_variable_name',
  'test_operator',
  'extglob_pattern',
  'regex',
  'array',
  'file_descriptor',
]);

/** Backslash escapes outside quotes: `\x` is `x`, a backslash-newline disappears. */
function bare(text: string, start: number, end: number, out: ValueBuilder): void {
  let run = start;
  for (let i = start; i < end; i++) {
    if (text[i] !== '\\' || i + 1 >= end) continue;
    out.raw(text, run, i);
    const next = text[i + 1];
    if (next === '\n') run = i + 2;
    else if (next === '\r' && text[i + 2] === '\n') run = i + 3;
    else {
      out.char(next, i, i + 2);
      run = i + 2;
    }
    i = run - 1;
  }
  out.raw(text, run, end);
}

/** Inside double quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline. */
function doubleQuoted(text: string, start: number, end: number, out: ValueBuilder): void {
  let run = start;
  for (let i = start; i < end - 1; i++) {
    if (text[i] !== '\\') continue;
    const next = text[i + 1];
    if (next !== '$' && next !== '`' && next !== '"' && next !== '\\' && next !== '\n') continue;
    out.raw(text, run, i);
    if (next !== '\n') out.char(next, i, i + 2);
    run = i + 2;
    i++;
  }
  out.raw(text, run, end);
}

const C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** `$'…'`: C-style escapes. */
function ansiC(text: string, start: number, end: number, out: ValueBuilder): void {
  let run = start;
  for (let i = start; i < end - 1; i++) {
    if (text[i] !== '\\') continue;
    out.raw(text, run, i);
    const next = text[i + 1];
    let len = 2;
    let c: string | undefined = C_ESCAPES[next];
    if (c === undefined) {
      const m = /^(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|c.)/.exec(text.slice(i + 1, Math.min(end, i + 11)));
      if (m) {
        const s = m[0];
        const code = s[0] === 'c' ? s.charCodeAt(1) & 31 : parseInt(/^[0-7]/.test(s) ? s : s.slice(1), /^[0-7]/.test(s) ? 8 : 16);
        c = code <= 0x10ffff ? String.fromCodePoint(code) : '';
        len = 1 + s.length;
      } else {
        c = `\\${next}`;
      }
    }
    out.char(c, i, i + len);
    run = i + len;
    i = run - 1;
  }
  out.raw(text, run, end);
}

/** Appends the value of a word-like node. */
export function wordValue(node: BashNode, text: string, out: ValueBuilder): void {
  const { start, end } = node;
  switch (node.type) {
    case 'raw_string':
      out.raw(text, start + 1, text[end - 1] === "'" && end - 1 > start ? end - 1 : end);
      return;
    case 'ansi_c_string':
      ansiC(text, start + 2, text[end - 1] === "'" && end - 1 > start + 1 ? end - 1 : end, out);
      return;
    case 'translated_string':
    case 'string': {
      const open = text[start] === '$' ? start + 2 : start + 1;
      const close = text[end - 1] === '"' && end - 1 >= open ? end - 1 : end;
      let at = open;
      for (const child of node.children) {
        if (child.type === 'string') {
          // `$"…"` holds a string node.
          wordValue(child, text, out);
          at = child.end;
          continue;
        }
        if (!child.named || child.type === 'string_content' || child.start < at) continue;
        doubleQuoted(text, at, Math.min(child.start, close), out);
        out.raw(text, child.start, Math.min(child.end, close));
        at = child.end;
      }
      if (at < close) doubleQuoted(text, at, close, out);
      return;
    }
    case 'concatenation': {
      let at = start;
      for (const child of node.children) {
        if (child.start > at) bare(text, at, child.start, out);
        wordValue(child, text, out);
        at = child.end;
      }
      if (at < end) bare(text, at, end, out);
      return;
    }
    case 'variable_assignment': {
      // `name=value`, `name+=value`, `name[i]=value`: the name as written, then the value.
      let at = start;
      node.children.forEach((child, i) => {
        if (child.start > at) bare(text, at, child.start, out);
        if (i > 0 && child.named) wordValue(child, text, out);
        else out.raw(text, child.start, child.end);
        at = child.end;
      });
      if (at < end) bare(text, at, end, out);
      return;
    }
    default:
      if (AS_WRITTEN.has(node.type)) out.raw(text, start, end);
      else bare(text, start, end, out);
  }
}

/** The value of a word-like node. */
export function valueOf(node: BashNode, text: string): string {
  // A plain word without a backslash (most words) is its text.
  if (node.type === 'word') {
    let i = node.start;
    while (i < node.end && text.charCodeAt(i) !== 92) i++;
    if (i === node.end) return text.slice(node.start, node.end);
  }
  const out = new ValueBuilder();
  wordValue(node, text, out);
  return out.value;
}
