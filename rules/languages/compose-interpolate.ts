/**
 * Compose interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `$VAR`, `$$`): the one interpolator every Compose rule reads values
 * through, and the one answer to "is this value known?".
 *
 * Where values come from: the project's `.env` (or what an `include` gives the file). Never the
 * process environment: the editor's or the CI runner's environment is not the one the stack is
 * deployed with. So, for a variable `X`:
 * - `.env` sets it: its value, wherever it is used.
 * - `${X:-default}` / `${X-default}` and `.env` does not set X: the default. It is what ships with
 *   the file, so rules judge it (a `${BIND:-0.0.0.0}` port is published on every interface).
 * - `${X}` / `$X` and `.env` does not set X: unknown. Rules stay silent rather than guess.
 * - `${X:?err}` / `${X?err}`: the value when `.env` sets it (an error when it is empty or unset
 *   there); else unknown, as the file demands it from the environment Compose runs in.
 * - `${X:+alt}` / `${X+alt}` and `.env` does not set X: unknown.
 * - `$$` is a literal `$`.
 * An unknown part is marked in `marked` (`\0NAME\u0001`), so rules can tell where it is: a port's
 * address, a mount's directory.
 */

/** A variable set by the project from somewhere Bosun cannot read (a `KEY` line without a value in `.env`). */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * What the project says about a variable: its value; `null` when it is known to be unset;
 * `undefined` when the project does not set it (defaults apply); `UNREADABLE` when it is set from
 * somewhere that cannot be read (even a default does not decide then).
 */
export type EnvLookup = (name: string) => string | null | undefined | typeof UNREADABLE;

/** No variables at all: the file's own text, with the defaults it ships (for what a file discloses). */
export const NO_VARIABLES: EnvLookup = () => undefined;

/** Start and end of the marker that stands for an unknown part of a value: `\0NAME\u0001`. */
export const UNKNOWN_START = '\u0000';
export const UNKNOWN_END = '\u0001';

export interface InterpolationError {
  name: string;
  /** The message Compose would stop with (`${X:?message}`), or why the template is invalid. */
  message: string;
}

export interface Interpolated {
  /** The text with known values substituted; an unknown part contributes nothing. */
  value: string;
  /** The same text with each unknown part as a marker (`\0NAME\u0001`); equals `value` when nothing is unknown. */
  marked: string;
  /** True when some part of the value cannot be known. */
  unknown: boolean;
  /** True when the text has any substitution at all (`$$` escapes included). */
  substituted: boolean;
  /** Names the text refers to, first occurrence first. */
  variables: string[];
  /** `${X:?err}` on a variable known to be unset or empty, and invalid templates. */
  errors: InterpolationError[];
}

const NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
/** Defaults nest (`${A:-${B:-x}}`); a deeper nesting is hostile input, not a Compose file. */
const MAX_DEPTH = 8;

/** Index of the `}` that closes a `${` whose body starts at `from`, or -1. */
export function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') i++;
    else if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

interface State {
  unknown: boolean;
  substituted: boolean;
  variables: string[];
  errors: InterpolationError[];
}

/** A piece of output: known text, and the same with markers for unknown parts. */
interface Piece {
  value: string;
  marked: string;
}

const known = (text: string): Piece => ({ value: text, marked: text });

function unknownPart(name: string, st: State): Piece {
  st.unknown = true;
  return { value: '', marked: `${UNKNOWN_START}${name}${UNKNOWN_END}` };
}

function expand(text: string, lookup: EnvLookup, st: State, depth: number): Piece {
  if (depth > MAX_DEPTH) return unknownPart('', st);
  let value = '';
  let marked = '';
  const add = (p: Piece) => {
    value += p.value;
    marked += p.marked;
  };
  let i = 0;
  while (i < text.length) {
    const d = text.indexOf('$', i);
    if (d < 0) {
      add(known(text.slice(i)));
      break;
    }
    add(known(text.slice(i, d)));
    const next = text[d + 1];
    if (next === '$') {
      st.substituted = true;
      add(known('$'));
      i = d + 2;
      continue;
    }
    if (next === '{') {
      st.substituted = true;
      const close = closingBrace(text, d + 2);
      if (close < 0) {
        st.errors.push({ name: '', message: `invalid interpolation format: ${text.slice(d, d + 40)}` });
        st.unknown = true;
        add({ value: text.slice(d), marked: text.slice(d) });
        break;
      }
      add(braced(text.slice(d + 2, close), lookup, st, depth));
      i = close + 1;
      continue;
    }
    const m = NAME.exec(text.slice(d + 1, d + 257));
    if (!m) {
      // A lone `$` (`cost: $5`) is left as it is, as Compose does.
      add(known('$'));
      i = d + 1;
      continue;
    }
    st.substituted = true;
    add(plain(m[0], lookup, st));
    i = d + 1 + m[0].length;
  }
  return { value, marked };
}

function note(name: string, st: State): void {
  if (!st.variables.includes(name)) st.variables.push(name);
}

function plain(name: string, lookup: EnvLookup, st: State): Piece {
  note(name, st);
  const v = lookup(name);
  if (typeof v === 'string') return known(v);
  return v === null ? known('') : unknownPart(name, st);
}

function braced(body: string, lookup: EnvLookup, st: State, depth: number): Piece {
  const m = NAME.exec(body);
  if (!m) {
    st.errors.push({ name: '', message: `invalid interpolation format: \${${body}}` });
    return unknownPart('', st);
  }
  const name = m[0];
  const rest = body.slice(name.length);
  if (rest === '') return plain(name, lookup, st);
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) {
    st.errors.push({ name, message: `invalid interpolation format: \${${body}}` });
    return unknownPart(name, st);
  }
  note(name, st);
  const word = () => expand(rest.slice(op.length), lookup, st, depth + 1);
  const v = lookup(name);
  const kind = op[op.length - 1];
  if (v === UNREADABLE) return unknownPart(name, st);
  if (v === undefined) {
    // Not set by the project: the default ships; a required or alternative value depends on the environment.
    return kind === '-' ? word() : unknownPart(name, st);
  }
  const set = v !== null && (!op.startsWith(':') || v !== '');
  if (kind === '-') return set ? known(v!) : word();
  if (kind === '+') return set ? word() : known('');
  // `?`: required.
  if (set) return known(v!);
  const msg = word().value;
  st.errors.push({ name, message: msg || `required variable ${name} is missing a value` });
  return known('');
}

/** Interpolates one scalar of a Compose file against `lookup`. */
export function interpolate(text: string, lookup: EnvLookup): Interpolated {
  const st: State = { unknown: false, substituted: false, variables: [], errors: [] };
  if (!text.includes('$')) return { value: text, marked: text, ...st };
  const { value, marked } = expand(text, lookup, st, 0);
  return { value, marked, ...st };
}

/** True when a marked text holds a part that could not be known. */
export function hasUnknown(marked: string): boolean {
  return marked.includes(UNKNOWN_START);
}

/** A marked text for messages: unknown parts shown as `${NAME}`. */
export function displayText(marked: string): string {
  return marked.replace(/\u0000(\w*)\u0001/g, (_m, name: string) => `\${${name}}`);
}
