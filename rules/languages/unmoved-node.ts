import type { Instruction } from 'dockerfile-ast';
import type { Span } from '../engine/types.js';
import type { DInstruction, DockerfileModel } from './dockerfile.js';

/**
 * A view of one instruction built from its text and offsets (a RUN's shell, a COPY's sources),
 * kept across versions: the parser re-uses the nodes of unchanged stages (dockerfile-reparse.ts),
 * and where such a node has not moved in the text, its view is the same — rebound to this
 * version's instruction. `reusable` can refuse a view that also read other instructions.
 */
export function unmovedNodeMemo<View extends { instr: DInstruction }>(
  build: (model: DockerfileModel, instr: DInstruction) => View | undefined,
  reusable: (view: View, model: DockerfileModel, instr: DInstruction) => boolean = () => true,
): (model: DockerfileModel, instr: DInstruction) => View | undefined {
  const byNode = new WeakMap<Instruction, { span: Span; escape: string; view: View | undefined }>();
  return (model, instr) => {
    const kept = byNode.get(instr.node);
    const unmoved = kept && kept.span.start === instr.span.start && kept.span.end === instr.span.end && kept.escape === model.escape;
    if (unmoved && (!kept.view || reusable(kept.view, model, instr))) return kept.view && { ...kept.view, instr };
    const view = build(model, instr);
    byNode.set(instr.node, { span: instr.span, escape: model.escape, view });
    return view;
  };
}
