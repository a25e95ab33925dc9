/**
 * A file name from the workspace as a line of an ignore file (`.dockerignore`, `.gitignore`) that
 * matches exactly that file. The name is written by an attacker (`.env.$(touch${IFS}PWNED)`, a name
 * with a newline that would add a second pattern, or `*`), so the line is a plain pattern: every
 * character but letters, digits and `._-/@+=,%~:` is escaped with a backslash — both files' own
 * escape (a backslash makes the next character literal, in BuildKit's matcher and in git's) — and a
 * name no line can express exactly is refused (undefined): control characters, line and paragraph
 * separators, bidi controls (they would hide what the line says), and for `.dockerignore` white
 * space at either end of the line (BuildKit trims it, escaped or not).
 */

const UNWRITABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const SPECIAL = /[^\p{L}\p{N}\p{M}._\-/@+=,%~:]/gu;

export type IgnoreSyntax = 'dockerignore' | 'gitignore';

/** `relative`: the path below the ignore file's folder, `/`-separated. */
export function ignorePattern(relative: string, syntax: IgnoreSyntax): string | undefined {
  if (!relative || UNWRITABLE.test(relative)) return undefined;
  if (relative.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
  if (syntax === 'dockerignore' && (/^\s/u.test(relative) || /\s$/u.test(relative))) return undefined;
  return relative.replace(SPECIAL, (c) => `\\${c}`);
}
