/**
 * A fix is offered for unattended use (fix-all, `--fix`, SARIF `fixes`, "fixable: safe") only when
 * every file it writes passes the containment rule (containment.ts). Otherwise it is still shown —
 * the finding stands — but as unsafe, saying why it cannot be applied automatically; the editor
 * shows it disabled, with that reason, and sends no edit.
 */
import type { Fix } from '../../../rules/api.js';
import type { WriteCheck } from './containment.js';

export type ContainedFix = Fix & {
  /** Why the fix cannot be applied automatically (it would write outside the folders being fixed). */
  blocked?: string;
};

/**
 * The fix as it may be offered. `mainPath`: the linted file (undefined: an editor buffer, whose own
 * edits land in the buffer the user sees); `check`: the containment check; `show`: a path as the
 * user reads it.
 */
export function containFix(fix: Fix, mainPath: string | undefined, check: (path: string) => WriteCheck, show: (path: string) => string): ContainedFix {
  const refusals: string[] = [];
  if (fix.edits.length && mainPath !== undefined) {
    const c = check(mainPath);
    if (!c.ok) refusals.push(`${show(mainPath)}: ${c.reason}`);
  }
  for (const other of fix.otherFiles ?? []) {
    const c = check(other.path);
    if (!c.ok) refusals.push(`${show(other.path)}: ${c.reason}`);
  }
  if (!refusals.length) return fix;
  const blocked = `not applied automatically: ${refusals.join('; ')}`;
  return { ...fix, safe: false, title: `${fix.title} (${blocked})`, blocked };
}

/** A containment check that remembers its answers (one CLI run: the disk does not change under it). */
export function memoCheck(check: (path: string) => WriteCheck): (path: string) => WriteCheck {
  const seen = new Map<string, WriteCheck>();
  return (path) => {
    let c = seen.get(path);
    if (!c) seen.set(path, (c = check(path)));
    return c;
  };
}
