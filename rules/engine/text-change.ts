/** The one contiguous change between two versions of a text: [start, oldEnd) became [start, newEnd). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

let last: { before: string; after: string; change: TextChange } | undefined;

/** Linear: a common prefix, then a common suffix that does not overlap it. The parser and the engine ask in turn: the last answer is kept. */
export function changeBetween(before: string, after: string): TextChange {
  if (last && last.before === before && last.after === after) return last.change;
  const change = computeChange(before, after);
  last = { before, after, change };
  return change;
}

function computeChange(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  const start = commonPrefix(before, after, max);
  const tail = commonSuffix(before, after, max - start);
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/**
 * Length of the common prefix. Halves are compared as strings first (a native comparison, much
 * faster than a loop over characters on a 5,000-line file), the last few characters one by one.
 */
function commonPrefix(a: string, b: string, max: number): number {
  let lo = 0; // a and b agree on [0, lo)
  let hi = max;
  while (hi - lo > 32) {
    const mid = (lo + hi) >>> 1;
    if (a.slice(lo, mid) === b.slice(lo, mid)) lo = mid;
    else hi = mid;
  }
  while (lo < max && a.charCodeAt(lo) === b.charCodeAt(lo)) lo++;
  return lo;
}

/** Length of the common suffix, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let lo = 0; // a and b agree on their last lo characters
  let hi = max;
  while (hi - lo > 32) {
    const mid = (lo + hi) >>> 1;
    if (a.slice(a.length - mid, a.length - lo) === b.slice(b.length - mid, b.length - lo)) lo = mid;
    else hi = mid;
  }
  while (lo < max && a.charCodeAt(a.length - 1 - lo) === b.charCodeAt(b.length - 1 - lo)) lo++;
  return lo;
}

/**
 * Where an offset of the old text is in the new one; undefined inside the changed part. `end`:
 * the offset ends a half-open span, so the change's start itself is not moved.
 */
export function moveOffset(change: TextChange, offset: number, end = false): number | undefined {
  if (offset < change.start || (end && offset === change.start)) return offset;
  if (offset >= change.oldEnd) return offset + change.newEnd - change.oldEnd;
  return undefined;
}
