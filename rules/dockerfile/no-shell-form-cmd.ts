import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix } from '../engine/types.js';
import { type DInstruction, type DockerfileModel, execForm, stageChain } from '../languages/dockerfile.js';

/** Shells whose `-c` runs a simple command the way exec form would. */
const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);

/** Characters that mean nothing to the shell outside quotes. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]$/;

/** Words that are shell syntax or builtins without a program of the same name: exec form cannot run them. */
const SHELL_ONLY = new Set([
  'cd',
  '.',
  'source',
  'export',
  'set',
  'unset',
  'exit',
  'alias',
  'ulimit',
  'umask',
  'trap',
  'wait',
  'eval',
  'read',
  'shift',
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
  'local',
  'return',
  'break',
  'continue',
  'readonly',
  'declare',
  'typeset',
  'let',
  'time',
  '[[',
  '{',
  '!',
]);

interface FixData {
  instr: DInstruction;
  /** Why the change is not automatic, for the fix title; undefined when it is safe. */
  caveat: string | undefined;
  /**
   * The shell-form CMD an ENTRYPOINT in exec form would receive as arguments (`/bin/sh`, `-c`, …):
   * converted with it, or the program would get a shell command line as its arguments.
   */
  shellCmd?: DInstruction;
}

/**
 * The argv a shell-form command line means when it uses no shell feature at all: plain words,
 * simple quotes, a leading `exec`. Undefined as soon as anything could make the shell act (variables,
 * globs, operators, redirections, escapes, assignments, builtins), so the conversion never changes
 * what runs.
 */
export function plainArgv(text: string): string[] | undefined {
  const argv: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    let word = '';
    while (i < n && text[i] !== ' ' && text[i] !== '\t') {
      const ch = text[i];
      if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) return undefined;
        word += text.slice(i + 1, close);
        i = close + 1;
      } else if (ch === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0) return undefined;
        const inner = text.slice(i + 1, close);
        if (/[$`\\]/.test(inner)) return undefined;
        word += inner;
        i = close + 1;
      } else if (PLAIN.test(ch)) {
        word += ch;
        i++;
      } else {
        return undefined;
      }
    }
    if (/[\n\r]/.test(word)) return undefined;
    argv.push(word);
  }
  // `exec prog args` is exactly what exec form does.
  if (argv[0] === 'exec') {
    argv.shift();
    if (argv[0]?.startsWith('-')) return undefined;
  }
  if (!argv.length || SHELL_ONLY.has(argv[0]) || /^\w+=/.test(argv[0])) return undefined;
  return argv;
}

/** The command line docker gives the shell: line continuations removed as docker does; undefined when a comment or blank line sits inside. */
function commandLine(model: DockerfileModel, instr: DInstruction): string | undefined {
  const range = instr.node.getArgumentsRange();
  if (!range) return undefined;
  const span = model.file.spanOf(range);
  const raw = model.file.text.slice(span.start, span.end);
  const esc = model.escape;
  const lines = raw.split(/\r?\n/);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (i > 0 && (/^\s*#/.test(line) || !line.trim())) return undefined;
    if (i < lines.length - 1) {
      if (!line.endsWith(esc)) return undefined;
      line = line.slice(0, -esc.length);
    }
    out += line;
  }
  return out.trim();
}

/** The edit that writes an instruction's arguments as a JSON array; undefined when they need a shell. */
function execFormEdit(model: DockerfileModel, instr: DInstruction): Edit | undefined {
  const line = commandLine(model, instr);
  const argv = line === undefined ? undefined : plainArgv(line);
  if (!argv) return undefined;
  const span = model.file.spanOf(instr.node.getArgumentsRange()!);
  return { start: span.start, end: span.end, text: `[${argv.map((a) => JSON.stringify(a)).join(', ')}]` };
}

export default defineRule({
  meta: {
    code: 'DF057',
    name: 'no-shell-form-cmd',
    language: 'dockerfile',
    title: 'CMD/ENTRYPOINT in shell form',
    why:
      'In shell form the container runs `/bin/sh -c "<command>"`: the shell may stay PID 1 and not pass SIGTERM on, ' +
      'so `docker stop` waits and kills the process without a clean shutdown; images without a shell cannot start at all.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'reliability'],
    others: {
      hadolint: ['DL3025'],
      kics: ['Not Using JSON In CMD And ENTRYPOINT Arguments'],
      buildkit: ['JSONArgsRecommended'],
    },
    messages: {
      shellForm: message(
        '{{keyword}} in shell form runs under `/bin/sh -c`, which may not forward stop signals to the process. Use the ',
        'exec form {{keyword}} ["program", "arg", …]{{extra}}.',
      ),
    },
    fix: 'both',
  },
  *check({ model }) {
    const stage = model.finalStage;
    if (!stage) return;
    // The CMD and ENTRYPOINT the image ends up with, across the stages the final one is built FROM.
    let cmd: DInstruction | undefined;
    let entrypoint: DInstruction | undefined;
    let shell: string[] | undefined;
    for (const s of stageChain(stage).reverse()) {
      let cmdSetHere = false;
      for (const instr of s.instructions) {
        if (instr.keyword === 'CMD') {
          cmd = instr;
          cmdSetHere = true;
        } else if (instr.keyword === 'ENTRYPOINT') {
          entrypoint = instr;
          // Like BuildKit: an ENTRYPOINT drops the CMD inherited from earlier stages (or the base image).
          if (!cmdSetHere) cmd = undefined;
        } else if (instr.keyword === 'SHELL') {
          shell = execForm(instr.node);
        }
      }
    }
    // A non-POSIX SHELL (PowerShell, cmd) has its own rules; leave those images alone.
    const program = shell?.[0]
      ?.split(/[\\/]/)
      .pop()
      ?.toLowerCase()
      .replace(/\.exe$/, '');
    if (shell && (!program || !POSIX_SHELLS.has(program))) return;

    const entryShell = entrypoint && execForm(entrypoint.node) === undefined;
    const targets: DInstruction[] = [];
    if (entrypoint && entryShell) targets.push(entrypoint);
    // A shell-form ENTRYPOINT ignores CMD altogether: only report the CMD when it runs.
    if (cmd && !entryShell && execForm(cmd.node) === undefined) targets.push(cmd);
    for (const instr of targets) {
      if (!instr.node.getArgumentsRange()) continue;
      // Exec form hands an ENTRYPOINT the CMD as arguments, and a CMD reaches the ENTRYPOINT as the program
      // instead of `/bin/sh -c …`: when the file has the other instruction, offer the change but never apply it alone.
      const caveat =
        instr.keyword === 'ENTRYPOINT' && cmd ? 'the CMD becomes its arguments' : instr.keyword === 'CMD' && entrypoint ? 'the ENTRYPOINT receives it directly' : undefined;
      const shellCmd = instr.keyword === 'ENTRYPOINT' && cmd && execForm(cmd.node) === undefined ? cmd : undefined;
      const fixData: FixData = { instr, caveat, shellCmd };
      const extra = instr.keyword === 'CMD' && entrypoint ? ' (the ENTRYPOINT then receives the program, not /bin/sh)' : '';
      yield { messageId: 'shellForm', span: instr.span, data: { keyword: instr.keyword, extra }, fixData };
    }
  },
  fix(report, { model }) {
    const { instr, caveat, shellCmd } = report.fixData;
    const own = execFormEdit(model, instr);
    const cmd = shellCmd && execFormEdit(model, shellCmd);
    if (!own || (shellCmd && !cmd)) return [];
    const also = cmd ? ` and CMD ${cmd.text}` : '';
    const fix: Fix = {
      title: caveat ? `Use exec form ${own.text}${also} (${caveat})` : `Use exec form ${own.text}`,
      safe: caveat === undefined,
      edits: cmd ? [own, cmd] : [own],
    };
    return [fix];
  },
});
