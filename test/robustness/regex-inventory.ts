/**
 * Every regular-expression literal in rules/** (tests excluded), found by a small JavaScript
 * tokenizer (strings, template literals, comments and division are told apart from regex
 * literals), plus adversarial strings for each: long runs of the characters and words its
 * quantifiers repeat, followed by a character that makes the match fail late.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceFiles } from '../support/source-files.js';

export const ROOT = join(__dirname, '..', '..');

export interface FoundRegex {
  file: string;
  line: number;
  source: string;
  flags: string;
}

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'in', 'of', 'new', 'delete', 'void', 'throw', 'else', 'do', 'yield', 'await', '']);

/** Regex literals of one TypeScript source text. */
export function regexLiterals(text: string): { index: number; source: string; flags: string }[] {
  const out: { index: number; source: string; flags: string }[] = [];
  let i = 0;
  // What came before a `/`: an operand (division follows) or not (a regex follows).
  let prevSignificant = '';
  let prevWord = '';
  const templateDepth: number[] = []; // brace depth at which each open `${` resumes its template
  let braces = 0;
  const skipString = (q: string) => {
    i++;
    while (i < text.length && text[i] !== q) i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipTemplate = () => {
    // at the character after ` or after the } closing a ${…}
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        i += 2;
        templateDepth.push(braces);
        braces++;
        return;
      } else i++;
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      skipString(c);
      prevSignificant = 'x';
      prevWord = '';
      continue;
    }
    if (c === '`') {
      i++;
      skipTemplate();
      prevSignificant = 'x';
      prevWord = '';
      continue;
    }
    if (c === '{') {
      braces++;
      i++;
      prevSignificant = '{';
      prevWord = '';
      continue;
    }
    if (c === '}') {
      braces--;
      i++;
      if (templateDepth.length && templateDepth[templateDepth.length - 1] === braces) {
        templateDepth.pop();
        skipTemplate();
        prevSignificant = 'x';
      } else prevSignificant = '}';
      prevWord = '';
      continue;
    }
    if (/[A-Za-z_$0-9]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z_$0-9]/.test(text[j])) j++;
      prevWord = text.slice(i, j);
      prevSignificant = 'w';
      i = j;
      continue;
    }
    if (c === '/') {
      const regexAllowed =
        prevSignificant === '' || (prevSignificant === 'w' ? REGEX_AFTER_WORD.has(prevWord) : prevSignificant !== 'x' && prevSignificant !== ')' && prevSignificant !== ']');
      if (regexAllowed) {
        let j = i + 1;
        let inClass = false;
        while (j < text.length && text[j] !== '\n') {
          const d = text[j];
          if (d === '\\') {
            j += 2;
            continue;
          }
          if (d === '[') inClass = true;
          else if (d === ']') inClass = false;
          else if (d === '/' && !inClass) break;
          j++;
        }
        const source = text.slice(i + 1, j);
        let k = j + 1;
        while (k < text.length && /[a-z]/.test(text[k])) k++;
        out.push({ index: i, source, flags: text.slice(j + 1, k) });
        i = k;
        prevSignificant = 'x';
        prevWord = '';
        continue;
      }
    }
    prevSignificant = c;
    prevWord = '';
    i++;
  }
  return out;
}

export function inventory(dir = join(ROOT, 'rules')): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const file of sourceFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const r of regexLiterals(text)) {
      found.push({ file: relative(ROOT, file), line: text.slice(0, r.index).split('\n').length, source: r.source, flags: r.flags });
    }
  }
  return found;
}

/** Characters worth repeating: printable ASCII, white space, and a few beyond. */
const POOL = [...Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k)), '\t', '\n', '\r', '\0', '\u00e9', '\u00a0', '\uFFFD', '\u4e00'];

/**
 * The characters a regex's quantified parts can repeat (those any of its classes, escapes or
 * literals accept), and the literal words in it (`apt-get`, `--mount`…), repeated they make the
 * classic slow cases: `(a+)+`, `\s*\s*`, `.*x.*x`.
 */
export function runMaterial(source: string): { chars: string[]; words: string[] } {
  const chars = new Set<string>();
  for (const m of source.matchAll(/\[(?:\\.|[^\]\\])*\]|\\[dDwWsS]|\./g)) {
    let re: RegExp;
    try {
      re = new RegExp(`^${m[0]}$`);
    } catch {
      continue;
    }
    const hits = POOL.filter((c) => re.test(c));
    // A broad class (`.`, `[^/]`) is represented by a few members, not all 90.
    for (const c of hits.length > 12 ? [hits[0], hits[Math.floor(hits.length / 2)], hits[hits.length - 1], 'a', ' ', '/'].filter((c) => hits.includes(c)) : hits) chars.add(c);
  }
  for (const m of source.replace(/\[(?:\\.|[^\]\\])*\]/g, ' ').matchAll(/\\(.)|([^\\()[\]{}*+?|^$.])/g)) {
    const c = m[1] ?? m[2];
    if (m[1] && /[A-Za-z]/.test(m[1])) continue;
    chars.add(c);
  }
  const words = [...new Set([...source.replace(/\\[dDwWsSbB]/g, ' ').matchAll(/[A-Za-z][A-Za-z0-9_.-]{2,}/g)].map((m) => m[0].replace(/\\/g, '')))].slice(0, 12);
  return { chars: [...chars].slice(0, 40), words };
}

/** Adversarial strings for a regex: runs of each character/word, ending with something that fails late. */
export function adversarialStrings(source: string, length: number): string[] {
  const { chars, words } = runMaterial(source);
  const out: string[] = [];
  const tails = ['\u0001', '\n!'];
  for (const c of chars) for (const t of tails) out.push(c.repeat(length) + t);
  for (const w of words) {
    out.push(`${`${w} `.repeat(Math.ceil(length / (w.length + 1)))}\u0001`);
    out.push(`${w.repeat(Math.ceil(length / w.length))}\u0001`);
  }
  // Alternating pairs (`a a a`, `a=a=a`) catch `(\w+\s?)*` shapes.
  for (const [a, b] of [
    ['a', ' '],
    ['a', '='],
    ['-', '-'],
    ['a', '/'],
    ['a', '.'],
    ['$', '{'],
    ['\\', '\n'],
    ['a', ','],
    ['a', ':'],
  ])
    out.push(`${`${a}${b}`.repeat(length / 2)}\u0001`);
  return out;
}
