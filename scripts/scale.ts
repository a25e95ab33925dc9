/**
 * `npm run scale`: the scale sweep (cost must stay linear in the size of a file). Every rule, model and fix on files that repeat one
 * structure n, 2n and 4n times (test/support/structures.ts), timed in CPU milliseconds; prints the
 * time ratio per doubling of each component and the worst per rule and per structure. A linear
 * cost doubles (2.0); the target is at most 2.5 per doubling. Ratios of components that take less
 * than FLOOR_MS at the bigger size are not judged (timer and GC noise); a component over the target
 * is measured again on its own at a size where it takes at least JUDGE_MS (up to 32n) and counts
 * at the ratios measured there (still over: measured so once more, and the lower of the two counts).
 *
 *   npm run scale                     every structure at its sweep size
 *   npm run scale -- --quick          a quarter of the sizes (a first look in a minute or two)
 *   npm run scale -- --only services  structures whose name contains the word
 *   npm run scale -- --all            also list the components within the target
 */
import { loadShellGrammar } from '../server/src/shell-grammar-node.js';
import { type Growth, regrowComponent, sweepStructure } from '../test/support/scale-sweep.js';
import { STRUCTURES } from '../test/support/structures.js';

const TARGET = 2.5;
/** Components under this many CPU ms at the bigger size are not judged: timer and GC noise, not a cost. */
const FLOOR_MS = 2;
/** A component over the target is measured again where it takes at least this long at 4n… */
const JUDGE_MS = 40;
/** …but at most at 2^MAX_SHIFT times the sweep's n, where the file's lint (the set-up of a fix) takes at most SETUP_LIMIT_MS. */
const MAX_SHIFT = 5;
const SETUP_LIMIT_MS = 4000;
/** Each size measured this many times, in turns with the others; the fastest counts. */
const PASSES = 5;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const all = args.includes('--all');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const structures = STRUCTURES.filter((s) => !only || s.name.includes(only));

/** A component's growth, with its growth where it was measured again (if it was). */
type Checked = Growth & { again?: Growth & { n: number } };

const fmt = (x: number | undefined, digits = 1) => (x === undefined ? '—' : x.toFixed(digits));
async function main(): Promise<void> {
  await loadShellGrammar();
  const rows: Checked[] = [];
  const t0 = performance.now();
  for (const s of structures) {
    const n = quick ? Math.max(1, Math.round(s.n / 4)) : s.n;
    process.stderr.write(`scale: ${s.language} · ${s.name} (n = ${n}) …\n`);
    const growth: Checked[] = sweepStructure(s, { n: () => n, floorMs: FLOOR_MS, passes: PASSES });
    // Small sizes are where timer, GC and warm-up noise lives: a component over the target is
    // measured again on its own at a size where it takes at least JUDGE_MS, and counts there. Still
    // over, it is measured so once more and counts at the lower of the two, as a complexity guard
    // does: a cost that grows faster than linear is over every time, while on a busy machine one
    // of 1,345 components read 2.5-2.7 in one such measure and 2.0-2.3 by hand after (two sweeps
    // under load 12-15, a different component each time).
    const over: Checked[] = growth.filter((g) => (g.worst ?? 0) > TARGET);
    const lintAt4n = growth.find((g) => g.component === 'lint')?.ms[2] ?? 0;
    const regrow = (g: Checked) => regrowComponent(s, g, lintAt4n, n, { judgeMs: JUDGE_MS, maxShift: MAX_SHIFT, setupLimitMs: SETUP_LIMIT_MS, passes: PASSES });
    if (!quick)
      for (const g of over) {
        process.stderr.write(`scale:   ${g.component} over ${TARGET}: measured again on its own …\n`);
        let again = regrow(g);
        if ((again.worst ?? 0) > TARGET) {
          process.stderr.write(`scale:   ${g.component} still over: measured on its own once more …\n`);
          const third = regrow(g);
          if ((third.worst ?? 0) < (again.worst ?? 0)) again = third;
        }
        g.again = again;
        g.worst = again.worst;
      }
    rows.push(...growth);
    const shown = growth.filter((g) => all || (g.worst ?? 0) > TARGET || g.component === 'lint').sort((a, b) => (b.worst ?? 0) - (a.worst ?? 0));
    console.log(`\n${s.language} · ${s.name}, n = ${n}`);
    console.log(`  ${'component'.padEnd(14)} ${'ms at n'.padStart(10)} ${'2n'.padStart(10)} ${'4n'.padStart(10)}   ratios per doubling`);
    for (const g of shown) {
      const flag = (g.worst ?? 0) > TARGET ? '  OVER' : '';
      const again = g.again ? `; again at n = ${g.again.n}: ${g.again.ms.map((m) => fmt(m, 1)).join(' → ')} ms, ${g.again.ratios.map((r) => fmt(r)).join(' / ')}` : '';
      console.log(`  ${g.component.padEnd(14)} ${g.ms.map((m) => fmt(m, 2).padStart(10)).join(' ')}   ${g.ratios.map((r) => fmt(r)).join(' / ')}${again}${flag}`);
    }
  }

  const worstBy = (key: (g: Growth) => string) => {
    const m = new Map<string, Growth>();
    for (const g of rows) if (g.worst !== undefined && (m.get(key(g))?.worst ?? 0) < g.worst) m.set(key(g), g);
    return [...m.values()].sort((a, b) => (b.worst ?? 0) - (a.worst ?? 0));
  };
  console.log('\nWorst ratio per doubling, by rule or component (its worst structure):');
  for (const g of worstBy((g) => g.component)) console.log(`  ${g.component.padEnd(14)} ${fmt(g.worst).padStart(6)}  ${g.structure}${(g.worst ?? 0) > TARGET ? '  OVER' : ''}`);
  console.log('\nWorst ratio per doubling, by structure (its worst component):');
  for (const g of worstBy((g) => g.structure)) console.log(`  ${g.structure.padEnd(48)} ${fmt(g.worst).padStart(6)}  ${g.component}${(g.worst ?? 0) > TARGET ? '  OVER' : ''}`);
  const over = rows.filter((g) => (g.worst ?? 0) > TARGET);
  console.log(`\n${over.length} of ${rows.length} components over ${TARGET} per doubling; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  process.exitCode = over.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
