/**
 * Dockerfile variable substitution: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`. `lookup` returns undefined for an unknown variable and null for
 * one declared without a value. The result says whether anything could not be known.
 */
export function substitute(
  text: string,
  lookup: (name: string) => string | null | undefined,
  escape = '\\',
): { value: string; unknown: boolean } {
  let out = '';
  let unknown = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      // Up to the next `$` or escape, copied in one slice (one `+=` per character is slow on long values).
      let j = i + 1;
      while (j < text.length && text[j] !== '$' && text[j] !== escape) j++;
      out += text.slice(i, j);
      i = j - 1;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) {
        out += text.slice(i);
        unknown = true;
        break;
      }
      const body = text.slice(i + 2, close);
      const m = /^(\w+)(?:(:?[-+])(.*))?$/s.exec(body);
      i = close;
      if (!m) {
        unknown = true;
        continue;
      }
      const [, name, op, word = ''] = m;
      const v = lookup(name);
      const set = v !== undefined && v !== null && (op?.startsWith(':') ? v !== '' : true);
      if (op === ':-' || op === '-') {
        if (set) out += v;
        else if (v === undefined || v === null || op === ':-') {
          const inner = substitute(word, lookup, escape);
          out += inner.value;
          unknown ||= inner.unknown;
        }
      } else if (op === ':+' || op === '+') {
        if (v === undefined) unknown = true;
        else if (set) {
          const inner = substitute(word, lookup, escape);
          out += inner.value;
          unknown ||= inner.unknown;
        }
      } else if (v === undefined || v === null) {
        unknown = true;
      } else {
        out += v;
      }
      continue;
    }
    const m = /^\w+/.exec(text.slice(i + 1));
    if (!m) {
      out += c;
      continue;
    }
    const v = lookup(m[0]);
    if (v === undefined || v === null) unknown = true;
    else out += v;
    i += m[0].length;
  }
  return { value: out, unknown };
}

/** True when `text` refers to variable `name` ($NAME, ${NAME}, ${NAME:-x} …). */
export function usesVariable(text: string, name: string): boolean {
  const re = new RegExp(`\\$(?:${name}(?!\\w)|\\{${name}(?:[:}+\\-?=]|$))`);
  return re.test(text);
}
