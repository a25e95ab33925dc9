import type { Instruction } from 'dockerfile-ast';
import type { SourceText } from '../engine/source.js';
import type { Span } from '../engine/types.js';
import type { DInstruction, DockerfileModel } from './dockerfile.js';

/**
 * A view of one instruction built from its text and offsets (a RUN's shell, a COPY's sources),
 * kept across versions: the parser re-uses the nodes of unchanged stages (dockerfile-reparse.ts),
 * and where such a node has not moved in the text, its view is the same — rebound to this
 * version's instruction. `reusable` can refuse a view that also read other instructions.
 *
 * With `shift`, a view is also re-used where the same text moved: a re-used node after an edit in
 * another stage (every keystroke moves the stages after it), or an unchanged instruction of the
 * stage being edited (re-parsed with its stage, so a new node, found by its text). Its view is the
 * old one with every offset moved, instead of a new parse.
 */
export function unmovedNodeMemo<View extends { instr: DInstruction }>(
  build: (model: DockerfileModel, instr: DInstruction) => View | undefined,
  reusable: (view: View, model: DockerfileModel, instr: DInstruction) => boolean = () => true,
  shift?: (view: View, delta: number, instr: DInstruction) => View,
): (model: DockerfileModel, instr: DInstruction) => View | undefined {
  type Kept = { span: Span; escape: string; view: View | undefined };
  const byNode = new WeakMap<Instruction, Kept>();
  // By text, per file: the views of the version being linted and of the one before it (a view
  // older than that is never asked for again; holding every version typed would hold megabytes).
  const byPath = new Map<string, { file: SourceText; current: Map<string, Kept>; previous: Map<string, Kept> }>();
  const textsOf = (model: DockerfileModel) => {
    let t = byPath.get(model.file.path);
    if (!t) {
      if (byPath.size >= 64) byPath.clear();
      byPath.set(model.file.path, (t = { file: model.file, current: new Map(), previous: new Map() }));
    } else if (t.file !== model.file) {
      t.file = model.file;
      t.previous = t.current;
      t.current = new Map();
    }
    return t;
  };
  const textOf = (model: DockerfileModel, instr: DInstruction) => `${model.escape}\0${model.file.text.slice(instr.span.start, instr.span.end)}`;
  return (model, instr) => {
    let kept = byNode.get(instr.node);
    let sameText = kept && kept.escape === model.escape && kept.span.end - kept.span.start === instr.span.end - instr.span.start;
    const texts = shift ? textsOf(model) : undefined;
    const text = texts && !sameText ? textOf(model, instr) : undefined;
    // Looked up by text only in an editor's re-parse of one stage (the stage's unchanged instructions
    // are new nodes): a file parsed whole owes nothing to the version before it.
    if (!sameText && text !== undefined && model.parsed.how !== 'full') {
      kept = texts!.current.get(text) ?? texts!.previous.get(text);
      sameText = kept !== undefined;
    }
    const delta = kept ? instr.span.start - kept.span.start : 0;
    let view: View | undefined;
    if (sameText && (delta === 0 || shift) && (!kept!.view || reusable(kept!.view, model, instr))) {
      if (delta === 0) {
        byNode.set(instr.node, kept!);
        if (texts) texts.current.set(text ?? textOf(model, instr), kept!);
        return kept!.view && { ...kept!.view, instr };
      }
      view = kept!.view && { ...shift!(kept!.view, delta, instr), instr };
    } else {
      view = build(model, instr);
    }
    const entry: Kept = { span: instr.span, escape: model.escape, view };
    byNode.set(instr.node, entry);
    if (texts) texts.current.set(text ?? textOf(model, instr), entry);
    return view;
  };
}
