/**
 * How the CLI bundle tells the launcher (launcher.ts) which kinds of files a run linted: a cache written
 * after the run then holds those rules' compiled code, and a later run that lints another kind adds it.
 * Without the launcher (the bundle run directly, tests) nothing listens.
 */
export const LINTED_HOOK = Symbol.for('bosun.codeCache.linted');

export function noteLinted(language: string): void {
  const hook = (globalThis as Record<symbol, unknown>)[LINTED_HOOK];
  if (typeof hook === 'function') hook(language);
}
