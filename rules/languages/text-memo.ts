/**
 * Results of pure functions of a string, kept across lints: after an edit, the strings of the
 * file are almost all the same as before, and scanning them again (dozens of token patterns each)
 * is most of what a value rule costs. Bounded: the whole memo is dropped when it grows past `limit`.
 */
export function textMemo<T>(f: (text: string) => T, limit = 20_000): (text: string) => T {
  let memo = new Map<string, T>();
  return (text) => {
    if (memo.has(text)) return memo.get(text) as T;
    const value = f(text);
    if (memo.size >= limit) memo = new Map();
    memo.set(text, value);
    return value;
  };
}
