/**
 * Compose interpolation (`${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR?err}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `$VAR`, `$$`) and `.env` files, as Compose reads them.
 *
 * Where values come from: the `.env` next to the Compose file (and the variables an `.env` value
 * refers to). Never the process environment: the editor's or the CI runner's environment is not
 * the one the stack is deployed with. A variable not defined there is *unknown*, not unset, and a
 * result that depends on one says so (`unknown: true`) — rules then stay silent instead of guessing.
 */

/** A variable's value: a string when known, `null` when known to be unset, `undefined` when unknown. */
export type EnvLookup = (name: string) => string | null | undefined;

export interface InterpolationError {
  name: string;
  /** The message Compose would stop with (`${X:?message}`), or why the template is invalid. */
  message: string;
}

export interface Interpolated {
  /** The text with known values substituted; an unknown variable contributes its default (or nothing). */
  value: string;
  /** True when some part of the value depends on a variable whose value cannot be known. */
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
function closingBrace(text: string, from: number): number {
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

function expand(text: string, lookup: EnvLookup, st: State, depth: number): string {
  if (depth > MAX_DEPTH) {
    st.unknown = true;
    return '';
  }
  let out = '';
  let i = 0;
  while (i < text.length) {
    const d = text.indexOf('$', i);
    if (d < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, d);
    const next = text[d + 1];
    if (next === '$') {
      st.substituted = true;
      out += '$';
      i = d + 2;
      continue;
    }
    if (next === '{') {
      st.substituted = true;
      const close = closingBrace(text, d + 2);
      if (close < 0) {
        st.errors.push({ name: '', message: `invalid interpolation format: ${text.slice(d, d + 40)}` });
        st.unknown = true;
        out += text.slice(d);
        break;
      }
      out += braced(text.slice(d + 2, close), lookup, st, depth);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(text.slice(d + 1, d + 257));
    if (!m) {
      // A lone `$` (`cost: $5`) is left as it is, as Compose does.
      out += '$';
      i = d + 1;
      continue;
    }
    st.substituted = true;
    out += plain(m[0], lookup, st);
    i = d + 1 + m[0].length;
  }
  return out;
}

function note(name: string, st: State): void {
  if (!st.variables.includes(name)) st.variables.push(name);
}

function plain(name: string, lookup: EnvLookup, st: State): string {
  note(name, st);
  const v = lookup(name);
  if (v === undefined) st.unknown = true;
  return v ?? '';
}

function braced(body: string, lookup: EnvLookup, st: State, depth: number): string {
  const m = NAME.exec(body);
  if (!m) {
    st.errors.push({ name: '', message: `invalid interpolation format: \${${body}}` });
    st.unknown = true;
    return '';
  }
  const name = m[0];
  const rest = body.slice(name.length);
  if (rest === '') return plain(name, lookup, st);
  const op = /^(:?[-?+])/.exec(rest)?.[1];
  if (!op) {
    st.errors.push({ name, message: `invalid interpolation format: \${${body}}` });
    st.unknown = true;
    return '';
  }
  note(name, st);
  const word = () => expand(rest.slice(op.length), lookup, st, depth + 1);
  const v = lookup(name);
  const colon = op.startsWith(':');
  const set = v !== undefined && v !== null && (!colon || v !== '');
  const kind = op[op.length - 1];
  if (v === undefined) {
    st.unknown = true;
    // Not known: the default is what the value *may* be; rules that need certainty read `unknown`.
    return kind === '-' ? word() : '';
  }
  if (kind === '-') return set ? v! : word();
  if (kind === '+') return set ? word() : '';
  // `?`: required.
  if (set) return v!;
  const msg = word();
  st.errors.push({ name, message: msg || `required variable ${name} is missing a value` });
  return '';
}

/** Interpolates one scalar of a Compose file. */
export function interpolate(text: string, lookup: EnvLookup): Interpolated {
  const st: State = { unknown: false, substituted: false, variables: [], errors: [] };
  if (!text.includes('$')) return { value: text, ...st };
  const value = expand(text, lookup, st, 0);
  return { value, ...st };
}

/** One variable of a `.env` / `env_file` file. */
export interface DotEnvEntry {
  name: string;
  /** The value after quotes, escapes and interpolation; undefined when it cannot be known. */
  value: string | undefined;
  /** The value as written (between the quotes, if quoted). */
  raw: string;
  /** 0-based line of the key. */
  line: number;
}

/**
 * Parses a dotenv file the way Compose does: `KEY=value`, `export KEY=value`, `KEY: value`,
 * single quotes literal, double quotes with escapes, ` #` comments after unquoted values, values
 * interpolated against earlier entries (and `outer` for anything else), `KEY` alone = from the
 * environment (unknown).
 */
export function parseDotEnv(text: string, outer: EnvLookup = () => undefined): DotEnvEntry[] {
  const entries: DotEnvEntry[] = [];
  const known = new Map<string, string | undefined>();
  const lookup: EnvLookup = (n) => (known.has(n) ? known.get(n) : outer(n));
  const lines = text.split(/\r\n|\n|\r/);
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li].replace(/^\uFEFF/, '').trimStart();
    if (!line || line.startsWith('#')) continue;
    if (/^export\s/.test(line)) line = line.replace(/^export\s+/, '');
    const m = /^([^\s=:#]+)\s*(?:([=:])\s*)?/.exec(line);
    if (!m) continue;
    const name = m[1];
    const keyLine = li;
    if (!m[2]) {
      // `KEY` alone takes its value from the environment Compose runs in: unknown here.
      entries.push({ name, value: undefined, raw: '', line: keyLine });
      known.set(name, undefined);
      continue;
    }
    let rest = line.slice(m[0].length);
    let raw: string;
    let value: string | undefined;
    const q = rest[0];
    if (q === "'" || q === '"') {
      // Quoted values may span lines.
      let body = rest.slice(1);
      let end = findQuote(body, q);
      while (end < 0 && li + 1 < lines.length) {
        body += `\n${lines[++li]}`;
        end = findQuote(body, q);
      }
      raw = end < 0 ? body : body.slice(0, end);
      if (q === "'") value = raw;
      else {
        const r = interpolate(unescapeDouble(raw), lookup);
        value = r.unknown ? undefined : r.value;
      }
    } else {
      const hash = rest.search(/\s#/);
      if (hash >= 0) rest = rest.slice(0, hash);
      raw = rest.trim();
      const r = interpolate(raw, lookup);
      value = r.unknown ? undefined : r.value;
    }
    entries.push({ name, value, raw, line: keyLine });
    known.set(name, value);
  }
  return entries;
}

function findQuote(s: string, q: string): number {
  for (let i = 0; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') i++;
    else if (s[i] === q) return i;
  }
  return -1;
}

/** Escapes of a double-quoted value; `\$` stays a literal `$` (as `$$` for the interpolation after). */
function unescapeDouble(s: string): string {
  return s.replace(/\\([\\"nrt$])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', $: '$$' })[c as 'n'] ?? c);
}

/** A lookup over parsed dotenv entries (last definition wins), unknown for anything else. */
export function dotEnvLookup(entries: readonly DotEnvEntry[]): EnvLookup {
  const map = new Map<string, string | undefined>();
  for (const e of entries) map.set(e.name, e.value);
  return (name) => map.get(name);
}
