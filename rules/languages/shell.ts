import type { Span } from '../engine/types.js';

/**
 * A small shell model for RUN scripts: enough to find commands and their words across `&&`, `||`,
 * `;`, `|`, `&`, newlines, line continuations, quotes and heredoc bodies. Not a full shell parser:
 * it never evaluates anything and never fails — odd input just yields odd words.
 */
export interface ShellWord {
  /** The word with quotes and escapes removed. */
  value: string;
  /** File offsets of the word as written. */
  span: Span;
}

export interface ShellCommand {
  words: ShellWord[];
  span: Span;
  /** The operator that joined this command to the previous one (`|`, `&&`, `;`, newline as `\n`). */
  after: string | undefined;
}

const OPERATORS = ['&&', '||', ';;', '|&', ';', '|', '&', '\n', '(', ')'];

export function parseShell(script: string, baseOffset = 0, escape = '\\'): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let pendingOp: string | undefined;
  let i = 0;
  const n = script.length;

  const endCommand = (op: string | undefined) => {
    if (words.length) {
      commands.push({
        words,
        span: { start: words[0].span.start, end: words[words.length - 1].span.end },
        after: pendingOp,
      });
      words = [];
      pendingOp = op;
    } else if (op && op !== '\n') {
      pendingOp = op;
    }
  };

  while (i < n) {
    const c = script[i];
    // Line continuation (Dockerfile escape or backslash) joins lines.
    if ((c === escape || c === '\\') && (script[i + 1] === '\n' || (script[i + 1] === '\r' && script[i + 2] === '\n'))) {
      i += script[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' ) {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => script.startsWith(o, i));
    if (op) {
      endCommand(op);
      i += op.length;
      continue;
    }
    // A word: runs until unquoted white space or an operator.
    const start = i;
    let value = '';
    while (i < n) {
      const ch = script[i];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') break;
      if ((ch === escape || ch === '\\') && (script[i + 1] === '\n' || script[i + 1] === '\r')) break;
      if (OPERATORS.some((o) => o !== '\n' && script.startsWith(o, i))) break;
      if (ch === "'") {
        const close = script.indexOf("'", i + 1);
        const end = close < 0 ? n : close;
        value += script.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if (ch === '"') {
        i++;
        while (i < n && script[i] !== '"') {
          if (script[i] === '\\' && i + 1 < n && '"\\$`\n'.includes(script[i + 1])) {
            if (script[i + 1] !== '\n') value += script[i + 1];
            i += 2;
            continue;
          }
          value += script[i++];
        }
        i++;
        continue;
      }
      if (ch === '\\' && i + 1 < n) {
        value += script[i + 1];
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    words.push({ value, span: { start: baseOffset + start, end: baseOffset + Math.min(i, n) } });
  }
  endCommand(undefined);
  return commands;
}

/** The command name, skipping leading `sudo`, `env`, `VAR=value` assignments, `exec`, `nohup`, `time`. */
export function commandName(cmd: ShellCommand): { name: string; index: number } | undefined {
  const wrappers = new Set(['sudo', 'env', 'exec', 'nohup', 'time', 'command', 'builtin']);
  for (let i = 0; i < cmd.words.length; i++) {
    const w = cmd.words[i].value;
    if (/^\w+=/.test(w)) continue;
    if (wrappers.has(w)) continue;
    if (w.startsWith('-') && i > 0 && wrappers.has(cmd.words[i - 1].value)) continue;
    return { name: w.split('/').pop() ?? w, index: i };
  }
  return undefined;
}
