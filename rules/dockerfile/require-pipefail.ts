import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix, Span } from '../engine/types.js';
import { imageFamily } from '../knowledge/image-families.js';
import { type DInstruction, type DockerfileModel, execForm } from '../languages/dockerfile.js';
import { stateAt } from '../languages/image-paths.js';
import { allCommands, argumentWords, commandName, commandsNamed, type RunShell, runShells, type ShellCommand } from '../languages/shell.js';

/** Shells with `-o pipefail` (busybox ash has it; dash before 0.5.13 does not). */
const PIPEFAIL_SHELLS = new Set(['bash', 'ash', 'zsh', 'ksh', 'mksh']);
/** Shells whose pipes are not POSIX pipes: not our business. */
const OTHER_SHELLS = /^(?:pwsh|powershell|cmd)(?:\.exe)?$/i;

/** Commands whose failure a pipe cannot hide: they always succeed. */
const CANNOT_FAIL = new Set(['echo', 'printf', 'yes', 'true', ':']);

/** `-o pipefail`, `-eo pipefail`, `-euxo pipefail` among the words. */
function setsPipefail(words: readonly string[]): boolean {
  return words.some((w, i) => /^-[A-Za-z]*o$/.test(w) && words[i + 1] === 'pipefail') || words.includes('-opipefail');
}

interface ShellInUse {
  /** The SHELL instruction in force, if any. */
  instr: DInstruction | undefined;
  argv: string[];
}

function shellAt(model: DockerfileModel, instr: DInstruction): ShellInUse | undefined {
  const shell = stateAt(model, instr).shell;
  if (!shell) return { instr: undefined, argv: ['/bin/sh', '-c'] };
  const argv = execForm(shell.node);
  return argv ? { instr: shell, argv } : undefined;
}

/** `cat <<EOF | …`, `echo x | …`: a command that cannot fail in a way pipefail would catch. */
function cannotFail(cmd: ShellCommand): boolean {
  if (cmd.kind) return allCommands(cmd.nested).every((c) => !!c.kind || cannotFail(c));
  const cn = commandName(cmd);
  if (!cn) return true;
  if (CANNOT_FAIL.has(cn.name)) return true;
  return cn.name === 'cat' && argumentWords(cmd).length === 0 && cmd.redirects.some((r) => r.op.startsWith('<<'));
}

/** The first command of `cmd` (itself, or inside a group or subshell) that can fail: what the message names. */
function firstFailing(cmd: ShellCommand): string {
  if (!cmd.kind) return commandName(cmd)?.name ?? '?';
  const inner = allCommands(cmd.nested).find((c) => !c.kind && !cannotFail(c));
  return inner ? (commandName(inner)?.name ?? '?') : '?';
}

/** `… | sha256sum -c -`: a checksum check fails on empty or partial input, so an upstream failure cannot pass. */
function failsOnBadInput(cmd: ShellCommand): boolean {
  const cn = commandName(cmd);
  if (!cn || !/^(?:sha(?:1|224|256|384|512)sum|shasum|b2sum|md5sum)$/.test(cn.name)) return false;
  return argumentWords(cmd).some((w) => w.value === '--check' || /^-[a-z]*c[a-z]*$/.test(w.value));
}

/** `… || true`, `… || :`: the script ignores the pipeline's failure on purpose. */
function failureIgnored(next: ShellCommand | undefined): boolean {
  if (next?.after !== '||') return false;
  const name = commandName(next)?.name;
  return name === 'true' || name === ':';
}

/**
 * The lists of the script itself: the top level and the bodies of its compound commands. Not the
 * scripts of `$(…)` (whose status is mostly dropped) or of `sh -c` (another shell, with its own options).
 */
function scriptLists(run: RunShell): ShellCommand[][] {
  const lists: ShellCommand[][] = [];
  const pending: ShellCommand[][] = [run.commands];
  while (pending.length) {
    const list = pending.pop()!;
    lists.push(list);
    // Indexed loops over the lists' commands here and below: a list can have tens of thousands, and
    // each step of a for-of allocates until the loop is optimized.
    for (let i = 0; i < list.length; i++) if (list[i].kind && list[i].nested.length) pending.push(list[i].nested);
  }
  return lists;
}

/** A command of the script itself (of scriptLists): every command it is nested in is a compound one. */
function ofScriptItself(cmd: ShellCommand): boolean {
  for (let p = cmd.parent; p; p = p.parent) if (!p.kind) return false;
  return true;
}

/** Where the script turns pipefail on (`set -o pipefail`, `set -euxo pipefail`), if it does: its `set` commands only, from the RUN's index. */
function pipefailFrom(run: RunShell): number {
  let from = Infinity;
  for (const cmd of commandsNamed(run.all, 'set')) {
    if (ofScriptItself(cmd) && setsPipefail(argumentWords(cmd).map((w) => w.value))) from = Math.min(from, cmd.span.start);
  }
  return from;
}

/**
 * The first pipeline of the RUN whose failure would go unnoticed: not after `set -o pipefail`, not a
 * condition (`if a | grep -q b`, `while …`: a test, not a step), not followed by `|| true`, and with a
 * member before the last that can fail.
 */
function unguardedPipe(run: RunShell): ShellCommand[] | undefined {
  const lists = scriptLists(run);
  const guardedFrom = pipefailFrom(run);
  let found: ShellCommand[] | undefined;
  for (const list of lists) {
    for (let i = 0; i + 1 < list.length; i++) {
      const next = list[i + 1];
      if (next.after !== '|' && next.after !== '|&') continue;
      // The pipeline list[first..end], and whether a member is tested, in one pass (a pipeline can
      // have tens of thousands of members); it is copied out only when it is the one reported.
      const first = i;
      let end = i + 1;
      let tested = !!list[first].tested || !!next.tested;
      while (end + 1 < list.length && (list[end + 1].after === '|' || list[end + 1].after === '|&')) {
        end++;
        if (list[end].tested) tested = true;
      }
      i = end;
      if (list[first].span.start > guardedFrom || tested || failureIgnored(list[end + 1])) continue;
      if (allCannotFail(list, first, end) || failsOnBadInput(list[end])) continue;
      if (!found || list[first].span.start < found[0].span.start) found = list.slice(first, end + 1);
      break;
    }
  }
  return found;
}

/** Whether every member of `list[first..end)` (a pipeline but its last member) cannot fail. */
function allCannotFail(list: readonly ShellCommand[], first: number, end: number): boolean {
  for (let k = first; k < end; k++) if (!cannotFail(list[k])) return false;
  return true;
}

function isWindowsStage(model: DockerfileModel, instr: DInstruction): boolean {
  const stage = instr.stage;
  if (!stage) return false;
  const base = model.rootBase(stage);
  return base.kind === 'image' && /windows|servercore|nanoserver/i.test(base.text);
}

interface FixData {
  run: DInstruction;
  shell: ShellInUse;
}

function shellFix(model: DockerfileModel, data: FixData): Fix | undefined {
  const { file } = model;
  const { shell, run } = data;
  const program = shell.argv[0]?.split('/').pop() ?? '';
  if (shell.instr && PIPEFAIL_SHELLS.has(program) && shell.argv[shell.argv.length - 1] === '-c') {
    // Add the option to the SHELL that is already there, before its "-c".
    const node = shell.instr.node as unknown as { getJSONStrings?(): { getRange(): Parameters<typeof file.spanOf>[0] }[] };
    const strings = node.getJSONStrings?.() ?? [];
    const last = strings[strings.length - 1];
    if (!last) return undefined;
    const at = file.spanOf(last.getRange()).start;
    return { title: `Add "-o", "pipefail" to SHELL`, safe: false, edits: [{ start: at, end: at, text: '"-o", "pipefail", ' }] };
  }
  const stage = run.stage;
  if (!stage) return undefined;
  const base = model.rootBase(stage);
  const family = base.kind === 'image' ? imageFamily(base.image) : 'unknown';
  let line: string;
  if (family === 'debian' || family === 'rhel') line = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
  else if (family === 'alpine') line = 'SHELL ["/bin/ash", "-o", "pipefail", "-c"]';
  else return undefined;
  const lineStart = file.lineStarts[file.positionAt(run.span.start).line];
  const indent = /^[ \t]*/.exec(file.lineText(file.positionAt(run.span.start).line))?.[0] ?? '';
  const edit: Edit = { start: lineStart, end: lineStart, text: `${indent}${line}${file.eol}` };
  return { title: `Add ${line}`, safe: false, edits: [edit] };
}

export default defineRule({
  meta: {
    code: 'DF035',
    name: 'require-pipefail',
    language: 'dockerfile',
    scope: 'unit',
    title: 'RUN pipes commands without pipefail',
    why:
      'A shell pipeline succeeds when its last command does: `curl … | tar -x` with a failed download still builds, ' + 'from a truncated or empty file, unless pipefail is set.',
    // Info: a correctness habit, not a vulnerability. A hidden upstream failure builds a broken image;
    // the downloads that matter for security are DF032's (`curl | sh`) and DF034's (unverified).
    level: 'info',
    risk: 'low',
    tags: ['security', 'reliability', 'CWE-754'],
    others: {
      hadolint: ['DL4006'],
      trivy: ['DS-0032'],
      kics: ['Shell Running A Pipe Without Pipefail Flag'],
    },
    messages: {
      noPipefail: message(
        'This pipe hides a failure of `{{first}}`: the RUN succeeds if `{{last}}` does. ',
        'Set `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before it, or start the script with `set -o pipefail`.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      if (run.exec) continue;
      const shell = shellAt(model, run.instr);
      if (!shell) continue;
      const program = shell.argv[0]?.split(/[\\/]/).pop() ?? '';
      if (OTHER_SHELLS.test(program) || setsPipefail(shell.argv)) continue;
      if (!shell.instr && isWindowsStage(model, run.instr)) continue;
      const pipe = unguardedPipe(run);
      if (!pipe) continue;
      const first = firstFailing(pipe.find((c) => !cannotFail(c)) ?? pipe[0]);
      const lastCmd = pipe[pipe.length - 1];
      const last = lastCmd.kind ? `the ${lastCmd.kind === 'group' || lastCmd.kind === 'subshell' ? lastCmd.kind : `${lastCmd.kind} command`}` : (commandName(lastCmd)?.name ?? '?');
      const span: Span = { start: pipe[0].span.start, end: pipe[pipe.length - 1].span.end };
      const fixData: FixData | undefined = run.onbuild ? undefined : { run: run.instr, shell };
      yield { messageId: 'noPipefail', span, data: { first, last }, fixData };
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    if (!data) return [];
    const fix = shellFix(model, data);
    return fix ? [fix] : [];
  },
});
