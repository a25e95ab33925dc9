/**
 * A Dockerfile's units for re-using findings between versions (rules/engine/units.ts): the prelude
 * (directives, global ARGs, comments before the first FROM), then each stage with the lines up to
 * the next FROM. A stage's key holds everything a unit-scoped rule may read about it: the prelude,
 * its own text, its position (index, final, in the final image's FROM chain), the text of the stages
 * it is built FROM, and which stages its `--from=` references name.
 */
import type { Flag, Instruction } from 'dockerfile-ast';
import type { Unit } from '../engine/units.js';
import { type DockerfileModel, type Stage, stageChain } from './dockerfile.js';

/** Per node: the nodes of unchanged stages are re-used from version to version, and so is this. */
const referencesOf = new WeakMap<Instruction, string[]>();

/** Stage names and indexes in `--from=` of COPY/ADD and `--mount=…,from=` of RUN (may hold a variable). */
function fromReferences(node: Instruction): string[] {
  let refs = referencesOf.get(node);
  if (!refs) referencesOf.set(node, (refs = readReferences(node)));
  return refs;
}

function readReferences(node: Instruction): string[] {
  const flags = (node as Instruction & { getFlags?(): Flag[] }).getFlags?.() ?? [];
  const refs: string[] = [];
  for (const f of flags) {
    const name = f.getName().toLowerCase();
    if (name === 'from') refs.push(f.getValue() ?? '');
    else if (name === 'mount') for (const o of f.getOptions()) if (o.getName().toLowerCase() === 'from') refs.push(o.getValue() ?? '');
  }
  return refs;
}

/**
 * What a stage's `--from=` references (COPY/ADD, RUN --mount) resolve to: which stages carry that
 * name or index. Unit rules read only whether a reference names a stage, never the other stage's
 * content, so the key holds the resolution and not the text.
 */
function referenceKey(model: DockerfileModel, stage: Stage, byName: Map<string, Stage[]>): string {
  const parts: string[] = [];
  for (const instr of stage.instructions) {
    if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD' && instr.keyword !== 'RUN') continue;
    for (const ref of fromReferences(instr.node)) {
      const named = (byName.get(ref.toLowerCase()) ?? []).map((s) => s.index);
      const indexed = /^\d+$/.test(ref) && model.stages[Number(ref)] ? [Number(ref)] : [];
      parts.push(`${ref}=${[...named, ...indexed].join(',')}`);
    }
  }
  return parts.join(';');
}

/**
 * A 64-bit-ish hash of a text (two 32-bit FNV-1a variants): keys hold hashes so that a stage read by
 * many others does not repeat its text in every key.
 */
function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}

export function dockerfileUnits(model: DockerfileModel): Unit[] {
  const { text } = model.file;
  const parsed = model.parsed.units;
  // One FROM per stage unit, always; should that ever not hold, one unit for the file (no re-use).
  if (parsed.length !== model.stages.length + 1) return [{ span: { start: 0, end: text.length }, key: text }];
  const hashes = parsed.map((u) => hashText(text.slice(u.start, u.end)));
  const byName = new Map<string, Stage[]>();
  for (const s of model.stages) if (s.name) byName.set(s.name.toLowerCase(), [...(byName.get(s.name.toLowerCase()) ?? []), s]);
  // Whether a stage ends up in the final image decides how serious some findings are (DF039, DF040).
  const finalChain = new Set(model.finalStage ? stageChain(model.finalStage) : []);
  const units: Unit[] = [{ span: { start: parsed[0].start, end: parsed[0].end }, key: `prelude ${hashes[0]}` }];
  model.stages.forEach((stage, i) => {
    // The FROM chain: a stage inherits USER, WORKDIR, SHELL, ENV… from the stages it is built on.
    const chain = stageChain(stage)
      .slice(1)
      .map((s) => `${s.index}:${hashes[s.index + 1]}`);
    const key = [
      hashes[0],
      i,
      stage === model.finalStage ? 'final' : finalChain.has(stage) ? 'in final image' : '',
      hashes[i + 1],
      referenceKey(model, stage, byName),
      ...chain,
    ].join(' ');
    units.push({ span: { start: parsed[i + 1].start, end: parsed[i + 1].end }, key });
  });
  return units;
}

/** The model a unit-scoped rule sees: only the changed units' instructions and stages (unit 0 is the prelude, unit i + 1 stage i). */
export function restrictDockerfile(model: DockerfileModel, dirty: ReadonlySet<number>): DockerfileModel {
  const units = model.parsed.units;
  return {
    ...model,
    textSpans: units.filter((_, i) => dirty.has(i)).map((u) => ({ start: u.start, end: u.end })),
    stages: model.stages.filter((s) => dirty.has(s.index + 1)),
    // The prelude's global ARGs stay: rules read them as context (their findings there are dropped unless it changed).
    instructions: model.instructions.filter((i) => !i.stage || dirty.has(i.stage.index + 1)),
  };
}
