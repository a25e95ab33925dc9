/**
 * Binary search over anything sorted, by index: the first index in [0, length) for which `before(i)`
 * is false, given that it is true for a prefix and false after (length when it is true throughout).
 * `before(i)` "element i sorts before what we look for" makes this a lower bound; "at or before" an
 * upper bound, whose index - 1 is the last element at or before the key.
 */
export function firstNotBefore(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
