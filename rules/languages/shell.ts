import type { Instruction } from 'dockerfile-ast';
import type { Span } from '../engine/types.js';
import type { SourceText } from '../engine/source.js';
import { unmovedNodeMemo } from './unmoved-node.js';
import type { DInstruction, DockerfileModel, FlagInfo, Stage } from './dockerfile.js';

/**
 * A small shell model for RUN scripts: enough to find commands and their words across `&&`, `||`,
 * `;`, `|`, `&`, newlines, line continuations, quotes, redirections, heredocs, `$(…)`/backtick/`<(…)`
 * substitutions and `sh -c '…'` strings. Not a full shell parser: it never evaluates anything and
 * never fails — odd input just yields odd words.
 */
export interface ShellWord {
  /** The word with quotes and escapes removed (substitutions are kept as written: `$(date)`). */
  value: string;
  /** File offsets of the word as written. */
  span: Span;
  /** Part of a redirection: the operator (`>`, `2>&1`, `<<EOF`) or its target (`/dev/null`). */
  redirect?: boolean;
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `2>`, `&>`, `2>&1`, `<<`, `<<-`, `<<<`… */
  op: string;
  /** The target's value (file name, here-string, heredoc delimiter); undefined for `2>&1`. */
  target: string | undefined;
  span: Span;
}

/** A heredoc body fed to a command as data (`cat <<EOF > /etc/x.conf`). */
export interface ShellHeredoc {
  delimiter: string;
  /** Quoted delimiter (`<<'EOF'`): the body is taken literally. */
  quoted: boolean;
  body: string;
  bodySpan: Span;
}

export interface ShellCommand {
  words: ShellWord[];
  span: Span;
  /** The operator that joined this command to the previous one (`|`, `&&`, `;`, newline as `\n`). */
  after: string | undefined;
  redirects: ShellRedirect[];
  /** Heredoc bodies this command reads as data. Bodies fed to a shell are parsed as commands instead. */
  heredocs: ShellHeredoc[];
  /** Commands inside this command's `$(…)`, backticks, `<(…)` and `sh -c '…'` script. */
  nested: ShellCommand[];
  /** For a nested command: the command whose word holds it. */
  parent?: ShellCommand;
}

function charTable(chars: string): boolean[] {
  const table: boolean[] = new Array(128).fill(false);
  for (const c of chars) table[c.charCodeAt(0)] = true;
  return table;
}
/** Characters that end or change a word outside quotes (the Dockerfile escape is checked separately). */
const SPECIAL = charTable(' \t\n\r\\<>$`&|;()\'"');
/** Characters with a meaning inside double quotes. */
const IN_DOUBLE_QUOTES_SPECIAL = charTable('"\\$`');

/** The control operator at `i` (`&&`, `||`, `;;`, `|&`, `;`, `|`, `&`, newline, `(`, `)`), without allocating: this runs for every character. */
function operatorAt(s: string, i: number): string | undefined {
  const c = s[i];
  const d = s[i + 1];
  switch (c) {
    case '&':
      return d === '&' ? '&&' : '&';
    case '|':
      return d === '|' ? '||' : d === '&' ? '|&' : '|';
    case ';':
      return d === ';' ? ';;' : ';';
    case '\n':
    case '(':
    case ')':
      return c;
    default:
      return undefined;
  }
}
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
/** Deeper nesting than this is not parsed (keeps pathological input cheap). */
const MAX_DEPTH = 8;

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
  owner: ShellWord[];
}

function isContinuation(s: string, i: number, escape: string): number {
  const c = s[i];
  if (c !== escape && c !== '\\') return 0;
  if (s[i + 1] === '\n') return 2;
  if (s[i + 1] === '\r' && s[i + 2] === '\n') return 3;
  return 0;
}

/** Index of the `)` closing the `(` at `open`, skipping quotes and nested parentheses; `s.length` if none. */
function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      i = close < 0 ? s.length : close;
    } else if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return s.length;
}

/** A redirection operator at `i` (with its fd prefix): `>`, `2>>`, `&>`, `2>&1`, `<&-`, `<<<`; not a heredoc. */
function matchRedirect(s: string, i: number): { op: string; end: number; closed: boolean } | undefined {
  let j = i;
  if (s[j] === '&' && s[j + 1] === '>') j++;
  else while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
  const c = s[j];
  if (c !== '>' && c !== '<') return undefined;
  if (s[j + 1] === '(') return undefined; // process substitution
  if (c === '<' && s[j + 1] === '<' && s[j + 2] !== '<') return undefined; // heredoc
  let k = j + 1;
  if (c === '<' && s.startsWith('<<', j)) k = j + 3;
  else if (s[k] === '>' || s[k] === '|' || (c === '<' && s[k] === '>')) k++;
  let closed = false;
  if (s[k] === '&' && (c === '>' || c === '<') && k === j + 1) {
    k++;
    // `2>&1`, `>&-`: the target is part of the operator.
    const m = k;
    while (k < s.length && /[0-9-]/.test(s[k])) k++;
    closed = k > m;
  }
  return { op: s.slice(i, k), end: k, closed };
}

interface ParseState {
  escape: string;
  depth: number;
}

function parse(script: string, baseOffset: number, state: ParseState): ShellCommand[] {
  const { escape } = state;
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let redirects: ShellRedirect[] = [];
  let substitutions: { text: string; offset: number }[] = [];
  let pendingOp: string | undefined;
  let pendingHeredocs: PendingHeredoc[] = [];
  let i = 0;
  const n = script.length;
  const at = (k: number) => baseOffset + Math.min(k, n);

  const endCommand = (op: string | undefined) => {
    if (words.length) {
      const cmd: ShellCommand = {
        words,
        span: { start: words[0].span.start, end: words[words.length - 1].span.end },
        after: pendingOp,
        redirects,
        heredocs: [],
        nested: [],
      };
      if (state.depth < MAX_DEPTH) {
        const inline = shellScriptWord(cmd);
        // Substitutions inside an `sh -c` script are found again when the script itself is parsed.
        const inScript = (offset: number) => inline !== undefined && offset >= inline.span.start && offset < inline.span.end;
        for (const sub of substitutions) {
          if (!inScript(sub.offset)) cmd.nested.push(...nestedCommands(sub.text, sub.offset, state, cmd));
        }
        if (inline) {
          const raw = rawInner(script, inline.span.start - baseOffset, inline.span.end - baseOffset);
          cmd.nested.push(
            ...nestedCommands(raw ? raw.text : inline.value, raw ? baseOffset + raw.offset : inline.span.start, state, cmd),
          );
        }
      }
      commands.push(cmd);
      words = [];
      redirects = [];
      substitutions = [];
      pendingOp = op;
    } else if (op && op !== '\n') {
      pendingOp = op;
    }
  };

  /** Reads heredoc bodies starting at `start` (the line after the operator); returns where parsing resumes. */
  const consumeHeredocs = (start: number): number => {
    let pos = start;
    for (const h of pendingHeredocs) {
      const bodyStart = pos;
      let bodyEnd = n;
      let resume = n;
      while (pos < n) {
        let eol = script.indexOf('\n', pos);
        if (eol < 0) eol = n;
        let line = script.slice(pos, eol);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) {
          bodyEnd = pos;
          resume = Math.min(eol + 1, n);
          break;
        }
        pos = eol + 1;
      }
      pos = resume;
      const body = script.slice(bodyStart, Math.max(bodyStart, bodyEnd));
      const owner = commands.find((c) => c.words === h.owner);
      if (!owner) continue;
      if (readsScriptFromStdin(owner) && state.depth < MAX_DEPTH) {
        const inner = parse(body, baseOffset + bodyStart, { escape: '\\', depth: state.depth + 1 });
        if (inner.length) inner[0].after = '\n';
        commands.push(...inner);
      } else {
        owner.heredocs.push({ delimiter: h.delimiter, quoted: h.quoted, body, bodySpan: { start: at(bodyStart), end: at(bodyStart + body.length) } });
      }
    }
    pendingHeredocs = [];
    return pos;
  };

  /** Scans a word starting at `i`; returns its value and end. Records substitutions. */
  const scanWord = (from: number, stopAtRedirect: boolean): { value: string; end: number } => {
    let k = from;
    let value = '';
    while (k < n) {
      // Fast path: a run of ordinary characters is taken in one slice.
      let plain = k;
      while (plain < n && !SPECIAL[script.charCodeAt(plain)] && script[plain] !== escape) plain++;
      if (plain > k) {
        value += script.slice(k, plain);
        k = plain;
        continue;
      }
      const ch = script[k];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') break;
      if (isContinuation(script, k, escape)) break;
      if ((ch === '<' || ch === '>') && script[k + 1] === '(') {
        const close = closingParen(script, k + 1);
        value += script.slice(k, Math.min(close + 1, n));
        substitutions.push({ text: script.slice(k + 2, Math.min(close, n)), offset: at(k + 2) });
        k = close + 1;
        continue;
      }
      if (ch === '$' && script[k + 1] === '(') {
        const close = closingParen(script, k + 1);
        value += script.slice(k, Math.min(close + 1, n));
        // $(( arithmetic )) holds no commands.
        if (script[k + 2] !== '(') substitutions.push({ text: script.slice(k + 2, Math.min(close, n)), offset: at(k + 2) });
        k = close + 1;
        continue;
      }
      if (ch === '`') {
        let close = k + 1;
        while (close < n && script[close] !== '`') close += script[close] === '\\' ? 2 : 1;
        value += script.slice(k, Math.min(close + 1, n));
        substitutions.push({ text: script.slice(k + 1, Math.min(close, n)), offset: at(k + 1) });
        k = close + 1;
        continue;
      }
      if (stopAtRedirect && k > from && (ch === '<' || ch === '>')) break;
      if (operatorAt(script, k) !== undefined) break;
      if (ch === "'") {
        const close = script.indexOf("'", k + 1);
        const end = close < 0 ? n : close;
        value += script.slice(k + 1, end);
        k = end + 1;
        continue;
      }
      if (ch === '"') {
        k++;
        while (k < n && script[k] !== '"') {
          if (script[k] === '\\' && k + 1 < n && '"\\$`\n'.includes(script[k + 1])) {
            if (script[k + 1] !== '\n') value += script[k + 1];
            k += 2;
            continue;
          }
          if (script[k] === '$' && script[k + 1] === '(' && script[k + 2] !== '(') {
            const close = closingParen(script, k + 1);
            value += script.slice(k, Math.min(close + 1, n));
            substitutions.push({ text: script.slice(k + 2, Math.min(close, n)), offset: at(k + 2) });
            k = close + 1;
            continue;
          }
          if (script[k] === '`') {
            let close = k + 1;
            while (close < n && script[close] !== '`' && script[close] !== '"') close += script[close] === '\\' ? 2 : 1;
            value += script.slice(k, Math.min(close + 1, n));
            substitutions.push({ text: script.slice(k + 1, Math.min(close, n)), offset: at(k + 1) });
            k = close + 1;
            continue;
          }
          let plain = k + 1;
          while (plain < n && !IN_DOUBLE_QUOTES_SPECIAL[script.charCodeAt(plain)]) plain++;
          value += script.slice(k, plain);
          k = plain;
        }
        k++;
        continue;
      }
      if (ch === '\\' && k + 1 < n) {
        value += script[k + 1];
        k += 2;
        continue;
      }
      value += ch;
      k++;
    }
    return { value, end: Math.min(k, n) };
  };

  while (i < n) {
    const c = script[i];
    // Line continuation (Dockerfile escape or backslash) joins lines.
    const cont = isContinuation(script, i, escape);
    if (cont) {
      i += cont;
      continue;
    }
    if (c === '\n' && pendingHeredocs.length) {
      endCommand('\n');
      i = consumeHeredocs(i + 1);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && script[i] !== '\n') i++;
      continue;
    }
    // Heredoc: `<<EOF`, `<<-EOF`, `<< 'EOF'`, `<<"EOF"`.
    if (c === '<' && script[i + 1] === '<' && script[i + 2] !== '<') {
      const start = i;
      let k = i + 2;
      const stripTabs = script[k] === '-';
      if (stripTabs) k++;
      while (script[k] === ' ' || script[k] === '\t') k++;
      const delimStart = k;
      const d = scanWord(k, true);
      const quoted = /['"\\]/.test(script.slice(delimStart, d.end));
      const op = stripTabs ? '<<-' : '<<';
      words.push({ value: `${op}${d.value}`, span: { start: at(start), end: at(d.end) }, redirect: true });
      redirects.push({ op, target: d.value, span: { start: at(start), end: at(d.end) } });
      if (d.value) pendingHeredocs.push({ delimiter: d.value, stripTabs, quoted, owner: words });
      i = Math.max(d.end, i + 2);
      continue;
    }
    const redirect = matchRedirect(script, i);
    if (redirect) {
      const opSpan = { start: at(i), end: at(redirect.end) };
      words.push({ value: redirect.op, span: opSpan, redirect: true });
      i = redirect.end;
      let target: ShellWord | undefined;
      if (!redirect.closed) {
        while (script[i] === ' ' || script[i] === '\t') i++;
        const tc = script[i];
        if (i < n && tc !== '\n' && tc !== '\r' && !isContinuation(script, i, escape) && operatorAt(script, i) === undefined) {
          const w = scanWord(i, true);
          target = { value: w.value, span: { start: at(i), end: at(w.end) }, redirect: true };
          words.push(target);
          i = Math.max(w.end, i + 1);
        }
      }
      redirects.push({ op: redirect.op, target: target?.value, span: { start: opSpan.start, end: target?.span.end ?? opSpan.end } });
      continue;
    }
    const op = operatorAt(script, i);
    if (op) {
      endCommand(op);
      i += op.length;
      continue;
    }
    // A word: runs until unquoted white space, an operator or a redirection.
    const start = i;
    const w = scanWord(i, true);
    words.push({ value: w.value, span: { start: at(start), end: at(w.end) } });
    i = Math.max(w.end, i + 1);
  }
  endCommand(undefined);
  if (pendingHeredocs.length) pendingHeredocs = [];
  return commands;
}

function nestedCommands(text: string, offset: number, state: ParseState, parent: ShellCommand): ShellCommand[] {
  const inner = parse(text, offset, { escape: '\\', depth: state.depth + 1 });
  for (const c of inner) c.parent = parent;
  return inner;
}

/** The raw text inside a word that is one quoted string (`'…'`, `"…"`), or the word itself when unquoted. */
function rawInner(script: string, start: number, end: number): { text: string; offset: number } | undefined {
  const raw = script.slice(start, end);
  if (raw.length >= 2 && (raw[0] === "'" || raw[0] === '"') && raw[raw.length - 1] === raw[0] && raw.indexOf(raw[0], 1) === raw.length - 1) {
    return { text: raw.slice(1, -1), offset: start + 1 };
  }
  if (!/['"\\]/.test(raw)) return { text: raw, offset: start };
  return undefined;
}

/** `sh -c 'script'` / `bash -euxo pipefail -c "…"`: the word holding the script. */
function shellScriptWord(cmd: ShellCommand): ShellWord | undefined {
  const name = commandName(cmd);
  if (!name || !SHELLS.has(name.name)) return undefined;
  let sawC = false;
  const words = cmd.words;
  for (let i = name.index + 1; i < words.length; i++) {
    const w = words[i];
    if (w.redirect) continue;
    const v = w.value;
    if ((v.startsWith('-') || v.startsWith('+')) && v.length > 1 && !v.startsWith('--')) {
      if (v.slice(1).includes('c')) sawC = true;
      if (v.endsWith('o')) i++; // `-o pipefail`
      continue;
    }
    if (v.startsWith('--')) continue;
    return sawC ? w : undefined;
  }
  return undefined;
}

/** A shell reading its script from stdin (so a heredoc fed to it is shell), or no command at all (`RUN <<EOF`). */
function readsScriptFromStdin(cmd: ShellCommand): boolean {
  const name = commandName(cmd);
  if (!name) return true;
  if (!SHELLS.has(name.name)) return false;
  return !shellScriptWord(cmd) && !cmd.words.slice(name.index + 1).some((w) => !w.redirect && !w.value.startsWith('-'));
}

export function parseShell(script: string, baseOffset = 0, escape = '\\'): ShellCommand[] {
  return parse(script, baseOffset, { escape, depth: 0 });
}

/** Every command of the list with the commands nested in it (substitutions, `sh -c`), depth first. */
export function allCommands(commands: readonly ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  const visit = (list: readonly ShellCommand[]) => {
    for (const c of list) {
      out.push(c);
      if (c.nested.length) visit(c.nested);
    }
  };
  visit(commands);
  return out;
}

/** Options of wrapper commands that take a value (so the value is not the command name). */
const WRAPPERS: Record<string, readonly string[]> = {
  sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--close-from', '--chdir', '--host', '--prompt', '--role', '--type', '--other-user', '--command-timeout'],
  env: ['-u', '--unset', '-C', '--chdir'],
  exec: ['-a'],
  nohup: [],
  time: ['-f', '--format', '-o', '--output'],
  command: [],
  builtin: [],
};
/** Reserved words that may precede a command (`if grep …`, `then apt-get …`). */
const KEYWORDS = new Set(['!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '{']);

/**
 * The command name, skipping leading `sudo` (and its options), `env`, `VAR=value` assignments,
 * `exec`, `nohup`, `time`, reserved words (`then`, `do`…) and redirections. `index` is into `words`.
 */
export function commandName(cmd: ShellCommand): { name: string; index: number } | undefined {
  // Memoised: dozens of rules ask for every command's name on every lint (it was ~10% of a Dockerfile lint).
  // A command's words never change once parsed.
  let found = commandNames.get(cmd);
  if (found === undefined) commandNames.set(cmd, (found = findCommandName(cmd) ?? null));
  return found ?? undefined;
}
const commandNames = new WeakMap<ShellCommand, { name: string; index: number } | null>();

function findCommandName(cmd: ShellCommand): { name: string; index: number } | undefined {
  let wrapper: string | undefined;
  for (let i = 0; i < cmd.words.length; i++) {
    const word = cmd.words[i];
    if (word.redirect) continue;
    const w = word.value;
    if (wrapper) {
      if (w === '--') {
        wrapper = undefined;
        continue;
      }
      if (w.startsWith('-') && w.length > 1) {
        if (wrapper === 'command' && (w === '-v' || w === '-V')) return { name: 'command', index: i - 1 };
        if (WRAPPERS[wrapper].includes(w)) i++;
        continue;
      }
    }
    if (/^\w+=/.test(w)) continue;
    if (Object.hasOwn(WRAPPERS, w)) {
      wrapper = w;
      continue;
    }
    if (KEYWORDS.has(w) && !wrapper) continue;
    const name = w.includes('$(') || w.includes('`') ? w : (w.split('/').pop() ?? w);
    return { name, index: i };
  }
  return undefined;
}

/** The words after the command name that are not redirections. */
export function argumentWords(cmd: ShellCommand): ShellWord[] {
  const name = commandName(cmd);
  if (!name) return [];
  return cmd.words.slice(name.index + 1).filter((w) => !w.redirect);
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
  /** Top-level commands, in order. */
  commands: ShellCommand[];
  /** Every command including nested ones (`$(…)`, `sh -c`), depth first. */
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

function execCommand(model: DockerfileModel, words: ShellWord[]): ShellCommand[] {
  const cmd: ShellCommand = {
    words,
    span: { start: words[0].span.start, end: words[words.length - 1].span.end },
    after: undefined,
    redirects: [],
    heredocs: [],
    nested: [],
  };
  const script = shellScriptWord(cmd);
  if (script) {
    const raw = model.file.text.slice(script.span.start + 1, script.span.end - 1);
    const text = raw === script.value ? raw : script.value;
    cmd.nested.push(...nestedCommands(text, script.span.start + 1, { escape: '\\', depth: 0 }, cmd));
  }
  return [cmd];
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
    const trigger = (node as Instruction & { getTriggerInstruction?(): Instruction | null }).getTriggerInstruction?.();
    if (!trigger || trigger.getKeyword().toUpperCase() !== 'RUN') return undefined;
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
  const commands = words
    ? execCommand(model, words)
    : parseShell(model.file.text.slice(scriptSpan.start, scriptSpan.end), scriptSpan.start, model.escape);
  return { instr, onbuild, flags, exec: !!words, scriptSpan, commands, all: allCommands(commands) };
}

const shellAcrossVersions = unmovedNodeMemo(buildRunShell);

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
export function findCommands(
  model: DockerfileModel,
  match: string | readonly string[] | ((name: string) => boolean),
  stage?: Stage,
): FoundCommand[] {
  const test = typeof match === 'function' ? match : typeof match === 'string' ? (n: string) => n === match : (n: string) => match.includes(n);
  const out: FoundCommand[] = [];
  for (const run of runShells(model, stage)) {
    for (const cmd of run.all) {
      const name = commandName(cmd);
      if (name && test(name.name)) out.push({ run, cmd, name: name.name, index: name.index });
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
  return parseShell(model.file.text.slice(start, instr.span.end), start, model.escape);
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
  const files = cmd.redirects.filter((r) => r.op.includes('>') && !r.op.includes('&') && r.target).map((r) => r.target!);
  const next = list[i + 1];
  if (next && (next.after === '|' || next.after === '|&') && commandName(next)?.name === 'tee') {
    files.push(...argumentWords(next).filter((w) => !w.value.startsWith('-')).map((w) => w.value));
  }
  return files;
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
    list.forEach((cmd, i) => {
      const outputs = outputFiles(list, i);
      for (const word of cmd.words) {
        out.push({ text: word.value, cmd, word, outputs, span: word.span, offsetOf: (k) => offsetInWord(text, word, k) });
      }
      for (const h of cmd.heredocs) {
        out.push({ text: h.body, cmd, heredoc: h, outputs, span: h.bodySpan, offsetOf: (k) => h.bodySpan.start + k });
      }
      if (cmd.nested.length) visit(cmd.nested);
    });
  };
  visit(run.commands);
  return out;
}

/** The span of characters `[from, to)` of a script text, or the whole text's span when offsets are not exact. */
export function spanInText(t: ScriptText, from: number, to: number): Span {
  const s = t.offsetOf(from);
  const e = t.offsetOf(to);
  return s !== undefined && e !== undefined ? { start: s, end: e } : t.span;
}
