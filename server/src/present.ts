/**
 * A finding's message as shown (CLI formats, editor diagnostics): no absolute path of the machine —
 * a path under the root (the CLI's working directory, the editor's workspace folder) is shown
 * relative to it — and a finding that rests on a file outside the folders being checked (a build
 * context in `..`) says so.
 */
import { type Finding, relativeInside, relativePath } from '../../rules/api.js';

export interface Presenter {
  /** The finding's message as shown. */
  message(finding: Finding): string;
  /** A related location's message as shown. */
  related(message: string): string;
}

/** `root`: absolute, `/`-separated. `isOutside`: whether a file lies outside the folders being checked. */
export function presenter(root: string | undefined, isOutside: (path: string) => boolean = () => false): Presenter {
  const base = root === undefined ? undefined : root.endsWith('/') ? root : `${root}/`;
  const dir = base?.slice(0, -1) || '/';
  // The root followed by `/`, or standing alone (not the start of a longer name such as `/ws2`).
  const rootIn = base ? new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:/|(?![\\w-]|\\.\\w))`, 'g') : undefined;
  const relativize = (text: string): string => {
    if (!rootIn || !text.includes(dir)) return text;
    return text.replace(rootIn, (m) => (m.endsWith('/') ? '' : '.'));
  };
  const show = (path: string): string => {
    if (!base) return path;
    const rel = relativeInside(dir, path);
    if (rel !== undefined) return rel || '.';
    return relativePath(dir, path);
  };
  return {
    message(finding) {
      let message = relativize(finding.message);
      // Most findings have no related location in another file: nothing to collect (asked for each finding).
      if (!finding.related.some((r) => r.path !== undefined)) return message;
      const outside = [...new Set(finding.related.map((r) => r.path).filter((p): p is string => p !== undefined && isOutside(p)))];
      if (outside.length) message += ` (${outside.map(show).join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside the folders being checked)`;
      return message;
    },
    related: relativize,
  };
}
