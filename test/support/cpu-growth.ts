/** A complexity guard that does not depend on how busy the machine is (see growth). */

/**
 * How much longer `run` takes on an input 4× as big, on CPU time (not the wall clock: a busy machine
 * preempts long runs more often). The small input runs 4 times per sample so both samples last about
 * as long; the fastest of several interleaved samples counts, and a ratio over the bound is measured
 * once more before it fails. Linear is about 4, quadratic about 16.
 */
export function growth(small: () => unknown, big: () => unknown): number {
  const cpu = (f: () => unknown, times: number) => {
    const before = process.cpuUsage();
    for (let i = 0; i < times; i++) f();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / times;
  };
  const measure = () => {
    let s = Number.POSITIVE_INFINITY;
    let b = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      s = Math.min(s, cpu(small, 4));
      b = Math.min(b, cpu(big, 1));
    }
    return b / s;
  };
  small();
  big();
  const first = measure();
  return first < 8 ? first : Math.min(first, measure());
}
