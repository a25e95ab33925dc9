import { DockerfileParser, type Dockerfile, type Flag, type From, type Instruction } from 'dockerfile-ast';
import type { LanguageSupport } from '../engine/language.js';
import type { SourceText } from '../engine/source.js';
import type { Span } from '../engine/types.js';
import { type ImageRef, parseImageRef } from './image-ref.js';
import { substitute } from './substitute.js';

/** One instruction of the file, with its place in the stage structure. */
export interface DInstruction {
  node: Instruction;
  /** Upper-cased keyword: FROM, RUN, USER… */
  keyword: string;
  span: Span;
  keywordSpan: Span;
  /** Undefined for instructions before the first FROM (global ARGs). */
  stage: Stage | undefined;
}

export type StageBase =
  | { kind: 'image'; text: string; image: ImageRef | undefined; unknown: boolean; span: Span }
  | { kind: 'stage'; stage: Stage; span: Span }
  | { kind: 'scratch'; span: Span };

export interface Stage {
  index: number;
  name: string | undefined;
  from: DInstruction;
  base: StageBase;
  /** Instructions after the FROM, up to the next FROM. */
  instructions: DInstruction[];
  span: Span;
}

export interface UserSetting {
  /** The USER value after substitution (may still hold `$VAR` when unknown). */
  value: string;
  user: string;
  group: string | undefined;
  /** true: root; false: not root; undefined: cannot be known (unresolved variable). */
  isRoot: boolean | undefined;
  instr: DInstruction;
}

export interface FlagInfo {
  name: string;
  value: string | null;
  span: Span;
  options: Map<string, string | null>;
}

export interface RunInfo {
  instr: DInstruction;
  flags: FlagInfo[];
  /** Offset right after the `RUN ` keyword and its white space: where new flags go. */
  flagInsertAt: number;
  /** The shell text after the flags, heredoc bodies included. */
  script: string;
  scriptSpan: Span;
  heredocs: { name: string; contentSpan: Span | undefined }[];
}

export interface DockerfileModel {
  file: SourceText;
  ast: Dockerfile;
  escape: string;
  directives: { name: string; value: string; span: Span }[];
  instructions: DInstruction[];
  globalArgs: Map<string, string | null>;
  stages: Stage[];
  finalStage: Stage | undefined;
  /** USER in force when `instr` runs (own stage, else inherited from a parent stage); undefined = base image default. */
  userAt(instr: DInstruction): UserSetting | undefined;
  /** USER in force at the end of the stage. */
  stageUser(stage: Stage): UserSetting | undefined;
  /** The external image a stage ultimately builds on (follows `FROM <stage>`). */
  rootBase(stage: Stage): StageBase;
  run(instr: DInstruction): RunInfo;
  instructionAtLine(line: number): DInstruction | undefined;
}

function spanOf(file: SourceText, r: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
  return file.spanOf(r);
}

function flagInfo(file: SourceText, f: Flag): FlagInfo {
  const options = new Map<string, string | null>();
  for (const o of f.getOptions()) options.set(o.getName().toLowerCase(), o.getValue());
  return { name: f.getName().toLowerCase(), value: f.getValue(), span: spanOf(file, f.getRange()), options };
}

function parseUser(value: string): { user: string; group: string | undefined } {
  const i = value.indexOf(':');
  return i < 0 ? { user: value, group: undefined } : { user: value.slice(0, i), group: value.slice(i + 1) };
}

export function parseDockerfile(file: SourceText): DockerfileModel {
  const ast = DockerfileParser.parse(file.text);
  const escape = ast.getEscapeCharacter();
  const directives = ast.getDirectives().map((d) => ({
    name: d.getName().toLowerCase(),
    value: d.getValue(),
    span: spanOf(file, d.getRange()),
  }));

  const instructions: DInstruction[] = [];
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string | null>();
  const stagesByName = new Map<string, Stage>();
  let current: Stage | undefined;

  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    const instr: DInstruction = {
      node,
      keyword,
      span: spanOf(file, node.getRange()),
      keywordSpan: spanOf(file, node.getInstructionRange()),
      stage: undefined,
    };
    instructions.push(instr);
    if (keyword === 'FROM') {
      const from = node as From;
      const name = from.getBuildStage() ?? undefined;
      current = {
        index: stages.length,
        name,
        from: instr,
        base: baseOf(file, from, globalArgs, stagesByName, escape),
        instructions: [],
        span: { ...instr.span },
      };
      instr.stage = current;
      stages.push(current);
      if (name) stagesByName.set(name.toLowerCase(), current);
      continue;
    }
    if (!current) {
      if (keyword === 'ARG') {
        for (const p of (node as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
          globalArgs.set(p.getName(), p.getValue());
        }
      }
      continue;
    }
    instr.stage = current;
    current.instructions.push(instr);
    current.span.end = instr.span.end;
  }

  const userCache = new Map<Stage, UserSetting | undefined>();
  const runCache = new Map<DInstruction, RunInfo>();

  const userFrom = (instr: DInstruction): UserSetting | undefined => {
    const raw = instr.node.getArgumentsContent()?.trim() ?? '';
    const line = file.positionAt(instr.span.start).line;
    const resolved = substitute(raw, (name) => ast.resolveVariable(name, line) ?? globalArgs.get(name), escape);
    const { user, group } = parseUser(resolved.value);
    const isRoot = resolved.unknown ? undefined : user === 'root' || user === '0';
    return { value: resolved.value, user, group, isRoot, instr };
  };

  const stageUser = (stage: Stage, seen = new Set<Stage>()): UserSetting | undefined => {
    if (userCache.has(stage)) return userCache.get(stage);
    let result: UserSetting | undefined;
    for (let i = stage.instructions.length - 1; i >= 0; i--) {
      if (stage.instructions[i].keyword === 'USER') {
        result = userFrom(stage.instructions[i]);
        break;
      }
    }
    if (!result && stage.base.kind === 'stage' && !seen.has(stage)) {
      seen.add(stage);
      result = stageUser(stage.base.stage, seen);
    }
    userCache.set(stage, result);
    return result;
  };

  const model: DockerfileModel = {
    file,
    ast,
    escape,
    directives,
    instructions,
    globalArgs,
    stages,
    finalStage: stages[stages.length - 1],
    stageUser: (stage) => stageUser(stage),
    userAt(instr) {
      const stage = instr.stage;
      if (!stage) return undefined;
      const idx = stage.instructions.indexOf(instr);
      for (let i = (idx < 0 ? stage.instructions.length : idx) - 1; i >= 0; i--) {
        if (stage.instructions[i].keyword === 'USER') return userFrom(stage.instructions[i]);
      }
      return stage.base.kind === 'stage' ? stageUser(stage.base.stage) : undefined;
    },
    rootBase(stage) {
      let s = stage;
      const seen = new Set<Stage>();
      while (s.base.kind === 'stage' && !seen.has(s)) {
        seen.add(s);
        s = s.base.stage;
      }
      return s.base;
    },
    run(instr) {
      let info = runCache.get(instr);
      if (!info) runCache.set(instr, (info = runInfo(file, instr)));
      return info;
    },
    instructionAtLine(line) {
      const offset = file.lineStarts[line];
      if (offset === undefined) return undefined;
      const end = file.lineEnd(line);
      // Binary search over instructions sorted by start.
      let lo = 0;
      let hi = instructions.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const s = instructions[mid].span;
        if (s.end < offset) lo = mid + 1;
        else if (s.start > end) hi = mid - 1;
        else return instructions[mid];
      }
      return undefined;
    },
  };
  return model;
}

function baseOf(
  file: SourceText,
  from: From,
  globalArgs: Map<string, string | null>,
  stagesByName: Map<string, Stage>,
  escape: string,
): StageBase {
  const range = from.getImageRange() ?? from.getRange();
  const span = spanOf(file, range);
  const raw = from.getImage() ?? '';
  const { value, unknown } = substitute(raw, (name) => globalArgs.get(name), escape);
  const earlier = stagesByName.get(value.toLowerCase());
  if (earlier && !unknown) return { kind: 'stage', stage: earlier, span };
  if (value.toLowerCase() === 'scratch') return { kind: 'scratch', span };
  return { kind: 'image', text: value, image: unknown ? undefined : parseImageRef(value), unknown, span };
}

function runInfo(file: SourceText, instr: DInstruction): RunInfo {
  const node = instr.node as Instruction & { getFlags?(): Flag[]; getHeredocs?(): import('dockerfile-ast').Heredoc[] };
  const flags = (node.getFlags?.() ?? []).map((f) => flagInfo(file, f));
  let flagInsertAt = instr.keywordSpan.end;
  while (flagInsertAt < instr.span.end && /[ \t]/.test(file.text[flagInsertAt])) flagInsertAt++;
  const scriptStartBase = flags.length ? flags[flags.length - 1].span.end : instr.keywordSpan.end;
  let scriptStart = scriptStartBase;
  while (scriptStart < instr.span.end && /\s/.test(file.text[scriptStart])) scriptStart++;
  const scriptSpan = { start: scriptStart, end: instr.span.end };
  const heredocs = (node.getHeredocs?.() ?? []).map((h) => {
    const r = h.getContentRange();
    return { name: h.getName(), contentSpan: r ? spanOf(file, r) : undefined };
  });
  return { instr, flags, flagInsertAt, script: file.text.slice(scriptSpan.start, scriptSpan.end), scriptSpan, heredocs };
}

export const dockerfileLanguage: LanguageSupport<DockerfileModel> = {
  id: 'dockerfile',
  parse: parseDockerfile,
  statementStart(model, line) {
    const instr = model.instructionAtLine(line);
    return instr ? model.file.positionAt(instr.span.start).line : line;
  },
};
