import { type SafeRegExp, safeRegExp } from './safe-regex.js';

/**
 * Glob patterns as users write them in `.bosun.yaml` and `.gitignore`-style lists: `*` (within a
 * segment), `**` (any depth), `?`, `[abc]`, `{a,b}`. A pattern without `/` matches at any depth
 * (`*.dev.yml` matches `a/b/c.dev.yml`); a trailing `/` means the directory and everything under it.
 */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(globSource(pattern));
}

/** The regular expression source of a glob pattern (anchored: `^…$`). */
export function globSource(pattern: string): string {
  let p = pattern.trim().replace(/\\/g, '/');
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.slice(0, -1);
  }
  const anchored = p.startsWith('/') || p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  if (p.startsWith('./')) p = p.slice(2);
  let re = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const slashAfter = p[i + 2] === '/';
        re += slashAfter ? '(?:[^/]*/)*' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = p.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = p
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) {
      re += '|';
    } else {
      re += c.replace(/[.+^$()|\\]/g, '\\$&');
    }
  }
  re += ')'.repeat(braces);
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const suffix = dirOnly ? '/.*$' : '(?:/.*)?$';
  return prefix + re + suffix;
}

const matchers = new Map<string, SafeRegExp | undefined>();

/**
 * The pattern as a matcher that cannot backtrack (patterns come from the workspace: see
 * safe-regex.ts); undefined when the pattern is not valid (an impossible `[z-a]` class).
 */
export function globMatcher(pattern: string): SafeRegExp | undefined {
  if (matchers.has(pattern)) return matchers.get(pattern);
  let m: SafeRegExp | undefined;
  try {
    m = safeRegExp(globSource(pattern));
  } catch {
    m = undefined;
  }
  if (matchers.size > 1000) matchers.clear();
  matchers.set(pattern, m);
  return m;
}

/** True when the relative path (`/`-separated, no leading `./`) matches any of the patterns. */
export function matchesAny(relativePath: string, patterns: readonly string[]): boolean {
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  return patterns.some((p) => globMatcher(p)?.test(path) ?? false);
}
