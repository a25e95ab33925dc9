/**
 * Which instruction declared a variable that an instruction reads: the last ARG or ENV before it in
 * its stage, else the last one in the stages it is built FROM, nearest first (ONBUILD ones set it
 * in child images only, so they do not count). Each stage is indexed once, and the answer for a
 * stage's parents is kept per name, so a rule asking for each of many RUNs reads the file once.
 */
import { argOrEnvDeclaration, type DInstruction, type Stage } from './dockerfile.js';
import { firstNotBefore } from '../engine/sorted-search.js';

export type DeclarationKind = 'ARG' | 'ENV';

interface Declared {
  /** Where the declaring instruction starts (a stage's instructions are in file order). */
  start: number;
  kind: DeclarationKind;
}

export class VariableDeclarations {
  private readonly byStage = new Map<Stage, Map<string, Declared[]>>();
  /** Per stage and name: the last declaration in the stages it is built FROM (undefined: none). */
  private readonly inherited = new Map<Stage, Map<string, DeclarationKind | undefined>>();

  /** ARG or ENV: what last declared `name` before `instr` runs; undefined when nothing did (or before the first FROM). */
  kindBefore(instr: DInstruction, name: string): DeclarationKind | undefined {
    const stage = instr.stage;
    if (!stage) return undefined;
    const own = this.declarationsIn(stage).get(name);
    const before = own ? lastBefore(own, instr.span.start) : undefined;
    return before ? before.kind : this.inheritedBy(stage, name);
  }

  private declarationsIn(stage: Stage): Map<string, Declared[]> {
    let byName = this.byStage.get(stage);
    if (byName) return byName;
    byName = new Map();
    for (const instr of stage.instructions) {
      const decl = argOrEnvDeclaration(instr);
      if (!decl || decl.onbuild) continue;
      for (const p of decl.properties) {
        const list = byName.get(p.getName());
        const entry = { start: instr.span.start, kind: decl.keyword };
        if (!list) byName.set(p.getName(), [entry]);
        else if (list[list.length - 1].start !== entry.start) list.push(entry);
      }
    }
    this.byStage.set(stage, byName);
    return byName;
  }

  /** The last declaration of `name` in the stages `stage` is built FROM, walking up to the first stage that declares it or was asked before. */
  private inheritedBy(stage: Stage, name: string): DeclarationKind | undefined {
    const walked: Stage[] = [];
    const seen = new Set<Stage>([stage]);
    let kind: DeclarationKind | undefined;
    for (let s = stage; ; ) {
      const known = this.inherited.get(s);
      if (known?.has(name)) {
        kind = known.get(name);
        break;
      }
      walked.push(s);
      const parent = s.base.kind === 'stage' ? s.base.stage : undefined;
      if (!parent || seen.has(parent)) break;
      seen.add(parent);
      const declared = this.declarationsIn(parent).get(name);
      if (declared) {
        kind = declared[declared.length - 1].kind;
        break;
      }
      s = parent;
    }
    // Every stage walked past declares nothing of the name itself: they all inherit the same answer.
    for (const s of walked) {
      let known = this.inherited.get(s);
      if (!known) this.inherited.set(s, (known = new Map()));
      known.set(name, kind);
    }
    return kind;
  }
}

/** The last entry that starts before `offset` (entries in file order). */
function lastBefore(list: Declared[], offset: number): Declared | undefined {
  const after = firstNotBefore(list.length, (i) => list[i].start < offset);
  return after > 0 ? list[after - 1] : undefined;
}
