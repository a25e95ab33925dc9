import type { Instruction } from 'dockerfile-ast';
import type { Span } from '../engine/types.js';
import type { SourceText } from '../engine/source.js';
import { stateAt } from './image-paths.js';
import { argumentWords, commandName, shellScriptWord } from './shell-names.js';
import { commandsWhere } from './shell-index.js';
import { allCommands, readDockerShell, readOtherShell, readScript } from './shell-read.js';
import { ShellSource } from './shell-source.js';
import type { ShellCommand, ShellHeredoc, ShellWord } from './shell-types.js';
import { unmovedNodeMemo } from './unmoved-node.js';
import { type DInstruction, type DockerfileModel, type FlagInfo, type Stage, execForm, ownOrTrigger } from './dockerfile.js';

/**
 * The shell model of RUN scripts (and CMD/ENTRYPOINT in shell form): commands and their words,
 * read with the bash grammar (shell-read.ts) from the text the Dockerfile parser hands the shell
 * (shell-source.ts). Rules find commands by name, read their options with `parseArgs`, and follow
 * pipelines, redirections and heredocs. Nothing is evaluated.
 */
export type { CompoundKind, ShellCommand, ShellHeredoc, ShellRedirect, ShellWord } from './shell-types.js';
export { argumentWords, commandName, readsScriptFromStdin, shellScriptWord, SHELLS } from './shell-names.js';
export { commandsNamed, commandsWhere } from './shell-index.js';
export { allCommands } from './shell-read.js';

/** Moves every span of `list` by `delta`, once: a redirection's word and its record share one span object (`2>&1`, `<<EOF`). */
function shiftSpans(list: readonly ShellCommand[], delta: number): void {
  const moved = new Set<Span>();
  const move = (sp: Span) => {
    if (moved.has(sp)) return;
    moved.add(sp);
    sp.start += delta;
    sp.end += delta;
  };
  for (const c of allCommands(list)) {
    move(c.span);
    for (const w of c.words) move(w.span);
    for (const r of c.redirects) move(r.span);
    for (const h of c.heredocs) move(h.bodySpan);
  }
}

/**
 * The commands of an instruction's shell text (`script`, found at `baseOffset` in the file), read as
 * the Dockerfile parser hands it to the shell: continuations with `escape`, comment lines inside
 * them, heredocs after the command line.
 */
export function parseShell(script: string, baseOffset = 0, escape = '\\'): ShellCommand[] {
  const commands = readDockerShell(script, { start: 0, end: script.length }, escape);
  if (baseOffset) shiftSpans(commands, baseOffset);
  return commands;
}

/** The commands of a plain shell script (a file's text, not a Dockerfile instruction). */
export function parseScript(script: string, baseOffset = 0): ShellCommand[] {
  return readScript(new ShellSource(script, baseOffset));
}

/** The commands of the pipeline that holds `commands[i]` (`a | b | c`), in order. */
export function pipelineOf(commands: readonly ShellCommand[], i: number): ShellCommand[] {
  let first = i;
  while (first > 0 && (commands[first].after === '|' || commands[first].after === '|&')) first--;
  let last = i;
  while (last + 1 < commands.length && (commands[last + 1].after === '|' || commands[last + 1].after === '|&')) last++;
  return commands.slice(first, last + 1);
}

// ---------------------------------------------------------------------------------------------
// Options of a command's words

export interface ShellOption {
  /** `-k`, `--insecure`, `-o` (a letter of a group like `-fsSLk` is reported as `-k`). */
  name: string;
  /** The value: `--opt=value`, `-ovalue`, or the next word for options that take one. */
  value: string | undefined;
  /** The word holding the option. */
  word: ShellWord;
  /** The separate word holding the value, if any. */
  valueWord?: ShellWord;
  /** For a letter of a group of short options (`-fsSLk`): its index in the word's value. */
  letter?: number;
}

export interface ParsedArgs {
  options: ShellOption[];
  /** Words that are not options or option values. */
  operands: ShellWord[];
}

export interface ArgSpec {
  /** Options that take a value (`-o`, `--output`). Long options always accept `--opt=value`. */
  withValue?: Iterable<string>;
  /** Short options may be grouped (`-fsSL`); default true. */
  grouped?: boolean;
  /** Options stop at the first operand (like `sh -c`, `xargs cmd`); default false (GNU order). */
  stopAtOperand?: boolean;
}

/**
 * Parses options the way GNU getopt does: `--name=value`, `--name value` and `-x value` for options
 * taking a value, grouped short flags (`-fsSLk` → `-f -s -S -L -k`), `-ovalue`, and `--` ending options.
 * Redirection words are skipped.
 */
export function parseArgs(words: readonly ShellWord[], spec: ArgSpec = {}): ParsedArgs {
  const withValue = spec.withValue instanceof Set ? (spec.withValue as Set<string>) : new Set(spec.withValue ?? []);
  const grouped = spec.grouped ?? true;
  const options: ShellOption[] = [];
  const operands: ShellWord[] = [];
  let optionsDone = false;
  const list = words.filter((w) => !w.redirect);
  for (let i = 0; i < list.length; i++) {
    const word = list[i];
    const v = word.value;
    if (optionsDone || v === '-' || !v.startsWith('-')) {
      operands.push(word);
      if (spec.stopAtOperand) optionsDone = true;
      continue;
    }
    if (v === '--') {
      optionsDone = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq > 0) {
        options.push({ name: v.slice(0, eq), value: v.slice(eq + 1), word });
      } else if (withValue.has(v) && i + 1 < list.length) {
        options.push({ name: v, value: list[i + 1].value, word, valueWord: list[i + 1] });
        i++;
      } else {
        options.push({ name: v, value: undefined, word });
      }
      continue;
    }
    if (!grouped || v.length === 2) {
      const eq = v.indexOf('=');
      const name = eq > 0 && !grouped ? v.slice(0, eq) : v;
      if (eq > 0 && !grouped) options.push({ name, value: v.slice(eq + 1), word });
      else if (withValue.has(name) && i + 1 < list.length) {
        options.push({ name, value: list[i + 1].value, word, valueWord: list[i + 1] });
        i++;
      } else options.push({ name, value: undefined, word });
      continue;
    }
    // A group of short options: each letter is one, until one that takes a value.
    for (let k = 1; k < v.length; k++) {
      const name = `-${v[k]}`;
      if (withValue.has(name)) {
        const rest = v.slice(k + 1);
        if (rest) options.push({ name, value: rest.startsWith('=') ? rest.slice(1) : rest, word, letter: k });
        else if (i + 1 < list.length) {
          options.push({ name, value: list[i + 1].value, word, valueWord: list[i + 1], letter: k });
          i++;
        } else options.push({ name, value: undefined, word, letter: k });
        break;
      }
      options.push({ name, value: undefined, word, letter: k });
    }
  }
  return { options, operands };
}

/** The options whose name is one of `names`. */
export function findOptions(parsed: ParsedArgs, ...names: string[]): ShellOption[] {
  return parsed.options.filter((o) => names.includes(o.name));
}

/** Offset in the file of character `index` of a word's value, when the word is written plainly or in one pair of quotes. */
export function offsetInWord(text: string, word: ShellWord, index: number): number | undefined {
  const raw = text.slice(word.span.start, word.span.end);
  if (raw === word.value) return word.span.start + index;
  if (raw.length === word.value.length + 2 && (raw[0] === "'" || raw[0] === '"') && raw[raw.length - 1] === raw[0] && raw.slice(1, -1) === word.value) {
    return word.span.start + 1 + index;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Dockerfile RUN (and CMD/ENTRYPOINT) scripts

/** The shell view of one RUN (or `ONBUILD RUN`) instruction. */
export interface RunShell {
  /** The RUN instruction, or the ONBUILD that triggers it. */
  instr: DInstruction;
  onbuild: boolean;
  flags: FlagInfo[];
  /** JSON (exec) form: one command whose words are the array's strings. */
  exec: boolean;
  scriptSpan: Span;
  /**
   * The program of a SHELL in force that is not a POSIX shell (`powershell`, `cmd`; also a Windows
   * base image's default `cmd`): its scripts are read only as words (`readOtherShell`), never as bash.
   */
  otherShell?: string;
  /** Top-level commands, in order. */
  commands: ShellCommand[];
  /** Every command including nested ones (`$(…)`, `sh -c`, compound bodies), depth first. */
  all: ShellCommand[];
}

/** Per version of the file (a model and its restricted views share it). */
const runCache = new WeakMap<SourceText, Map<DInstruction, RunShell | null>>();

type RunNode = Instruction & {
  getFlags?(): import('dockerfile-ast').Flag[];
  getOpeningBracket?(): unknown;
  getClosingBracket?(): unknown;
  getJSONStrings?(): { getRange(): import('vscode-languageserver-types').Range }[];
};

/** Exec form: the array's strings as words (JSON-decoded from the text), or undefined when not valid JSON form. */
function execWords(model: DockerfileModel, node: RunNode): ShellWord[] | undefined {
  if (!node.getOpeningBracket?.() || !node.getClosingBracket?.()) return undefined;
  const strings = node.getJSONStrings?.() ?? [];
  if (!strings.length) return undefined;
  const words: ShellWord[] = [];
  for (const s of strings) {
    const span = model.file.spanOf(s.getRange());
    try {
      const value: unknown = JSON.parse(model.file.text.slice(span.start, span.end));
      if (typeof value !== 'string') return undefined;
      words.push({ value, span });
    } catch {
      return undefined;
    }
  }
  return words;
}

function execCommand(_model: DockerfileModel, words: ShellWord[]): ShellCommand[] {
  const cmd: ShellCommand = {
    words,
    span: { start: words[0].span.start, end: words[words.length - 1].span.end },
    after: undefined,
    redirects: [],
    heredocs: [],
    nested: [],
    nameMemo: undefined,
    argsMemo: undefined,
  };
  const script = shellScriptWord(cmd);
  if (script) {
    // Offsets are exact when the JSON string has no escapes; otherwise they start at the string.
    for (const inner of readScript(new ShellSource(script.value, script.span.start + 1), 1)) {
      if (!inner.parent) inner.parent = cmd;
      cmd.nested.push(inner);
    }
  }
  return [cmd];
}

const OTHER_SHELLS = /^(?:pwsh|powershell|cmd)(?:\.exe)?$/i;

/** The SHELL program in force at `instr` when it is not a POSIX shell (a Windows stage without SHELL runs `cmd`). */
export function otherShellAt(model: DockerfileModel, instr: DInstruction): string | undefined {
  const shell = stateAt(model, instr).shell;
  if (shell) {
    const program = execForm(shell.node)?.[0]?.split(/[\\/]/).pop();
    return program && OTHER_SHELLS.test(program) ? program : undefined;
  }
  const stage = instr.stage;
  if (!stage) return undefined;
  const base = model.rootBase(stage);
  return base.kind === 'image' && /windows|servercore|nanoserver/i.test(base.text) ? 'cmd' : undefined;
}

function flagInfoOf(model: DockerfileModel, f: import('dockerfile-ast').Flag): FlagInfo {
  const options = new Map<string, string | null>();
  for (const o of f.getOptions()) options.set(o.getName().toLowerCase(), o.getValue());
  return { name: f.getName().toLowerCase(), value: f.getValue(), span: model.file.spanOf(f.getRange()), options };
}

function buildRunShell(model: DockerfileModel, instr: DInstruction): RunShell | undefined {
  let node = instr.node as RunNode;
  let onbuild = false;
  let flags: FlagInfo[];
  let scriptSpan: Span;
  if (instr.keyword === 'RUN') {
    const run = model.run(instr);
    flags = run.flags;
    scriptSpan = run.scriptSpan;
  } else if (instr.keyword === 'ONBUILD') {
    const trigger = ownOrTrigger(instr, 'RUN')?.node;
    if (!trigger) return undefined;
    node = trigger as RunNode;
    onbuild = true;
    flags = (node.getFlags?.() ?? []).map((f) => flagInfoOf(model, f));
    let start = flags.length ? flags[flags.length - 1].span.end : model.file.spanOf(trigger.getInstructionRange()).end;
    while (start < instr.span.end && /\s/.test(model.file.text[start])) start++;
    scriptSpan = { start, end: instr.span.end };
  } else {
    return undefined;
  }
  const words = execWords(model, node);
  // An ONBUILD RUN runs in a child image, under a SHELL this file does not know.
  const otherShell = onbuild ? undefined : otherShellAt(model, instr);
  let commands: ShellCommand[];
  if (words) commands = execCommand(model, words);
  else if (otherShell) commands = readOtherShell(model.file.text, scriptSpan, model.escape, otherShell);
  else commands = readDockerShell(model.file.text, scriptSpan, model.escape);
  const view: RunShell = { instr, onbuild, flags, exec: !!words, scriptSpan, commands, all: allCommands(commands) };
  if (otherShell) view.otherShell = otherShell;
  return view;
}

/** The commands of `list` again, every offset moved by `delta` (the `parent` links point into the copy). */
function shiftedCommands(list: readonly ShellCommand[], delta: number, parent?: ShellCommand): ShellCommand[] {
  const move = (sp: Span): Span => ({ start: sp.start + delta, end: sp.end + delta });
  return list.map((c) => {
    const copy: ShellCommand = {
      ...c,
      words: c.words.map((w) => ({ ...w, span: move(w.span) })),
      span: move(c.span),
      redirects: c.redirects.map((r) => ({ ...r, span: move(r.span) })),
      heredocs: c.heredocs.map((h) => ({ ...h, bodySpan: move(h.bodySpan) })),
      nested: [],
      // argumentWords' answer holds the words themselves: the copy's are new.
      argsMemo: undefined,
    };
    if (c.parent) copy.parent = parent;
    // commandName's answer holds an index into `words`, which the copy keeps.
    copy.nested = shiftedCommands(c.nested, delta, copy);
    return copy;
  });
}

/** The view of a RUN whose text moved by `delta` (an edit earlier in the file). */
function shiftRunShell(view: RunShell, delta: number): RunShell {
  const move = (sp: Span): Span => ({ start: sp.start + delta, end: sp.end + delta });
  const commands = shiftedCommands(view.commands, delta);
  return {
    ...view,
    flags: view.flags.map((f) => ({ ...f, span: move(f.span) })),
    scriptSpan: move(view.scriptSpan),
    commands,
    all: allCommands(commands),
  };
}

/**
 * A view is re-used while its text is unchanged (moved with the edits before it) and the SHELL it
 * was read under is still the one in force.
 */
const shellAcrossVersions = unmovedNodeMemo(buildRunShell, (view, model, instr) => view.onbuild || view.otherShell === otherShellAt(model, instr), shiftRunShell);

/** The shell view of a RUN or `ONBUILD RUN` instruction (cached per model); undefined for other instructions. */
export function runShell(model: DockerfileModel, instr: DInstruction): RunShell | undefined {
  let cache = runCache.get(model.file);
  if (!cache) runCache.set(model.file, (cache = new Map()));
  let found = cache.get(instr);
  if (found === undefined) {
    found = shellAcrossVersions(model, instr) ?? null;
    cache.set(instr, found);
  }
  return found ?? undefined;
}

/** Every RUN and `ONBUILD RUN` of a stage, or of the whole file. */
export function runShells(model: DockerfileModel, stage?: Stage): RunShell[] {
  const list = stage ? stage.instructions : model.instructions;
  const out: RunShell[] = [];
  for (const instr of list) {
    if (instr.keyword !== 'RUN' && instr.keyword !== 'ONBUILD') continue;
    const run = runShell(model, instr);
    if (run) out.push(run);
  }
  return out;
}

export interface FoundCommand {
  run: RunShell;
  cmd: ShellCommand;
  /** The command name (basename) and its index in `cmd.words`. */
  name: string;
  index: number;
}

/** Commands by name (`curl`, `apt-get`…) across every RUN of a stage or the file, nested ones included. */
export function findCommands(model: DockerfileModel, match: string | readonly string[] | ((name: string) => boolean), stage?: Stage): FoundCommand[] {
  const test = typeof match === 'function' ? match : typeof match === 'string' ? (n: string) => n === match : (n: string) => match.includes(n);
  const out: FoundCommand[] = [];
  for (const run of runShells(model, stage)) {
    for (const cmd of commandsWhere(run.all, test)) {
      const name = commandName(cmd)!;
      out.push({ run, cmd, name: name.name, index: name.index });
    }
  }
  return out;
}

/** The commands of a CMD or ENTRYPOINT (shell or exec form). */
export function instructionCommands(model: DockerfileModel, instr: DInstruction): ShellCommand[] {
  const node = instr.node as RunNode;
  const words = execWords(model, node);
  if (words) return execCommand(model, words);
  const args = node.getArguments();
  if (!args.length) return [];
  const start = model.file.spanOf(args[0].getRange()).start;
  const other = otherShellAt(model, instr);
  const span = { start, end: instr.span.end };
  return other ? readOtherShell(model.file.text, span, model.escape, other) : readDockerShell(model.file.text, span, model.escape);
}

/** The final stage and the stages it is built FROM: what ends up in the image. */
export function finalImageStages(model: DockerfileModel): Set<Stage> {
  const out = new Set<Stage>();
  for (let s = model.finalStage; s && !out.has(s); s = s.base.kind === 'stage' ? s.base.stage : undefined) out.add(s);
  return out;
}

/**
 * The RUNs of the final image's stages and every `ONBUILD RUN` (they land in child images), without
 * parsing the shell of build stages nothing ships from.
 */
export function finalImageRuns(model: DockerfileModel): RunShell[] {
  const stages = finalImageStages(model);
  const out: RunShell[] = [];
  for (const instr of model.instructions) {
    const wanted = instr.keyword === 'RUN' ? !instr.stage || stages.has(instr.stage) : instr.keyword === 'ONBUILD';
    const run = wanted ? runShell(model, instr) : undefined;
    if (run) out.push(run);
  }
  return out;
}

/** A piece of literal text in a RUN: a word's value or a heredoc body, with a way back to file offsets. */
export interface ScriptText {
  text: string;
  cmd: ShellCommand;
  /** The word, for word texts. */
  word?: ShellWord;
  /** The heredoc, for heredoc bodies. */
  heredoc?: ShellHeredoc;
  /** Files the text's command writes to (see `outputFiles`). */
  outputs: string[];
  /** The command of the pipeline that reads the text's command's output, if any. */
  pipedTo?: ShellCommand;
  /** Where the whole text is written. */
  span: Span;
  /** File offset of character `index` of `text`, when it can be known exactly. */
  offsetOf(index: number): number | undefined;
}

/**
 * Files the output of `list[i]` is written to: its `>`/`>>` targets, and the files of a `tee` it is
 * piped into (`echo … | sudo tee -a /etc/sudoers`).
 */
export function outputFiles(list: readonly ShellCommand[], i: number): string[] {
  const cmd = list[i];
  const files: string[] = [];
  for (const r of cmd.redirects) if (r.op.includes('>') && !r.op.includes('&') && r.target) files.push(r.target);
  const next = list[i + 1];
  if (next && (next.after === '|' || next.after === '|&') && commandName(next)?.name === 'tee') {
    for (const w of argumentWords(next)) if (!w.value.startsWith('-')) files.push(w.value);
  }
  // Most commands write no file: they share one array (scriptTexts keeps one per command).
  return files.length ? files : NO_OUTPUTS;
}

/** The outputs of a command that writes no file (most): one array for all, never changed. */
const NO_OUTPUTS: string[] = Object.freeze([]) as unknown as string[];

/** A word's text (a class, not a literal with a closure: a RUN has as many as it has words). */
class WordText implements ScriptText {
  readonly text: string;
  readonly span: Span;
  constructor(
    private readonly file: string,
    readonly cmd: ShellCommand,
    readonly word: ShellWord,
    readonly outputs: string[],
    readonly pipedTo: ShellCommand | undefined,
  ) {
    this.text = word.value;
    this.span = word.span;
  }
  offsetOf(index: number): number | undefined {
    return offsetInWord(this.file, this.word, index);
  }
}

/** Every word value and heredoc body of a RUN (nested commands included), for content searches. */
const textsCache = new WeakMap<RunShell, ScriptText[]>();

export function scriptTexts(model: DockerfileModel, run: RunShell): ScriptText[] {
  const cached = textsCache.get(run);
  if (cached) return cached;
  const out: ScriptText[] = [];
  textsCache.set(run, out);
  const text = model.file.text;
  const visit = (list: readonly ShellCommand[]) => {
    for (let i = 0; i < list.length; i++) {
      const cmd = list[i];
      const next = list[i + 1];
      const pipedTo = next && (next.after === '|' || next.after === '|&') ? next : undefined;
      const outputs = cmd.redirects.length || pipedTo ? outputFiles(list, i) : NO_OUTPUTS;
      // Indexed: until optimized, each step of a for-of allocates, and this runs once per command.
      const words = cmd.words;
      for (let k = 0; k < words.length; k++) out.push(new WordText(text, cmd, words[k], outputs, pipedTo));
      for (const h of cmd.heredocs) {
        out.push({ text: h.body, cmd, heredoc: h, outputs, pipedTo, span: h.bodySpan, offsetOf: (k) => h.bodySpan.start + k });
      }
      if (cmd.nested.length) visit(cmd.nested);
    }
  };
  visit(run.commands);
  return out;
}

/** Per RUN: the values of scriptTexts joined by line breaks (see scriptTextsMayMatch). */
const joinedTextsCache = new WeakMap<RunShell, string>();

/**
 * Whether some script text of `run` (see scriptTexts) may match `pattern` (a string: hold it): false
 * when the texts, joined by line breaks, hold no match. One search instead of one per text (a
 * generated RUN has tens of thousands), and no ScriptText is built for it. Sound for patterns that
 * match inside a text whatever is around it, or that take a line break for a text's edge (`\b`, `\s`,
 * `^`/`$` with the m flag); a match across two texts only makes the caller search each one.
 */
export function scriptTextsMayMatch(run: RunShell, pattern: RegExp | string): boolean {
  let joined = joinedTextsCache.get(run);
  if (joined === undefined) {
    const parts: string[] = [];
    const all = run.all;
    for (let i = 0; i < all.length; i++) {
      const cmd = all[i];
      for (let k = 0; k < cmd.words.length; k++) parts.push(cmd.words[k].value);
      for (let k = 0; k < cmd.heredocs.length; k++) parts.push(cmd.heredocs[k].body);
    }
    joined = parts.join('\n');
    joinedTextsCache.set(run, joined);
  }
  // search, not test: it ignores a global pattern's lastIndex.
  return typeof pattern === 'string' ? joined.includes(pattern) : joined.search(pattern) >= 0;
}

/** The span of characters `[from, to)` of a script text, or the whole text's span when offsets are not exact. */
export function spanInText(t: ScriptText, from: number, to: number): Span {
  const s = t.offsetOf(from);
  const e = t.offsetOf(to);
  return s !== undefined && e !== undefined ? { start: s, end: e } : t.span;
}
