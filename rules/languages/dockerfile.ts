import type { Dockerfile, Flag, From, Instruction, Property } from 'dockerfile-ast';
import type { ParseContext } from '../engine/language.js';
import { type ParsedDockerfile, parseUnits } from './dockerfile-reparse.js';
import type { SourceText } from '../engine/source.js';
import type { Span } from '../engine/types.js';
import { type ImageRef, parseImageRef } from './image-ref.js';
import { substitute } from './substitute.js';
import { firstNotBefore } from '../engine/sorted-search.js';

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
  | {
      kind: 'image';
      text: string;
      image: ImageRef | undefined;
      unknown: boolean;
      span: Span;
      /** What follows `@` when it is not a digest (`@sha256`, `@v1`): `image` is then the name and tag before it. */
      badDigest?: string;
    }
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
  /** What rules may ask the parser across stages (the nodes come from per-stage parses: see dockerfile-reparse.ts). */
  ast: Pick<Dockerfile, 'resolveVariable' | 'getDirectives' | 'getEscapeCharacter'>;
  /** The parse by stage, kept so the next version re-parses only the stage an edit falls in. */
  parsed: ParsedDockerfile;
  /** The parts of the text a rule reading raw text must scan: all of it, or the changed stages (see dockerfile-unit-keys.ts). */
  textSpans: Span[];
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

export function parseDockerfile(file: SourceText, context: ParseContext<DockerfileModel> = {}): DockerfileModel {
  const parsed = parseUnits(file, context.previous?.parsed);
  const ast = astOf(parsed);
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

  for (const node of parsed.units.flatMap((u) => u.instructions)) {
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
          globalArgs.set(p.getName(), globalArgValue(p.getValue(), globalArgs, escape));
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
    const resolved = substitute(raw, (name) => ast.resolveVariable(name, line) ?? globalArgs.get(name), escape, { quotes: 'words' });
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
    parsed,
    textSpans: [{ start: 0, end: file.text.length }],
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

/** Cross-stage questions go to the parse that holds the line (every parse includes the prelude). */
function astOf(parsed: ParsedDockerfile): DockerfileModel['ast'] {
  const { units } = parsed;
  const first = units[0].ast;
  // The last unit starting at or before the line (the first starts at line 0).
  const unitAt = (line: number) => units[Math.max(0, firstNotBefore(units.length, (i) => units[i].startLine <= line) - 1)];
  return {
    resolveVariable: (name, line) => unitAt(line).ast.resolveVariable(name, line),
    getDirectives: () => first.getDirectives(),
    getEscapeCharacter: () => first.getEscapeCharacter(),
  };
}

/** A global ARG default with the ARGs before it substituted (`ARG X=${X:-"v"}` is `v`); as written when something in it is unknown. */
function globalArgValue(raw: string | null, before: Map<string, string | null>, escape: string): string | null {
  if (raw === null || !raw.includes('$')) return raw;
  const r = substitute(raw, (name) => before.get(name), escape, { quotes: 'words' });
  return r.unknown ? raw : r.value;
}

function baseOf(file: SourceText, from: From, globalArgs: Map<string, string | null>, stagesByName: Map<string, Stage>, escape: string): StageBase {
  const range = from.getImageRange() ?? from.getRange();
  const span = spanOf(file, range);
  const raw = from.getImage() ?? '';
  const { value, unknown } = substitute(raw, (name) => globalArgs.get(name), escape, { quotes: 'words' });
  const earlier = stagesByName.get(value.toLowerCase());
  if (earlier && !unknown) return { kind: 'stage', stage: earlier, span };
  if (value.toLowerCase() === 'scratch') return { kind: 'scratch', span };
  const image = unknown ? undefined : parseImageRef(value);
  if (!unknown && !image) {
    // `name:tag@sha256` or `name@v1`: not a reference (the build fails, DF051), and pinned by nothing.
    const at = value.indexOf('@');
    const named = at > 0 ? parseImageRef(value.slice(0, at)) : undefined;
    if (named) return { kind: 'image', text: value, image: named, unknown, span, badDigest: value.slice(at + 1) };
  }
  return { kind: 'image', text: value, image, unknown, span };
}

/**
 * The heredocs of a RUN, COPY or ADD as dockerfile-ast reads them; undefined when it cannot (its
 * getHeredocs throws on a line continuation in an unterminated heredoc, or before a lone CR).
 */
export function heredocsOf(node: Instruction): import('dockerfile-ast').Heredoc[] | undefined {
  const withHeredocs = node as Instruction & { getHeredocs?(): import('dockerfile-ast').Heredoc[] };
  try {
    return withHeredocs.getHeredocs?.() ?? [];
  } catch {
    return undefined;
  }
}

function runInfo(file: SourceText, instr: DInstruction): RunInfo {
  const node = instr.node as Instruction & { getFlags?(): Flag[] };
  const flags = (node.getFlags?.() ?? []).map((f) => flagInfo(file, f));
  let flagInsertAt = instr.keywordSpan.end;
  while (flagInsertAt < instr.span.end && /[ \t]/.test(file.text[flagInsertAt])) flagInsertAt++;
  const scriptStartBase = flags.length ? flags[flags.length - 1].span.end : instr.keywordSpan.end;
  let scriptStart = scriptStartBase;
  while (scriptStart < instr.span.end && /\s/.test(file.text[scriptStart])) scriptStart++;
  const scriptSpan = { start: scriptStart, end: instr.span.end };
  const heredocs = (heredocsOf(node) ?? []).map((h) => {
    const r = h.getContentRange();
    return { name: h.getName(), contentSpan: r ? spanOf(file, r) : undefined };
  });
  return { instr, flags, flagInsertAt, script: file.text.slice(scriptSpan.start, scriptSpan.end), scriptSpan, heredocs };
}

// ---------------------------------------------------------------------------------------------
// Helpers over the model for rules that read FROM, CMD/ENTRYPOINT, EXPOSE, VOLUME, WORKDIR and
// ONBUILD. Pure functions: they add nothing to the model and change none of its behaviour.

/** ARGs BuildKit defines in the global scope, so a FROM may use them without declaring them. */
export const PREDEFINED_PLATFORM_ARGS: ReadonlySet<string> = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
]);

/**
 * The stage and the stages it is built FROM (`FROM <stage>`), nearest first; stops at a cycle, and
 * before the first stage `stop` accepts (a caller that remembers what it found for some stages).
 */
export function stageChain(stage: Stage, stop?: (s: Stage) => boolean): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !seen.has(s) && !stop?.(s); s = s.base.kind === 'stage' ? s.base.stage : undefined) {
    seen.add(s);
    chain.push(s);
  }
  return chain;
}

/** True when the stage ends up in the final image: it is the final stage or one the final stage is built FROM. */
export function reachesFinalImage(model: DockerfileModel, stage: Stage | undefined): boolean {
  return !!stage && !!model.finalStage && stageChain(model.finalStage).includes(stage);
}

/** The instruction an ONBUILD runs in images built FROM this one; undefined for anything else or a half-typed ONBUILD. */
export function onbuildTrigger(instr: DInstruction): Instruction | undefined {
  if (instr.keyword !== 'ONBUILD') return undefined;
  const node = instr.node as Instruction & { getTriggerInstruction?(): Instruction | null };
  return node.getTriggerInstruction?.() ?? undefined;
}

/**
 * The instruction of one of `keywords` that `instr` is, or the one its ONBUILD adds to child images
 * (`ONBUILD EXPOSE 22` for EXPOSE), with its keyword and which of the two it is; undefined otherwise
 * (a half-typed ONBUILD too).
 */
export function ownOrTrigger<K extends string>(instr: DInstruction, ...keywords: K[]): { node: Instruction; keyword: K; onbuild: boolean } | undefined {
  if ((keywords as string[]).includes(instr.keyword)) return { node: instr.node, keyword: instr.keyword as K, onbuild: false };
  const trigger = onbuildTrigger(instr);
  const keyword = trigger?.getKeyword().toUpperCase() as K;
  return trigger && keywords.includes(keyword) ? { node: trigger, keyword, onbuild: true } : undefined;
}

/** An ARG or ENV: the instruction itself, or the one an ONBUILD adds to child images. */
export interface ArgOrEnvDeclaration {
  /** The ARG/ENV node: `instr.node`, or the ONBUILD's trigger. */
  node: Instruction;
  keyword: 'ARG' | 'ENV';
  /** Its `NAME[=value]` pairs, in order. */
  properties: Property[];
  /** It is an ONBUILD's trigger: it sets the variable in images built FROM this one, not in this one. */
  onbuild: boolean;
}

/**
 * The ARG/ENV `instr` declares, looking through ONBUILD (`ONBUILD ENV A=1` gives the ENV, with
 * `onbuild`); undefined for any other instruction and for a half-typed ONBUILD.
 */
export function argOrEnvDeclaration(instr: DInstruction): ArgOrEnvDeclaration | undefined {
  const found = ownOrTrigger(instr, 'ARG', 'ENV');
  if (!found) return undefined;
  const properties = (found.node as Instruction & { getProperties?(): Property[] }).getProperties?.() ?? [];
  return { ...found, properties };
}

/** One argument of an instruction as written (quotes kept), with its place in the file. */
export interface ArgumentWord {
  value: string;
  span: Span;
}

/** The arguments of an instruction (flags excluded), across line continuations and comment lines. */
export function instructionArguments(file: SourceText, node: Instruction): ArgumentWord[] {
  return node.getArguments().map((a) => ({ value: a.getValue(), span: file.spanOf(a.getRange()) }));
}

/**
 * The exec (JSON) form of an instruction's arguments as docker reads it: a JSON array of strings,
 * or undefined when the arguments are in shell form (docker then runs them with the SHELL). Like
 * docker, anything that is not a valid array of strings — `["a"`, `[1]`, `[a]` — is shell form.
 */
export function execForm(node: Instruction): string[] | undefined {
  const text = node.getArgumentsContent()?.trim() ?? '';
  if (!text.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `$VAR`, `${VAR:-default}`… in `text` resolved as docker would at `instr`: the stage's ENV and ARG
 * before it, a stage `ARG NAME` without value taking the global default. `unknown` says a variable
 * had no known value (a build argument without default, an ENV of the base image).
 */
export function resolveAt(model: DockerfileModel, instr: DInstruction, text: string): { value: string; unknown: boolean } {
  if (!instr.stage && instr.keyword !== 'FROM') return substitute(text, (name) => globalArgBefore(model, instr, name), model.escape, { quotes: 'words' });
  const line = model.file.positionAt(instr.span.start).line;
  return substitute(text, (name) => model.ast.resolveVariable(name, line), model.escape, { quotes: 'words' });
}

/**
 * A global ARG declared before `instr` (null: declared without a value). Looked up here because
 * dockerfile-ast's resolveVariable recurses forever on a line before the first FROM when the first
 * instruction does not start its line (a BOM or a blank in front).
 */
function globalArgBefore(model: DockerfileModel, instr: DInstruction, name: string): string | null | undefined {
  let value: string | null | undefined;
  for (const i of model.instructions) {
    if (i === instr || i.keyword === 'FROM') break;
    if (i.keyword !== 'ARG') continue;
    for (const p of (i.node as unknown as { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties()) {
      if (p.getName() === name) value = p.getValue();
    }
  }
  return value;
}

/**
 * An EXPOSE port as BuildKit splits it (`[ip:][hostPort:]containerPort[/proto]`); more than two
 * colons mean an IPv6 address in front. `ip`/`hostPort` are set only when written.
 */
export function splitPortSpec(spec: string): { ip?: string; hostPort?: string; containerPort: string; proto?: string } {
  const parts = spec.split(':');
  let ip: string | undefined;
  let hostPort: string | undefined;
  let container: string;
  if (parts.length === 1) container = parts[0];
  else if (parts.length === 2) [hostPort, container] = parts;
  else {
    container = parts[parts.length - 1];
    hostPort = parts[parts.length - 2];
    ip = parts.slice(0, -2).join(':');
  }
  const slash = container.indexOf('/');
  const proto = slash < 0 ? undefined : container.slice(slash + 1);
  const containerPort = slash < 0 ? container : container.slice(0, slash);
  return { ...(ip !== undefined ? { ip } : {}), ...(hostPort !== undefined ? { hostPort } : {}), containerPort, ...(proto !== undefined ? { proto } : {}) };
}
