import { defineRule, message } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { type Download, parseDownload, programSource } from '../knowledge/downloads.js';
import { type CommandPlace, commandPlaces, pipedAfter } from '../languages/command-places.js';
import { argumentWords, commandName, commandsNamed, type RunShell, runShells, type ShellCommand, type ShellWord } from '../languages/shell.js';

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

/** `$x`, `${x}` (quoted or not): the whole word is the variable's value. */
function isVariable(word: ShellWord | undefined, name: string): boolean {
  return !!word && (word.value === `$${name}` || word.value === `\${${name}}`);
}

/** A later command of the RUN that runs the variable's value as code: `eval "$x"`, `sh -c "$x"`, `echo "$x" | sh`, `sh <<< "$x"`, `. /dev/stdin <<< "$x"`. */
function variableRunner(dl: Download, name: string, run: RunShell): Execution | undefined {
  const from = dl.cmd.parent!.span.end;
  for (const cmd of run.all) {
    if (cmd.span.start < from) continue;
    const cn = commandName(cmd);
    if (!cn) continue;
    const args = argumentWords(cmd);
    const span = { start: dl.nameWord.span.start, end: cmd.words[cn.index].span.end };
    if (cn.name === 'eval' && args.some((w) => isVariable(w, name))) return { runner: 'eval', span, how: 'variable', variable: name };
    const prog = programSource(cmd);
    if (prog?.kind === 'code' && isVariable(prog.code, name)) return { runner: cn.name, span, how: 'variable', variable: name };
    const stdinRunner = runsStdin(cmd);
    if (stdinRunner && cmd.redirects.some((r) => r.op === '<<<' && (r.target === `$${name}` || r.target === `\${${name}}`))) {
      return { runner: stdinRunner, span, how: 'variable', variable: name };
    }
    const place = commandPlaces(run).get(cmd);
    if ((cn.name === 'echo' || cn.name === 'printf') && place && args.some((w) => isVariable(w, name))) {
      for (const later of pipedAfter(place)) {
        const runner = runsStdin(later);
        if (runner) return { runner, span: { start: dl.nameWord.span.start, end: later.words[commandName(later)!.index].span.end }, how: 'variable', variable: name };
      }
    }
  }
  return undefined;
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
      for (const cmd of commandsNamed(run.all, 'curl', 'wget')) {
        const dl = parseDownload(cmd);
        if (dl?.output !== 'stdout') continue;
        const kept = keptIn(dl);
        const exec = pipeRunner(dl, commandPlaces(run).get(cmd)) ?? substitutionRunner(dl) ?? (kept ? variableRunner(dl, kept, run) : undefined);
        if (!exec) continue;
        yield { messageId: exec.how, span: exec.span, data: { tool: dl.tool, runner: exec.runner, variable: exec.variable ?? '' } };
      }
    }
  },
});
