/**
 * `/`-separated path helpers for the project model. Rules see paths as plain strings (the files view
 * is keyed by absolute `/` paths); these never touch the disk and behave the same on every platform.
 */

export function toSlash(p: string): string {
  return p.replace(/\\/g, '/');
}

/** Resolves `.` and `..` segments and repeated slashes; keeps a leading `/` (or `C:/`). */
export function normalizePath(p: string): string {
  return cleanSlashes(toSlash(p));
}

/** normalizePath for a path whose backslashes are not separators (`\*` in an ignore pattern is an escape). */
export function cleanSlashes(s: string): string {
  const abs = s.startsWith('/');
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const joined = out.join('/');
  return abs ? `/${joined}` : joined || '.';
}

export function dirname(p: string): string {
  const s = toSlash(p);
  const i = s.lastIndexOf('/');
  if (i < 0) return '.';
  return i === 0 ? '/' : s.slice(0, i);
}

export function basename(p: string): string {
  const s = toSlash(p);
  return s.slice(s.lastIndexOf('/') + 1);
}

/** True for `/x` and `C:/x` (and `C:\x`). */
export function isAbsolute(p: string): boolean {
  return /^(?:\/|[A-Za-z]:[\\/])/.test(p);
}

/** `rel` resolved against directory `dir` (an absolute `rel` stays as it is). */
export function joinPath(dir: string, rel: string): string {
  const r = toSlash(rel);
  if (isAbsolute(r)) return normalizePath(r);
  if (dir === '.' || dir === '') return normalizePath(r);
  return normalizePath(`${dir}/${r}`);
}

/** `to` relative to directory `from` when it lies inside it (`''` for the directory itself); else undefined. */
export function relativeInside(from: string, to: string): string | undefined {
  const f = normalizePath(from);
  const t = normalizePath(to);
  if (t === f) return '';
  if (f === '.') return t.startsWith('../') || t === '..' || isAbsolute(t) ? undefined : t;
  const prefix = f.endsWith('/') ? f : `${f}/`;
  return t.startsWith(prefix) ? t.slice(prefix.length) : undefined;
}

/** `to` relative to directory `from`, with `../` steps when it lies outside (`../Dockerfile`); `to` itself when they share no root. */
export function relativePath(from: string, to: string): string {
  const f = normalizePath(from).split('/');
  const t = normalizePath(to).split('/');
  if (f[0] !== t[0]) return normalizePath(to);
  let i = 0;
  while (i < f.length && i < t.length && f[i] === t[i]) i++;
  return (
    [
      ...f
        .slice(i)
        .filter((s) => s !== '')
        .map(() => '..'),
      ...t.slice(i),
    ].join('/') || '.'
  );
}
