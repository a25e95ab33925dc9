/**
 * Real-looking seed files for the fuzzers: the examples/ folder, test/corpus/ (when present), the
 * ```dockerfile / ```yaml blocks of every rule's docs page, and the `code:` snippets of every rule's
 * tests. Mutators and "typed character by character" prefixes start from these.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { detectLanguage, type LanguageId } from '../../rules/api.js';

export const ROOT = join(__dirname, '..', '..');

export interface Seed {
  /** Where it came from (repository-relative, with a `#n` suffix for snippets). */
  origin: string;
  language: LanguageId;
  text: string;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out.sort();
}

/** A JS string literal's value, for the simple literals rule tests use; undefined when it is not simple. */
function literalValue(literal: string): string | undefined {
  const quote = literal[0];
  let body = literal.slice(1, -1);
  if (quote === '`' && body.includes('${')) return undefined;
  // JSON understands the escapes we meet except \' \` \x.. and a bare " (fine inside '…' and `…`).
  body = body
    .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')
    .replace(/\\([`'])/g, '$1')
    .replace(/(^|[^\\])((?:\\\\)*)"/g, '$1$2\\"');
  if (quote === '`') body = body.replace(/\r?\n/g, '\\n');
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

const CODE_LITERAL = /\bcode:\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)/g;
const DOC_BLOCK = /```(dockerfile|Dockerfile|yaml)\n([\s\S]*?)```/g;

let cached: Seed[] | undefined;

/** Every seed, loaded once per process. */
export function corpus(): Seed[] {
  if (cached) return cached;
  const seeds: Seed[] = [];
  const add = (origin: string, language: LanguageId | undefined, text: string | undefined) => {
    if (language && text?.trim()) seeds.push({ origin, language, text });
  };
  for (const dir of ['examples', join('test', 'corpus')]) {
    for (const p of walk(join(ROOT, dir))) add(relative(ROOT, p), detectLanguage(p), readFileSync(p, 'utf8'));
  }
  for (const language of ['dockerfile', 'compose'] as const) {
    const dir = join(ROOT, 'rules', language);
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const origin = relative(ROOT, p);
      if (name.endsWith('.md')) {
        let i = 0;
        for (const m of readFileSync(p, 'utf8').matchAll(DOC_BLOCK)) add(`${origin}#${++i}`, language, m[2]);
      } else if (name.endsWith('.test.ts')) {
        let i = 0;
        for (const m of readFileSync(p, 'utf8').matchAll(CODE_LITERAL)) add(`${origin}#${++i}`, language, literalValue(m[1]));
      }
    }
  }
  cached = seeds;
  return seeds;
}

export function seedsOf(language: LanguageId): Seed[] {
  return corpus().filter((s) => s.language === language);
}
