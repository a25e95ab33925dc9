import { defineRule } from '../engine/define-rule.js';
import type { Span } from '../engine/types.js';
import { type Download, parseDownload, programSource } from '../knowledge/downloads.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import { type CommandPlace, commandPlaces, pipedAfter } from '../languages/command-places.js';
import { commandName, runShells, type ShellCommand, type ShellWord } from '../languages/shell.js';

/** What runs the downloaded bytes, and where to point. */
interface Execution {
  runner: string;
  span: Span;
  how: 'pipe' | 'substitution';
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

function pipeRunner(dl: Download, place: CommandPlace | undefined): Execution | undefined {
  if (!place) return undefined;
  for (const later of pipedAfter(place)) {
    const runner = runsStdin(later);
    if (!runner) continue;
    const cn = commandName(later)!;
    return { runner, span: { start: dl.nameWord.span.start, end: later.words[cn.index].span.end }, how: 'pipe' };
  }
  return undefined;
}

export default defineRule<DockerfileModel>({
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
    catalog: ['DS-NET-003'],
    others: {},
    messages: {
      pipe:
        '{{tool}} output is piped into {{runner}}: the build runs whatever the server returns, unchecked. ' +
        'Download to a file, verify its checksum or signature, then run it.',
      substitution:
        '{{tool}} output is run by {{runner}}: the build runs whatever the server returns, unchecked. ' +
        'Download to a file, verify its checksum or signature, then run it.',
    },
  },
  *check({ model }) {
    for (const run of runShells(model)) {
      for (const cmd of run.all) {
        const dl = parseDownload(cmd);
        if (!dl || dl.output !== 'stdout') continue;
        const exec = pipeRunner(dl, commandPlaces(run).get(cmd)) ?? substitutionRunner(dl);
        if (!exec) continue;
        yield { messageId: exec.how, span: exec.span, data: { tool: dl.tool, runner: exec.runner } };
      }
    }
  },
});
