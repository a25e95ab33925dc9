import type { FilesView } from '../engine/types.js';
import { contextPath, copyInstructions, hasWildcards, isContextSource } from './copy-add.js';
import { type DInstruction, type DockerfileModel, type Stage, resolveAt, stageChain } from './dockerfile.js';
import { UNKNOWN_WORKDIR, resolveImagePath, workdirAtEnd } from './image-paths.js';
import { basename, dirname, joinPath, normalizePath, relativeInside } from './paths.js';
import { contextsOf } from './project.js';
import { type ShellCommand, instructionCommands } from './shell.js';

/**
 * What a container of a stage runs: its ENTRYPOINT and CMD as Docker combines them, the program
 * behind init wrappers (`tini --`, `dumb-init`) and shells (`sh /entrypoint.sh`), and that program's
 * text when a COPY puts it in the image from the build context, read through the files view.
 */
export interface ContainerCommand {
  entrypoint: DInstruction | undefined;
  cmd: DInstruction | undefined;
  /** The commands of the ENTRYPOINT (or of the CMD when there is none), as a shell reads them. */
  commands: ShellCommand[];
  /** The program that runs first, as written (`docker-entrypoint.sh`, `/init`); undefined when unknowable. */
  program: string | undefined;
  /** What the ENTRYPOINT passes on: the CMD's program when the ENTRYPOINT is a script that runs `"$@"`. */
  cmdProgram: string | undefined;
}

const INIT_WRAPPERS = /^(tini|tini-static|dumb-init|docker-init|catatonit)$/;
const INIT_OPTIONS_WITH_VALUE = new Set(['-p', '-e', '-r', '--rewrite']);
const SHELLS = /^(sh|bash|ash|dash|zsh)$/;

/** The last ENTRYPOINT and CMD in force at the end of `stage` (a nearer ENTRYPOINT resets an inherited CMD, as Docker does). */
function lastCommandInstructions(stage: Stage): { entrypoint?: DInstruction; cmd?: DInstruction } {
  let entrypoint: DInstruction | undefined;
  let cmd: DInstruction | undefined;
  let entrypointDepth = Infinity;
  stageChain(stage).forEach((s, depth) => {
    for (let i = s.instructions.length - 1; i >= 0; i--) {
      const instr = s.instructions[i];
      if (!entrypoint && instr.keyword === 'ENTRYPOINT') [entrypoint, entrypointDepth] = [instr, depth];
      if (!cmd && instr.keyword === 'CMD' && depth <= entrypointDepth) cmd = instr;
    }
  });
  return { entrypoint, cmd };
}

/** The program behind init wrappers and `sh script`: `["tini", "--", "/e.sh"]` → `/e.sh`. */
export function programOf(words: readonly string[]): string | undefined {
  let i = 0;
  if (INIT_WRAPPERS.test(basename(words[0] ?? ''))) {
    i = 1;
    while (i < words.length && words[i].startsWith('-')) {
      if (words[i] === '--') {
        i++;
        break;
      }
      if (INIT_OPTIONS_WITH_VALUE.has(words[i])) i++;
      i++;
    }
  }
  if (SHELLS.test(basename(words[i] ?? ''))) {
    let j = i + 1;
    while (j < words.length && /^-[a-z]+$/i.test(words[j]) && !words[j].includes('c')) j++;
    if (j < words.length && !words[j].startsWith('-')) i = j;
  }
  const program = words[i];
  return program && !program.includes('$') ? program : undefined;
}

export function containerCommand(model: DockerfileModel, stage: Stage): ContainerCommand {
  const { entrypoint, cmd } = lastCommandInstructions(stage);
  const entryCommands = entrypoint ? instructionCommands(model, entrypoint) : [];
  const cmdCommands = cmd ? instructionCommands(model, cmd) : [];
  const commands = entryCommands.length ? entryCommands : cmdCommands;
  const program = commands.length ? programOf(commands[0].words.map((w) => w.value)) : undefined;
  const cmdProgram = entryCommands.length && cmdCommands.length ? programOf(cmdCommands[0].words.map((w) => w.value)) : undefined;
  return { entrypoint, cmd, commands: [...entryCommands, ...cmdCommands], program, cmdProgram };
}

export type ProgramText =
  | { kind: 'read'; text: string /** Absolute path of the context file. */; file: string; copy: DInstruction }
  | { kind: 'unreadable'; reason: string; copy?: DInstruction };

const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Where `program` can be in the image: itself when it has a `/` (`./entrypoint.sh` under the WORKDIR
 * the container starts in), else each directory of PATH.
 */
function imageCandidates(model: DockerfileModel, stage: Stage, program: string): string[] {
  if (program.startsWith('/')) return [normalizePath(program)];
  if (program.includes('/')) {
    const workdir = workdirAtEnd(model, stage);
    if (workdir === undefined) return [];
    // No WORKDIR in the file: the base image's, most often `/`.
    return workdir === UNKNOWN_WORKDIR ? [normalizePath(`${workdir}/${program}`), normalizePath(`/${program}`)] : [normalizePath(`${workdir}/${program}`)];
  }
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const path = resolveAt(model, last, '$PATH');
  const dirs = path.unknown || !path.value ? DEFAULT_PATH : path.value.split(':').filter((d) => d.startsWith('/'));
  return dirs.map((d) => joinPath(d, program));
}

/**
 * The text of `program` when a COPY/ADD from the build context puts it in the image of `stage`,
 * else why it cannot be read (copied from another stage, not in the checkout, no files view…).
 */
export function programText(
  model: DockerfileModel,
  stage: Stage,
  program: string,
  path: string,
  files: FilesView | undefined,
  /** The build contexts, when the caller knows them (a Compose `build:`); else found from `path`. */
  knownContexts?: readonly string[],
): ProgramText {
  const targets = imageCandidates(model, stage, program);
  const chain = new Set(stageChain(stage));
  const copies = copyInstructions(model).filter((c) => !c.onbuild && c.instr.stage && chain.has(c.instr.stage) && c.dest);
  const contexts = knownContexts ?? (files ? contextsOf(path, files) : []);
  const contextDirs = contexts.length ? contexts : [dirname(path)];
  for (const c of copies.reverse()) {
    const dest = c.dest!.value === undefined ? undefined : resolveImagePath(model, c.instr, c.dest!.value);
    if (!dest) continue;
    for (const s of c.sources) {
      const src = s.value ?? s.raw;
      for (const target of targets) {
        // `COPY e.sh /usr/local/bin/e.sh` (target = dest); `COPY e.sh /usr/local/bin/` (dest/e.sh);
        // `COPY rootfs /` (a folder's contents: rootfs/init is /init).
        const rel = target === dest ? '' : relativeInside(dest, target);
        if (rel === undefined) continue;
        const named = rel === '' || rel === basename(src);
        if (!isContextSource(c, s)) {
          if (!named) continue;
          return { kind: 'unreadable', reason: c.from ? `it is copied from ${c.from}` : `it comes from ${src}`, copy: c.instr };
        }
        const inContext = contextPath(s);
        if (!inContext || hasWildcards(inContext)) {
          if (!named) continue;
          return { kind: 'unreadable', reason: `it is copied by the pattern ${src}`, copy: c.instr };
        }
        if (!files) return { kind: 'unreadable', reason: 'other files of the project are not available here', copy: c.instr };
        for (const context of contextDirs) {
          const base = joinPath(context, inContext);
          const isDir = files.list(base) !== undefined;
          const file = rel === '' ? base : isDir ? joinPath(base, rel) : named ? base : undefined;
          const text = file === undefined ? undefined : files.read(file);
          if (text !== undefined) return { kind: 'read', text, file: file!, copy: c.instr };
        }
        if (named) return { kind: 'unreadable', reason: `${inContext} is not in the build context (a file written just before the build?)`, copy: c.instr };
      }
    }
  }
  return { kind: 'unreadable', reason: `no COPY or ADD of this Dockerfile puts ${program} in the image` };
}
