/**
 * The scale sweep: for each structure of test/support/structures.ts, the CPU time of the parse, of
 * each rule's check (on a fresh model, so it pays for the parts of the model it is first to need),
 * of the whole lint and of each rule's fixes (what `--format json|sarif` and fix-all compute) at
 * n, 2n, 4n…, and the ratio per doubling. Used by `npm run scale` (big n, a table) and by
 * test/robustness/scale.test.ts (small n, a ratio test).
 *
 * CPU time, the fastest of a few passes: a busy machine delays a run, it does not make it use more
 * CPU (see test/support/scaling.ts). Each timed step empties the young generation before it, so it
 * does not pay for what the steps before it left, and times emptying it after, so it pays for moving
 * what it leaves alive (cpuMs, settleYoungGeneration).
 */
import { fixesFor, type LanguageId, type LintResult, lintText, type Rule, rulesFor, SourceText } from '../../rules/api.js';
import type { LanguageSupport } from '../../rules/engine/language.js';
import type { RuleContext } from '../../rules/engine/types.js';
import { composeLanguage } from '../../rules/languages/compose-language.js';
import { dockerfileLanguage } from '../../rules/languages/dockerfile-language.js';
import { settleYoungGeneration } from './scaling.js';
import type { Structure } from './structures.js';

const LANGUAGES: Record<LanguageId, LanguageSupport<unknown>> = {
  dockerfile: dockerfileLanguage as LanguageSupport<unknown>,
  compose: composeLanguage as LanguageSupport<unknown>,
};

/**
 * CPU milliseconds of `run` (this process, every thread: the GC's helpers work for it too), with
 * moving what it leaves alive out of the young generation (settleYoungGeneration, timed).
 */
export function cpuMs(run: () => unknown): number {
  settleYoungGeneration();
  const before = process.cpuUsage();
  run();
  settleYoungGeneration();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** What a file costs, by component: `parse`, `lint` (every rule, as the editor and the CLI run it), `check CODE`, `fix CODE`. */
export type Costs = Map<string, number>;

/**
 * What each component times (a thunk to run under cpuMs), so that the sweep and the second look at
 * one component (componentMs) time the same work: the parse of the text, a rule's check on a parsed
 * model, the lint with every rule, a rule's fixes for its findings of a lint result.
 */
const work = {
  parse: (s: Structure, text: string) => () => LANGUAGES[s.language].parse(new SourceText(s.path, text)),
  check: (s: Structure, rule: Rule, model: unknown) => {
    const ctx: RuleContext<unknown> = { model, options: {}, path: s.path, files: undefined };
    return () => [...rule.check(ctx)];
  },
  lint: (s: Structure, text: string) => () => lintText(s.path, text, s.language),
  fixes: (result: LintResult, code: string) => {
    const findings = result.findings.filter((f) => f.code === code);
    return findings.length ? () => findings.map((f) => fixesFor(result, f)) : undefined;
  },
};

/** The components of one file at one size, each the fastest of `passes` (fewer when a pass costs over `limitMs`). */
export function measureCosts(structure: Structure, n: number, passes = 3, limitMs = Number.POSITIVE_INFINITY): Costs {
  const text = structure.text(n);
  const rules = rulesFor(structure.language);
  const best: Costs = new Map();
  const keep = (key: string, ms: number) => best.set(key, Math.min(best.get(key) ?? Number.POSITIVE_INFINITY, ms));
  for (let pass = 0; pass < passes; pass++) {
    const before = process.cpuUsage();
    keep('parse', cpuMs(work.parse(structure, text)));
    const model = work.parse(structure, text)();
    for (const rule of rules) keep(`check ${rule.meta.code}`, cpuMs(work.check(structure, rule, model)));
    let result = work.lint(structure, text)();
    const lint = work.lint(structure, text);
    keep(
      'lint',
      cpuMs(() => (result = lint())),
    );
    for (const rule of rules) {
      const fixes = rule.fix && work.fixes(result, rule.meta.code);
      if (fixes) keep(`fix ${rule.meta.code}`, cpuMs(fixes));
    }
    const used = process.cpuUsage(before);
    if ((used.user + used.system) / 1000 > limitMs) break;
  }
  return best;
}

export interface Growth {
  structure: string;
  component: string;
  /** Milliseconds at each size (undefined: not measured, the previous size was over the limit). */
  ms: (number | undefined)[];
  /** Time ratio per doubling (undefined: below the floor, or not measured). */
  ratios: (number | undefined)[];
  worst: number | undefined;
}

export interface SweepOptions {
  /** How many doublings from n (2: n, 2n, 4n). */
  doublings?: number;
  passes?: number;
  /** Below this many ms at the bigger size, a ratio is timer noise, not a cost: not judged. */
  floorMs?: number;
  /** A size whose lint took longer than this is the last one measured for that structure. */
  limitMs?: number;
  /** n for each structure (default: its own `n`). */
  n?: (s: Structure) => number;
}

/**
 * The growth of every component of `structure` over n, 2n, 4n… The sizes are measured in turns (n,
 * 2n, 4n, then n, 2n, 4n again…), each component's fastest pass counting: a burst of load from other
 * work slows whichever pass it falls on, not one size's every pass.
 */
export function sweepStructure(structure: Structure, options: SweepOptions = {}): Growth[] {
  const { doublings = 2, passes = 3, floorMs = 1, limitMs = 30_000 } = options;
  const n0 = options.n?.(structure) ?? structure.n;
  const sizes: Costs[] = [];
  let measured = doublings + 1;
  for (let pass = 0; pass < passes; pass++) {
    for (let d = 0; d < measured; d++) {
      const costs = measureCosts(structure, n0 * 2 ** d, 1, limitMs);
      const best = (sizes[d] ??= new Map());
      for (const [k, ms] of costs) best.set(k, Math.min(best.get(k) ?? Number.POSITIVE_INFINITY, ms));
      const total = [...costs.values()].reduce((a, b) => a + b, 0);
      // A size this slow is the last one measured (and measured once).
      if (total > limitMs) {
        measured = d + 1;
        if (pass === 0) pass = passes;
        break;
      }
    }
  }
  const components = new Set(sizes.flatMap((c) => [...c.keys()]));
  const out: Growth[] = [];
  for (const component of components) {
    const ms = Array.from({ length: doublings + 1 }, (_, d) => sizes[d]?.get(component));
    const ratios: (number | undefined)[] = [];
    for (let d = 1; d <= doublings; d++) {
      const [a, b] = [ms[d - 1], ms[d]];
      ratios.push(a === undefined || b === undefined || b < floorMs ? undefined : b / Math.max(a, 0.01));
    }
    const judged = ratios.filter((r): r is number => r !== undefined);
    out.push({ structure: structure.name, component, ms, ratios, worst: judged.length ? Math.max(...judged) : undefined });
  }
  return out;
}

/** CPU milliseconds of one component (`parse`, `lint`, `check CODE`, `fix CODE`) on the structure at size n, untimed set-up excluded. */
export function componentMs(structure: Structure, n: number, component: string): number {
  const text = structure.text(n);
  if (component === 'parse') return cpuMs(work.parse(structure, text));
  if (component === 'lint') return cpuMs(work.lint(structure, text));
  const [kind, code] = component.split(' ');
  const rule = rulesFor(structure.language).find((r) => r.meta.code === code);
  if (!rule) throw new Error(`no rule ${code} for ${structure.language}`);
  if (kind === 'check') return cpuMs(work.check(structure, rule, work.parse(structure, text)()));
  const fixes = work.fixes(work.lint(structure, text)(), code);
  return fixes ? cpuMs(fixes) : 0;
}

export interface RegrowOptions {
  /** The component should take at least this long at 4m… */
  judgeMs: number;
  /** …with m at most n·2^maxShift… */
  maxShift: number;
  /** …and the lint of the file at 4m (its set-up) at most this long. */
  setupLimitMs: number;
  passes: number;
}

/** log2(m / n) for regrowComponent, from the times at 4n: at least 1 (measured again at a bigger size). */
export function judgingShift(componentAt4nMs: number, lintAt4nMs: number, options: Omit<RegrowOptions, 'passes'>): number {
  let shift = 1;
  while (shift < options.maxShift && componentAt4nMs * 2 ** shift < options.judgeMs && lintAt4nMs * 2 ** (shift + 1) <= options.setupLimitMs) shift++;
  return shift;
}

/**
 * One component's growth over m, 2m, 4m, where m is the first of n·2, n·4… (at most n·2^maxShift) at
 * which the component takes at least `judgeMs` at 4m, going by its time at 4n: at a size where a
 * run takes a few milliseconds, a minor GC or a timer tick is a large share of it and one doubling
 * can read 3 while the next reads 1.5. A cost that grows faster than linear shows more clearly at
 * the bigger size (a quadratic one nears 4 per doubling), so this judges it better, not more kindly.
 */
export function regrowComponent(structure: Structure, first: Growth, lintAt4nMs: number, n: number, options: RegrowOptions): Growth & { n: number } {
  const m = n * 2 ** judgingShift(first.ms[first.ms.length - 1] ?? options.judgeMs, lintAt4nMs, options);
  const sizes = [m, 2 * m, 4 * m];
  const best = sizes.map(() => Number.POSITIVE_INFINITY);
  for (let pass = 0; pass < options.passes; pass++)
    sizes.forEach((size, i) => {
      best[i] = Math.min(best[i], componentMs(structure, size, first.component));
    });
  const ratios = [best[1] / Math.max(best[0], 0.01), best[2] / Math.max(best[1], 0.01)];
  return { structure: structure.name, component: first.component, ms: best, ratios, worst: Math.max(...ratios), n: m };
}
