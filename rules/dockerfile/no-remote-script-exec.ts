import { defineRule, message } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { type Download, parseDownload, programSource } from '../knowledge/downloads.js';
import { type CommandPlace, commandPlaces, pipedAfter } from '../languages/command-places.js';
import { argumentWords, commandName, commandsNamed, type RunShell, runShells, type ShellCommand, type ShellWord } from '../languages/shell.js';
import { firstNotBefore } from '../engine/sorted-search.js';

/** What runs the downloaded bytes, and where to point. */
interface Execution {
  runner: string;
  span: Span;
  how: 'pipe' | 'substitution' | 'variable';
  variable?: string;
}

/** `… | sh`, `… | python3 -`, `… | source /dev/stdin`: a command that runs the program it reads on stdin. */
function runsStdin(cmd: ShellCommand): string | undefined {
  const cn = commandName(cmd);
  if (!cn) return undefined;
  if (cn.name === 'source' || cn.name === '.') {
    const arg = cmd.words[cn.index + 1]?.value;
    return arg === '/dev/stdin' || arg === '/proc/self/fd/0' ? cn.name : undefined;
  }
  return programSource(cmd)?.kind === 'stdin' ? cn.name : undefined;
}

/** The word of `parent` that holds the nested command `inner` (its `$(…)`, backticks or `<(…)`). */
function holdingWord(parent: ShellCommand, inner: ShellCommand): { word: ShellWord; index: number } | undefined {
  const index = parent.words.findIndex((w) => w.span.start <= inner.span.start && inner.span.end <= w.span.end);
  return index < 0 ? undefined : { word: parent.words[index], index };
}

/** `sh -c "$(curl …)"`, `eval "$(curl …)"`, `bash <(curl …)`, `source <(curl …)`, `python3 -c "$(curl …)"`. */
function substitutionRunner(dl: Download): Execution | undefined {
  const parent = dl.cmd.parent;
  if (!parent) return undefined;
  const held = holdingWord(parent, dl.cmd);
  const cn = commandName(parent);
  if (!held || !cn) return undefined;
  const { word, index } = held;
  const processSubst = word.value.startsWith('<(');
  // The substitution is the command itself: its output is run as a command line.
  if (index === cn.index && !processSubst) return { runner: 'the shell', span: word.span, how: 'substitution' };
  if (index <= cn.index) return undefined;
  const span = { start: parent.words[cn.index].span.start, end: word.span.end };
  if (cn.name === 'eval' && !processSubst) return { runner: 'eval', span, how: 'substitution' };
  if ((cn.name === 'source' || cn.name === '.') && processSubst && index === cn.index + 1) return { runner: cn.name, span, how: 'substitution' };
  const prog = programSource(parent);
  if (!prog) return undefined;
  if (prog.kind === 'code' && prog.code === word && !processSubst) return { runner: cn.name, span, how: 'substitution' };
  if ((prog.kind === 'file' || prog.kind === 'stdin') && prog.operand === word && processSubst) return { runner: cn.name, span, how: 'substitution' };
  return undefined;
}

/** `x=$(curl …)`, ``x=`curl …` ``, `export X="$(curl …)"`: the variable the download's output is kept in. */
function keptIn(dl: Download): string | undefined {
  const parent = dl.cmd.parent;
  if (!parent || parent.kind) return undefined;
  const held = holdingWord(parent, dl.cmd);
  if (!held) return undefined;
  const cn = commandName(parent);
  // An assignment alone, or one given to a declaration builtin; not an argument of another command.
  if (cn && !/^(?:export|local|declare|readonly|typeset)$/.test(cn.name)) return undefined;
  const m = /^([A-Za-z_]\w*)=(?:\$\(.*\)|`.*`)$/s.exec(held.word.value);
  return m ? m[1] : undefined;
}

/** `$x`, `${x}` (quoted or not): the whole word is the variable's value; its name. */
function variableOf(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})$/.exec(value);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A command that runs a variable's value as code, with the runner and where its name ends. */
interface VariableRun {
  /** The command's place in `run.all`: of two that fit, the first there wins. */
  order: number;
  start: number;
  runner: string;
  end: number;
}

/**
 * The commands of a RUN that run a variable's value as code — `eval "$x"`, `sh -c "$x"`,
 * `echo "$x" | sh`, `sh <<< "$x"`, `. /dev/stdin <<< "$x"` — by variable name, read once per RUN so
 * that each download kept in a variable is a look-up, not another pass over the commands.
 */
class VariableRuns {
  private readonly byName = new Map<string, VariableRun[]>();
  /** Per name, its runs by start, and for each position the one first in `run.all` from there on. */
  private readonly byStart = new Map<string, { starts: number[]; first: VariableRun[] }>();

  constructor(run: RunShell) {
    run.all.forEach((cmd, order) => {
      const cn = commandName(cmd);
      if (!cn) return;
      // Of the ways one command runs a variable, the first one listed here names the runner.
      const found = new Map<string, { runner: string; end: number }>();
      const add = (name: string | undefined, runner: string, end: number) => {
        if (name !== undefined && !found.has(name)) found.set(name, { runner, end });
      };
      const args = argumentWords(cmd);
      const nameEnd = cmd.words[cn.index].span.end;
      if (cn.name === 'eval') for (const w of args) add(variableOf(w.value), 'eval', nameEnd);
      const prog = programSource(cmd);
      if (prog?.kind === 'code') add(variableOf(prog.code?.value), cn.name, nameEnd);
      const stdinRunner = runsStdin(cmd);
      if (stdinRunner) for (const r of cmd.redirects) if (r.op === '<<<') add(variableOf(r.target), stdinRunner, nameEnd);
      const place = (cn.name === 'echo' || cn.name === 'printf') && commandPlaces(run).get(cmd);
      const printed = place ? args.map((w) => variableOf(w.value)).filter((v) => v !== undefined) : [];
      if (place && printed.length) {
        for (const later of pipedAfter(place)) {
          const runner = runsStdin(later);
          if (!runner) continue;
          for (const name of printed) add(name, runner, later.words[commandName(later)!.index].span.end);
          break;
        }
      }
      for (const [name, { runner, end }] of found) {
        const list = this.byName.get(name);
        const entry = { order, start: cmd.span.start, runner, end };
        if (list) list.push(entry);
        else this.byName.set(name, [entry]);
      }
    });
  }

  /** The command first in `run.all` that starts at `from` or after and runs `name`'s value. */
  firstFrom(name: string, from: number): VariableRun | undefined {
    const runs = this.byName.get(name);
    if (!runs) return undefined;
    let index = this.byStart.get(name);
    if (!index) {
      // Mostly already in order of start; not always (a heredoc script's commands come after the rest of its line).
      const sorted = [...runs].sort((a, b) => a.start - b.start || a.order - b.order);
      const first = sorted.slice();
      for (let i = first.length - 2; i >= 0; i--) if (first[i + 1].order < first[i].order) first[i] = first[i + 1];
      this.byStart.set(name, (index = { starts: sorted.map((r) => r.start), first }));
    }
    const { starts } = index;
    return index.first[firstNotBefore(starts.length, (i) => starts[i] < from)];
  }
}

/** A later command of the RUN that runs the variable's value as code (see VariableRuns). */
function variableRunner(dl: Download, name: string, runs: VariableRuns): Execution | undefined {
  const found = runs.firstFrom(name, dl.cmd.parent!.span.end);
  return found && { runner: found.runner, span: { start: dl.nameWord.span.start, end: found.end }, how: 'variable', variable: name };
}

function pipeRunner(dl: Download, place: CommandPlace | undefined): Execution | undefined {
  if (!place) return undefined;
  for (const later of pipedAfter(place)) {
    // Another download writes its own bytes: what came before it goes nowhere (`curl a | ; curl b | sh`
    // half-typed reads as one pipeline).
    if (parseDownload(later)) return undefined;
    const runner = runsStdin(later);
    if (!runner) continue;
    const cn = commandName(later)!;
    return { runner, span: { start: dl.nameWord.span.start, end: later.words[cn.index].span.end }, how: 'pipe' };
  }
  return undefined;
}

export default defineRule({
  meta: {
    code: 'DF032',
    name: 'no-remote-script-exec',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Downloaded script run without verification (curl | sh)',
    why:
      'Piping a download into a shell or interpreter runs whatever the server returns at build time, with no chance ' +
      'to check it first: a compromised or changed script owns the build and the image.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'supply-chain', 'CIS-4.12', 'CWE-494', 'CWE-829'],
    others: {},
    messages: {
      pipe: message(
        '{{tool}} output is piped into {{runner}}: the build runs whatever the server returns, unchecked. ',
        'Download to a file, verify its checksum or signature, then run it.',
      ),
      substitution: message(
        '{{tool}} output is run by {{runner}}: the build runs whatever the server returns, unchecked. ',
        'Download to a file, verify its checksum or signature, then run it.',
      ),
      variable: message(
        '{{tool}} output is kept in ${{variable}} and run by {{runner}}: the build runs whatever the server returns, unchecked. ',
        'Download to a file, verify its checksum or signature, then run it.',
      ),
    },
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      let runs: VariableRuns | undefined;
      for (const cmd of commandsNamed(run.all, 'curl', 'wget')) {
        const dl = parseDownload(cmd);
        if (dl?.output !== 'stdout') continue;
        const kept = keptIn(dl);
        const exec = pipeRunner(dl, commandPlaces(run).get(cmd)) ?? substitutionRunner(dl) ?? (kept ? variableRunner(dl, kept, (runs ??= new VariableRuns(run))) : undefined);
        if (!exec) continue;
        yield { messageId: exec.how, span: exec.span, data: { tool: dl.tool, runner: exec.runner, variable: exec.variable ?? '' } };
      }
    }
  },
});
