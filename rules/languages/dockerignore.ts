import type { FilesView } from '../engine/types.js';
import { cleanSlashes, dirname, joinPath } from './paths.js';

/**
 * `.dockerignore` as BuildKit reads it (moby/patternmatcher): one pattern a line, `#` comments only
 * at the very start of a line, white space trimmed, `!` for exceptions, each pattern cleaned like Go's
 * `filepath.Clean` with a leading `/` dropped. A path is ignored when the last pattern that matches it
 * — or one of its parent directories — is not an exception.
 *
 * Matching is done segment by segment without regular expressions: `*` and `?` never cross a `/`,
 * `[a-z]`/`[^a-z]` are character classes, `\` escapes, and a `**` segment matches any number of
 * directories (zero or more; at the end of a pattern one or more, as in `dir/**`). A `**` glued to
 * other characters (`a**b`) acts like `*`.
 */

export interface IgnorePattern {
  /** The cleaned pattern, without the `!`. */
  pattern: string;
  exclusion: boolean;
  /** 1-based line in the ignore file. */
  line: number;
  segments: string[];
}

export interface IgnoreMatch {
  ignored: boolean;
  /** The pattern that decided, if any. */
  by: IgnorePattern | undefined;
}

/**
 * Go's `filepath.Clean` for `/` paths — on Linux, where BuildKit reads the file: a backslash is not a
 * separator there but the escape of the next character (`\*` is a literal star), so it is kept.
 */
const clean = cleanSlashes;

export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  lines.forEach((rawLine, i) => {
    if (rawLine.startsWith('#')) return;
    let p = rawLine.trim();
    if (!p) return;
    const exclusion = p.startsWith('!');
    if (exclusion) p = p.slice(1).trim();
    if (!p) return;
    p = clean(p);
    if (p.length > 1 && p.startsWith('/')) p = p.slice(1);
    patterns.push({ pattern: p, exclusion, line: i + 1, segments: p.split('/') });
  });
  return patterns;
}

/** One path segment against one pattern segment (`*`, `?`, `[…]`, `\x`). */
export function matchSegment(pattern: string, name: string): boolean {
  // Iterative wildcard matching with one backtrack point: linear in practice, never exponential.
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length) {
      const c = pattern[p];
      if (c === '*') {
        while (pattern[p] === '*') p++;
        starP = p;
        starN = n;
        continue;
      }
      if (c === '?') {
        p++;
        n++;
        continue;
      }
      if (c === '[') {
        const cls = matchClass(pattern, p, name[n]);
        if (cls?.ok) {
          p = cls.next;
          n++;
          continue;
        }
        if (!cls && name[n] === '[') {
          // An unterminated class is a literal `[`.
          p++;
          n++;
          continue;
        }
      } else {
        const lit = c === '\\' && p + 1 < pattern.length ? pattern[p + 1] : c;
        if (lit === name[n]) {
          p += c === '\\' && p + 1 < pattern.length ? 2 : 1;
          n++;
          continue;
        }
      }
    }
    if (starP < 0) return false;
    p = starP;
    n = ++starN;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** `[abc]`, `[a-z]`, `[^a-z]` at `start`; undefined when the class is not closed. */
function matchClass(pattern: string, start: number, ch: string): { ok: boolean; next: number } | undefined {
  let i = start + 1;
  const negate = pattern[i] === '^';
  if (negate) i++;
  let ok = false;
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false;
    let lo = pattern[i];
    if (lo === '\\' && i + 1 < pattern.length) lo = pattern[++i];
    let hi = lo;
    if (pattern[i + 1] === '-' && i + 2 < pattern.length && pattern[i + 2] !== ']') {
      hi = pattern[i + 2];
      if (hi === '\\' && i + 3 < pattern.length) {
        hi = pattern[i + 3];
        i++;
      }
      i += 2;
    }
    if (ch >= lo && ch <= hi) ok = true;
    i++;
  }
  if (i >= pattern.length) return undefined;
  return { ok: ok !== negate, next: i + 1 };
}

/**
 * Pattern segments against path segments, with `**` for any number of directories. With
 * `orParent`, a match of one of the path's parent directories counts too (BuildKit's
 * MatchesOrParentMatches). Dynamic programming over (pattern, path) positions: at most
 * pattern × path segment tests, whatever the `**`s (patterns come from the workspace).
 */
export function matchSegments(pattern: readonly string[], path: readonly string[], orParent = false): boolean {
  const P = pattern.length;
  const S = path.length;
  const firstStars = pattern.indexOf('**');
  if (firstStars < 0) return matchesAt(pattern, 0, path, 0, orParent);
  if (firstStars === 0 && P > 1 && pattern.indexOf('**', 1) < 0) {
    // `**/rest` (every unanchored .gitignore pattern): the rest at any depth.
    for (let start = 0; start + P - 1 <= S; start++) if (matchesAt(pattern, 1, path, start, orParent)) return true;
    return false;
  }
  // After the step for `pi`, next[si] says whether pattern[pi..] matches path[si..] (or, with
  // orParent, a non-empty part of the path that ends earlier).
  let next = new Uint8Array(S + 1);
  let cur = new Uint8Array(S + 1);
  for (let si = 0; si <= S; si++) next[si] = (orParent ? si >= 1 : si === S) ? 1 : 0;
  for (let pi = P - 1; pi >= 0; pi--) {
    const seg = pattern[pi];
    if (seg === '**' && pi === P - 1) {
      // At the end: one or more directories.
      for (let si = 0; si <= S; si++) cur[si] = si < S ? 1 : 0;
    } else if (seg === '**') {
      // Zero or more directories: any later start will do.
      cur[S] = next[S];
      for (let si = S - 1; si >= 0; si--) cur[si] = next[si] | cur[si + 1];
    } else {
      cur[S] = 0;
      for (let si = 0; si < S; si++) cur[si] = next[si + 1] && matchSegment(seg, path[si]) ? 1 : 0;
    }
    [next, cur] = [cur, next];
  }
  return next[0] === 1;
}

/** pattern[from..] (no `**`) against path[start..], or with `orParent` against the start of it. */
function matchesAt(pattern: readonly string[], from: number, path: readonly string[], start: number, orParent: boolean): boolean {
  const end = start + pattern.length - from;
  if (orParent ? end > path.length : end !== path.length) return false;
  for (let i = from, j = start; i < pattern.length; i++, j++) if (!matchSegment(pattern[i], path[j])) return false;
  return true;
}

/** A glob over whole paths (`/tmp/*.pem`, `**\/id_rsa`), with the segment rules above. */
export function globMatch(pattern: string, path: string): boolean {
  const split = (s: string) => s.split('/').filter((x, i) => x !== '' || i === 0);
  return matchSegments(split(pattern), split(path));
}

export class DockerIgnore {
  constructor(
    readonly patterns: IgnorePattern[],
    readonly path: string | undefined = undefined,
  ) {}

  get hasExceptions(): boolean {
    return this.patterns.some((p) => p.exclusion);
  }

  /** BuildKit's MatchesOrParentMatches: `path` is relative to the context, `/`-separated. */
  match(path: string): IgnoreMatch {
    const file = clean(path).replace(/^\/+/, '');
    const segs = file.split('/');
    let ignored = false;
    let by: IgnorePattern | undefined;
    for (const p of this.patterns) {
      // An include pattern cannot change an ignored path, an exception cannot change a kept one.
      if (p.exclusion !== ignored) continue;
      if (matchSegments(p.segments, segs, true)) {
        ignored = !p.exclusion;
        by = p;
      }
    }
    return { ignored, by };
  }

  /** True when an exception pattern may re-include something below directory `dir`. */
  mayReincludeUnder(dir: string): boolean {
    const segs = clean(dir).split('/');
    return this.patterns.some((p) => {
      if (!p.exclusion) return false;
      for (let i = 0; i < segs.length; i++) {
        if (i >= p.segments.length) return false;
        if (p.segments[i] === '**') return true;
        if (!matchSegment(p.segments[i], segs[i])) return false;
      }
      return p.segments.length > segs.length;
    });
  }
}

/**
 * The ignore file BuildKit uses for a Dockerfile built with its own directory as context:
 * `<Dockerfile>.dockerignore` next to it first, then `<context>/.dockerignore`. Undefined when
 * neither exists (or no files view is available).
 */
export function dockerignoreFor(dockerfilePath: string, files: FilesView | undefined, contextDir = dirname(dockerfilePath)): DockerIgnore | undefined {
  if (!files) return undefined;
  for (const candidate of [`${dockerfilePath}.dockerignore`, joinPath(contextDir, '.dockerignore')]) {
    const text = files.read(candidate);
    if (text !== undefined) return new DockerIgnore(parseDockerignore(text), candidate);
  }
  return undefined;
}
