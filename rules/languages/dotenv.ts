/**
 * `.env` and `env_file` files as Compose reads them: the variables a project sets for interpolation
 * (the `.env` of the project directory) and the environment a service gets (`env_file`).
 */
import { type EnvLookup, interpolate, UNREADABLE } from './compose-interpolate.js';

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
  const lookup: EnvLookup = (n) => (known.has(n) ? (known.get(n) ?? UNREADABLE) : outer(n));
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

/** A lookup over parsed dotenv entries (last definition wins); a variable they do not set is not set. */
export function dotEnvLookup(entries: readonly DotEnvEntry[]): EnvLookup {
  const map = new Map<string, string | typeof UNREADABLE>();
  for (const e of entries) map.set(e.name, e.value ?? UNREADABLE);
  return (name) => map.get(name);
}

/** Variables of `first`, then those of `then` for names `first` does not set. */
export function overlay(first: EnvLookup, then: EnvLookup): EnvLookup {
  return (name) => {
    const v = first(name);
    return v === undefined ? then(name) : v;
  };
}
