// The hand-written shell reader Bosun used before the bash grammar (rules/languages/shell.ts at 0a9e449),
// kept only to measure against: bench/shell-eval/run.ts and the old-vs-new differential.
/* eslint-disable */
import type { Span } from '../../rules/engine/types.js';
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
          cmd.nested.push(...nestedCommands(raw ? raw.text : inline.value, raw ? baseOffset + raw.offset : inline.span.start, state, cmd));
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
  sudo: [
    '-u',
    '-g',
    '-C',
    '-D',
    '-h',
    '-p',
    '-r',
    '-t',
    '-U',
    '-T',
    '--user',
    '--group',
    '--close-from',
    '--chdir',
    '--host',
    '--prompt',
    '--role',
    '--type',
    '--other-user',
    '--command-timeout',
  ],
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
