/**
 * Dockerfile variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`. `lookup` returns undefined for an unknown variable and null for
 * one declared without a value. The result says whether anything could not be known.
 *
 * `quotes` follows BuildKit's lexer (frontend/dockerfile/shell/lex.go), which reads the word of
 * `${VAR:-word}` like any other word: `'…'` and `"…"` are removed (a `}` inside them does not end
 * the substitution) and the escape character takes the next character literally. `words` does this
 * inside operator words only (for text whose outer quotes the parser already removed); `all` also at
 * the top level (a FROM image as written). Without it, quotes are kept as written (Compose).
 */
export interface SubstituteOptions {
  quotes?: 'words' | 'all';
}

type Lookup = (name: string) => string | null | undefined;

interface Scan {
  text: string;
  lookup: Lookup;
  escape: string;
  quotes: SubstituteOptions['quotes'];
  unknown: boolean;
  /** Nesting of `${…}` words being read: deeper than MAX_DEPTH is not followed (hostile input). */
  depth: number;
}

/** Real files nest a default or two; past this a substitution is skipped to its first `}`, as unknown. */
const MAX_DEPTH = 32;

export function substitute(text: string, lookup: Lookup, escape = '\\', options: SubstituteOptions = {}): { value: string; unknown: boolean } {
  const s: Scan = { text, lookup, escape, quotes: options.quotes, unknown: false, depth: 0 };
  const { value } = scanUntil(s, 0, undefined, options.quotes === 'all');
  return { value, unknown: s.unknown };
}

/** Reads from `i` up to `stop` (consumed) or the end; `end` is the index after what was read, `closed` whether `stop` was met. */
function scanUntil(s: Scan, i: number, stop: string | undefined, quotes: boolean): { value: string; end: number; closed: boolean } {
  const { text, escape } = s;
  let out = '';
  while (i < text.length) {
    const c = text[i];
    if (stop !== undefined && c === stop) return { value: out, end: i + 1, closed: true };
    if (c === escape && text[i + 1] === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (quotes && c === escape && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    if (quotes && c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) {
        s.unknown = true;
        return { value: out + text.slice(i + 1), end: text.length, closed: false };
      }
      out += text.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (quotes && c === '"') {
      const r = doubleQuoted(s, i + 1);
      out += r.value;
      i = r.end;
      continue;
    }
    if (c === '$') {
      const r = dollar(s, i);
      out += r.value;
      i = r.end;
      continue;
    }
    // Up to the next character that means something here, in one slice (one `+=` per character is
    // slow on long values).
    let j = i + 1;
    while (j < text.length && !special(text[j], s, stop, quotes)) j++;
    out += text.slice(i, j);
    i = j;
  }
  return { value: out, end: i, closed: false };
}

function special(c: string, s: Scan, stop: string | undefined, quotes: boolean): boolean {
  return c === '$' || c === s.escape || c === stop || (quotes && (c === "'" || c === '"'));
}

/** The inside of `"…"` from `i` (after the opening quote): `$` expands, the escape quotes only `"`, `$` and itself. */
function doubleQuoted(s: Scan, i: number): { value: string; end: number } {
  const { text, escape } = s;
  let out = '';
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return { value: out, end: i + 1 };
    if (c === '$') {
      const r = dollar(s, i);
      out += r.value;
      i = r.end;
      continue;
    }
    if (c === escape && (text[i + 1] === '"' || text[i + 1] === '$' || text[i + 1] === escape)) {
      out += text[i + 1];
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  s.unknown = true;
  return { value: out, end: i };
}

/** `$NAME` or `${…}` at `i`. */
function dollar(s: Scan, i: number): { value: string; end: number } {
  const { text, lookup } = s;
  if (text[i + 1] !== '{') {
    const m = /^\w+/.exec(text.slice(i + 1, i + 257));
    if (!m) return { value: '$', end: i + 1 };
    const v = lookup(m[0]);
    if (v === undefined || v === null) s.unknown = true;
    return { value: v ?? '', end: i + 1 + m[0].length };
  }
  const close = text.indexOf('}', i + 2);
  if (close < 0) {
    // `${A` never closed: kept as written.
    s.unknown = true;
    return { value: text.slice(i), end: text.length };
  }
  if (s.depth >= MAX_DEPTH) {
    s.unknown = true;
    return { value: '', end: close + 1 };
  }
  const name = /^\w+/.exec(text.slice(i + 2, i + 258))?.[0];
  let at = i + 2 + (name?.length ?? 0);
  const op = text[at] === ':' && '-+'.includes(text[at + 1] ?? 'x') ? text.slice(at, at + 2) : '-+'.includes(text[at] ?? 'x') ? text[at] : undefined;
  if (!name || (text[at] !== '}' && !op)) {
    // `${}`, `${#x}`, `${x%y}`, `${x/y/z}`…: not read; skip to its end.
    const rest = scanUntil({ ...s, depth: s.depth + 1 }, at, '}', s.quotes !== undefined);
    s.unknown = true;
    return { value: '', end: rest.end };
  }
  if (!op) {
    const v = lookup(name);
    if (v === undefined || v === null) s.unknown = true;
    return { value: v ?? '', end: at + 1 };
  }
  at += op.length;
  const inner: Scan = { ...s, unknown: false, depth: s.depth + 1 };
  const word = scanUntil(inner, at, '}', s.quotes !== undefined);
  if (!word.closed) s.unknown = true;
  const v = lookup(name);
  const set = v !== undefined && v !== null && (op.startsWith(':') ? v !== '' : true);
  if (op.endsWith('-')) {
    if (set) return { value: v, end: word.end };
    if (v === undefined || v === null || op === ':-') {
      s.unknown ||= inner.unknown;
      return { value: word.value, end: word.end };
    }
    return { value: '', end: word.end };
  }
  if (v === undefined) {
    s.unknown = true;
    return { value: '', end: word.end };
  }
  if (set) s.unknown ||= inner.unknown;
  return { value: set ? word.value : '', end: word.end };
}

/** True when `text` refers to variable `name` ($NAME, ${NAME}, ${NAME:-x} …). */
export function usesVariable(text: string, name: string): boolean {
  const re = new RegExp(`\\$(?:${name}(?!\\w)|\\{${name}(?:[:}+\\-?=]|$))`);
  return re.test(text);
}
