/**
 * Re-using findings of unchanged units — a Dockerfile's stages, a Compose file's services — from
 * the lint of the previous version of the same document, so an edit re-runs rules only where it
 * matters.
 *
 * Only rules with `meta.scope: 'unit'` take part: each of their findings lies in one unit and
 * depends only on what that unit's key covers (the language builds keys from the unit's text and
 * everything it reads: the prelude, the stages it builds on…). Such a rule runs on a model
 * restricted to the changed units; its findings in unchanged units are the previous ones, moved
 * with the edit. Anything unexpected (a finding outside every unit, a location inside the edit)
 * makes that rule run on the whole file instead.
 */
import { type TextChange, changeBetween, moveOffset } from './text-change.js';
import type { Report, Span } from './types.js';

export interface Unit {
  span: Span;
  /** Changes whenever anything the unit's findings depend on changes. */
  key: string;
}

/** What a lint keeps for the next version of its document. */
export interface UnitMemory {
  text: string;
  units: Unit[];
  /** Reports of unit-scoped rules by code, before suppression comments were applied. */
  reports: Map<string, Report[]>;
  /** How many units this lint took unchanged from the previous version (tests and the benchmark read it). */
  unchangedUnits: number;
}

/** Reports carried over from a previous version: their fixData belongs to that version's model. */
const carried = new WeakSet<Report>();

export const isCarriedOver = (report: Report): boolean => carried.has(report);

/** Index of the unit whose span holds `offset` (units are sorted and disjoint), or -1. */
function unitAt(units: Unit[], offset: number): number {
  let lo = 0;
  let hi = units.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const { start, end } = units[mid].span;
    if (offset < start) hi = mid - 1;
    else if (offset >= end && !(offset === end && mid === units.length - 1)) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export class UnitReuse {
  private constructor(
    private readonly memory: UnitMemory,
    private readonly units: Unit[],
    private readonly change: TextChange,
    /** Old unit index → new unit index, for units that are unchanged. */
    private readonly same: Map<number, number>,
    /** New unit indexes that must be checked again. */
    readonly dirty: ReadonlySet<number>,
  ) {}

  /** A plan, or undefined when nothing can be re-used (no memory, or every unit changed). */
  static plan(memory: UnitMemory | undefined, text: string, units: Unit[]): UnitReuse | undefined {
    if (!memory) return undefined;
    const change = changeBetween(memory.text, text);
    const byStart = new Map<number, number>();
    units.forEach((u, i) => byStart.set(u.span.start, i));
    const same = new Map<number, number>();
    memory.units.forEach((old, i) => {
      const start = moveOffset(change, old.span.start);
      const end = moveOffset(change, old.span.end, true);
      const j = start === undefined ? undefined : byStart.get(start);
      if (j !== undefined && units[j].span.end === end && units[j].key === old.key) same.set(i, j);
    });
    const kept = new Set(same.values());
    const dirty = new Set<number>();
    units.forEach((_, j) => kept.has(j) || dirty.add(j));
    if (dirty.size === units.length) return undefined;
    return new UnitReuse(memory, units, change, same, dirty);
  }

  /**
   * The rule's reports on the new version: the previous ones of unchanged units, moved, and
   * `checkDirty()` (the rule run on the restricted model) for the changed ones. Undefined: the
   * rule must run on the whole file.
   */
  reports(code: string, checkDirty: () => Iterable<Report>): Report[] | undefined {
    const previous = this.memory.reports.get(code);
    if (!previous) return undefined;
    const out: Report[] = [];
    for (const r of previous) {
      const old = unitAt(this.memory.units, r.span.start);
      if (old < 0) return undefined;
      if (!this.same.has(old)) continue;
      const moved = this.move(r);
      if (!moved) return undefined;
      out.push(moved);
    }
    for (const r of checkDirty()) {
      const j = unitAt(this.units, r.span.start);
      if (j < 0) return undefined;
      if (this.dirty.has(j)) out.push(r);
    }
    return out;
  }

  private move(r: Report): Report | undefined {
    const span = this.moveSpan(r.span);
    if (!span) return undefined;
    if (span.start === r.span.start && span.end === r.span.end && !r.related?.length) {
      carried.add(r);
      return r; // before the edit: nothing moves
    }
    const related = [];
    for (const rel of r.related ?? []) {
      if (rel.path !== undefined) {
        related.push(rel);
        continue;
      }
      const s = this.moveSpan(rel.span);
      if (!s) return undefined;
      related.push({ ...rel, span: s });
    }
    const moved: Report = { ...r, span, ...(r.related ? { related } : {}) };
    carried.add(moved);
    return moved;
  }

  private moveSpan(span: Span): Span | undefined {
    const start = moveOffset(this.change, span.start);
    const end = moveOffset(this.change, span.end, true);
    return start === undefined || end === undefined ? undefined : { start, end: Math.max(start, end) };
  }
}
