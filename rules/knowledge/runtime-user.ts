/**
 * Whether the container of a stage ends up running its service as root: a final stage that is
 * never run (an export of build results), and what the image does after it starts as root — an
 * entrypoint that steps down to another user, or a server that hands its work to workers.
 * Shared by DF001 (the Dockerfile) and DC080 (a Compose service that builds it).
 */
import type { FilesView, ImageFacts } from '../engine/types.js';
import { installedDropTool, privilegeDropTool, selfDroppingServer } from './privilege-drop.js';
import { type DockerfileModel, type Stage, stageChain } from '../languages/dockerfile.js';
import { containerCommand, programOf, programText } from '../languages/entrypoint.js';
import { allCommands, instructionCommands, parseScript, runShell } from '../languages/shell.js';
import { basename } from '../languages/paths.js';

/**
 * A final stage that only collects files: FROM scratch (directly or through stages that are), and
 * nothing but COPY, ADD, ARG and LABEL in the chain — no CMD, ENTRYPOINT, USER, RUN, EXPOSE,
 * HEALTHCHECK, VOLUME, ENV or WORKDIR. Such an image has no program to run and nothing that says
 * it is meant to be run: it is the shape of `docker build --output` exports of build results.
 */
const EXPORT_ONLY = new Set(['COPY', 'ADD', 'ARG', 'LABEL']);

export function isExportOnlyStage(stage: Stage): boolean {
  const chain = stageChain(stage);
  if (chain[chain.length - 1].base.kind !== 'scratch') return false;
  return chain.every((s) => s.instructions.every((i) => EXPORT_ONLY.has(i.keyword)));
}

/** Interactive shells and REPLs: the default command of base and toolchain images, not a service. */
const INTERACTIVE =
  /^(sh|bash|ash|dash|zsh|fish|irb|pry|python[\d.]*|pypy[\d.]*|node|deno|bun|php|jshell|ghci|iex|erl|julia|R|lua[\d.]*|groovysh|scala|clj|pwsh|powershell|cmd(\.exe)?)$/i;

/**
 * True when the image defines no service of its own: no EXPOSE, and no CMD or ENTRYPOINT in its stage
 * chain (it runs whatever its base runs) or only an interactive shell or REPL (`CMD ["irb"]`,
 * `CMD ["bash"]`), as base and toolchain images (golang, ruby) and thin extensions of another image do.
 */
export function runsNoServiceOfItsOwn(model: DockerfileModel, stage: Stage): boolean {
  return noServiceReason(model, stage) !== undefined;
}

/** Why the image defines no service of its own (see runsNoServiceOfItsOwn), worded for a message; undefined when it defines one. */
export function noServiceReason(model: DockerfileModel, stage: Stage): string | undefined {
  // EXPOSE says there is a service, whatever runs it.
  if (stageChain(stage).some((s) => s.instructions.some((i) => i.keyword === 'EXPOSE'))) return undefined;
  const command = containerCommand(model, stage);
  if (!command.entrypoint && !command.cmd) return 'no CMD or ENTRYPOINT';
  const words = command.commands[0]?.words.map((w) => w.value) ?? [];
  // `ENTRYPOINT []` resets the entrypoint: the CMD then decides.
  const entrypointWords = command.entrypoint ? instructionWordsCount(model, command) : 0;
  if (entrypointWords > 0) return undefined;
  return words.length === 1 && INTERACTIVE.test(basename(words[0])) ? `only \`${words[0]}\`, an interactive shell or REPL` : undefined;
}

/** True when no stage of the chain sets CMD or ENTRYPOINT: the container runs its base image's command. */
export function inheritsCommand(model: DockerfileModel, stage: Stage): boolean {
  const command = containerCommand(model, stage);
  return !command.entrypoint && !command.cmd;
}

/** The command a base image's config runs (its Entrypoint, then its Cmd), from its facts. */
export interface ConfigCommand {
  words: string[];
  /** The program behind init wrappers and shells (see programOf), and the Cmd's when an Entrypoint passes it on. */
  program: string | undefined;
  cmdProgram: string | undefined;
  hasEntrypoint: boolean;
  /** Nothing, or only a shell or REPL: a base or toolchain image. */
  interactive: boolean;
}

export function configCommand(facts: ImageFacts): ConfigCommand {
  const entrypoint = facts.entrypoint ?? [];
  const cmd = facts.cmd ?? [];
  const words = [...entrypoint, ...cmd];
  const first = entrypoint.length ? entrypoint : cmd;
  return {
    words,
    program: programOf(first),
    cmdProgram: entrypoint.length && cmd.length ? programOf(cmd) : undefined,
    hasEntrypoint: entrypoint.length > 0,
    interactive: words.length === 0 || (words.length === 1 && INTERACTIVE.test(basename(words[0].replaceAll('\\', '/')))),
  };
}

/** A config's server that runs its request handlers as an unprivileged user (nginx, httpd, php-fpm), if it runs one. */
export function configServer(command: ConfigCommand): string | undefined {
  return [command.cmdProgram, command.program].find((p) => p !== undefined && selfDroppingServer(p));
}

/** How many words the ENTRYPOINT itself has (0 for `ENTRYPOINT []`). */
function instructionWordsCount(model: DockerfileModel, command: ReturnType<typeof containerCommand>): number {
  return command.entrypoint ? instructionCommands(model, command.entrypoint).reduce((n, c) => n + c.words.length, 0) : 0;
}

/** What the image does after it starts as root, when that can be seen. */
export type RuntimeDrop =
  /** Its entrypoint or command switches to another user (`exec gosu app "$@"` in the script it copies). */
  | { kind: 'confirmed' }
  /** It installs a drop tool and its entrypoint could not be read. */
  | { kind: 'likely'; tool: string; line: number; program: string; reason: string }
  /** Its program is a server that hands requests to unprivileged workers itself (nginx, httpd, php-fpm). */
  | { kind: 'server'; program: string };

/** True when a shell script runs a command as another user somewhere (`exec gosu redis "$0" "$@"`). */
function scriptDropsPrivileges(text: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
  const interpreter = shebang ? (shebang[1].endsWith('/env') ? (shebang[2] ?? '') : shebang[1]).split('/').pop()! : 'sh';
  if (!/^(sh|bash|ash|dash|zsh|ksh|busybox)$/.test(interpreter)) return false;
  return allCommands(parseScript(text)).some((c) => privilegeDropTool(c) !== undefined);
}

/** The first drop tool the image installs or runs (`apk add su-exec`, `wget -O /usr/local/bin/gosu`), with its line. */
function installedDrop(model: DockerfileModel, stage: Stage): { tool: string; line: number } | undefined {
  for (const s of stageChain(stage).reverse()) {
    for (const instr of s.instructions) {
      const words = instr.keyword === 'RUN' ? (runShell(model, instr)?.all.flatMap((c) => c.words.map((w) => w.value)) ?? []) : [];
      if (instr.keyword === 'COPY' || instr.keyword === 'ADD') words.push(...instr.node.getArguments().map((a) => a.getValue()));
      for (const w of words) {
        const tool = installedDropTool(w);
        if (tool) return { tool, line: model.file.positionAt(instr.span.start).line + 1 };
      }
    }
  }
  return undefined;
}

export function runtimeDrop(model: DockerfileModel, stage: Stage, path: string, files: FilesView | undefined, contexts?: readonly string[]): RuntimeDrop | undefined {
  const command = containerCommand(model, stage);
  // Written in the ENTRYPOINT/CMD itself: `ENTRYPOINT ["gosu", "app"]`, `CMD ["sh", "-c", "exec su-exec app /app"]`.
  if (allCommands(command.commands).some((c) => privilegeDropTool(c) !== undefined)) return { kind: 'confirmed' };
  if (command.program) {
    const script = programText(model, stage, command.program, path, files, contexts);
    if (script.kind === 'read' && scriptDropsPrivileges(script.text)) return { kind: 'confirmed' };
    const installed = script.kind === 'unreadable' ? installedDrop(model, stage) : undefined;
    if (installed && script.kind === 'unreadable') return { kind: 'likely', ...installed, program: command.program, reason: script.reason };
  }
  const server = [command.cmdProgram, command.program].find((p) => p !== undefined && selfDroppingServer(p));
  return server ? { kind: 'server', program: server } : undefined;
}
