/**
 * Reads a shell script into Bosun's command model (shell-types.ts) from the bash grammar's tree:
 * lists, pipelines, `&&`/`||`, compound commands (`{ }`, `( )`, if, while, until, for, case,
 * functions), redirections, heredocs, substitutions, and the scripts of `sh -c '…'` and of heredocs
 * fed to a shell. Error-tolerant: a half-typed command leaves the complete ones around it intact.
 * Linear: the tree is walked once; deeper nesting than MAX_NESTING is not read, and scripts inside
 * scripts (`sh -c`) at most MAX_SCRIPT_DEPTH deep.
 */
import type { BashNode } from './shell-grammar.js';
import { parseBash } from './shell-grammar.js';
import { SHELLS, readsScriptFromStdin, shellScriptWord, wordsChanged } from './shell-names.js';
import { ShellSource, dockerScript } from './shell-source.js';
import type { Span } from '../engine/types.js';
import type { CompoundKind, ShellCommand, ShellHeredoc, ShellWord } from './shell-types.js';
import { ValueBuilder, valueOf, wordValue } from './shell-words.js';
import { firstNotBefore } from '../engine/sorted-search.js';

/** Compound commands and substitutions nested deeper than this are not read (no real script comes close). */
const MAX_NESTING = 200;
/** Scripts inside scripts (`sh -c "sh -c '…'"`, heredocs fed to a shell) are read this deep. */
export const MAX_SCRIPT_DEPTH = 8;

/** Statements that are one simple command. */
const SIMPLE = new Set(['command', 'declaration_command', 'unset_command', 'test_command', 'variable_assignment', 'variable_assignments']);
const REDIRECTS = new Set(['file_redirect', 'heredoc_redirect', 'herestring_redirect']);
/** Tokens that join statements of a list. */
const JOINERS = new Set([';', '&', '&&', '||', '|', '|&', ';;', ';&', ';;&']);
const SUBSTITUTIONS = new Set(['command_substitution', 'process_substitution']);

/** A heredoc read from the tree, resolved once its command's words are all known. */
interface PendingHeredoc {
  owner: ShellCommand;
  heredoc: ShellHeredoc;
  /** The body (its substitutions run when the delimiter is unquoted). */
  bodyNode: BashNode;
}

/** The index of an ERROR child holding only list operators (`;`, `&&`), or -1 (see Reader.simple). */
function joinerError(children: readonly BashNode[]): number {
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (c.type === 'ERROR' && c.children.length > 0 && c.children.every((t) => !t.named && JOINERS.has(t.type))) return i;
  }
  return -1;
}

/**
 * The list a command has while it has no word, redirection, heredoc or nested command of its own:
 * one frozen empty array for all (most commands have no redirection, heredoc or nested command, and a
 * generated RUN has tens of thousands of commands). `owned` gives a command its own list before the
 * reader adds to it; nothing else adds to a command's lists.
 */
const NONE = Object.freeze([]) as unknown as never[];

type CommandList = 'words' | 'redirects' | 'heredocs' | 'nested';

/** `cmd`'s own list `key`, made when it still has the shared empty one (see NONE). */
function owned<K extends CommandList>(cmd: ShellCommand, key: K): ShellCommand[K] {
  if (cmd[key] === NONE) cmd[key] = [] as unknown as ShellCommand[K];
  return cmd[key];
}

/** A simple command's span until its words are read (see `simple`). */
const SPAN_NOT_READ: Span = Object.freeze({ start: -1, end: -1 });

/** Orders words and redirections as written (a shared function: a sort with an arrow written in place allocates it per call). */
const byStart = (a: { span: Span }, b: { span: Span }) => a.span.start - b.span.start;

/** Reads one parsed text. */
class Reader {
  readonly text: string;
  private pending: PendingHeredoc[] = [];
  /**
   * The words `simple` read from nodes, and their nodes, in the order read: two stacks of `readCount`
   * entries rather than two arrays per command (a generated RUN has tens of thousands). A command's
   * entries start where the stacks stood when it began; a command read meanwhile (a heredoc's
   * `&& next`, a substitution) goes above them and leaves the count as it found it. Entries above the
   * count are stale, not cleared: emptying an array frees its storage, and the next push allocates it again.
   */
  private readonly readWords: ShellWord[] = [];
  private readonly readNodes: BashNode[] = [];
  private readCount = 0;

  constructor(
    readonly source: ShellSource,
    readonly depth: number,
  ) {
    this.text = source.text;
  }

  read(root: BashNode): ShellCommand[] {
    const list: ShellCommand[] = [];
    this.statements(root.children, list, undefined, 0, false);
    this.resolveHeredocs();
    return list;
  }

  private span(node: BashNode) {
    return this.source.span(node.start, node.end);
  }

  private word(node: BashNode, redirect = false): ShellWord {
    const w: ShellWord = { value: valueOf(node, this.text), span: this.span(node) };
    if (redirect) w.redirect = true;
    return w;
  }

  /** Statements of one list (a script, a body, a branch): the first starts the list. */
  statements(nodes: readonly BashNode[], list: ShellCommand[], parent: ShellCommand | undefined, level: number, tested: boolean): void {
    let op: string | undefined;
    let first = true;
    let prevEnd = -1;
    // Indexed loops over children here and below: a list or a pipeline can have tens of thousands, and
    // until the loop is optimized each step of a for-of allocates.
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (!node.named) {
        if (JOINERS.has(node.type)) op = node.type.startsWith(';;') || node.type === ';&' ? ';' : node.type;
        continue;
      }
      if (node.type === 'comment') continue;
      const before = list.length;
      const after = first ? undefined : (op ?? (this.text.slice(prevEnd, node.start).includes('\n') ? '\n' : ';'));
      this.statement(node, list, after, parent, level, tested);
      if (list.length > before) {
        first = false;
        prevEnd = node.end;
        op = undefined;
      }
    }
  }

  statement(node: BashNode, list: ShellCommand[], after: string | undefined, parent: ShellCommand | undefined, level: number, tested: boolean): void {
    if (level > MAX_NESTING) return;
    const type = node.type;
    if (SIMPLE.has(type)) {
      this.simple(node, list, after, parent, level, tested);
      return;
    }
    switch (type) {
      case 'redirected_statement':
        this.redirected(node, list, after, parent, level, tested);
        return;
      case 'pipeline': {
        let op = after;
        let firstMember = true;
        const children = node.children;
        for (let i = 0; i < children.length; i++) {
          const child = children[i];
          if (!child.named) {
            if (child.type === '|' || child.type === '|&') op = child.type;
            continue;
          }
          if (child.type === 'comment') continue;
          const before = list.length;
          this.statement(child, list, firstMember ? after : op, parent, level + 1, tested);
          if (list.length > before) firstMember = false;
        }
        return;
      }
      case 'list': {
        // Left-deep (`a && b && c` is `(a && b) && c`): walk the spine without recursion.
        const rights: { op: string; node: BashNode }[] = [];
        let left: BashNode = node;
        while (left.type === 'list') {
          const named = left.children.filter((c) => c.named && c.type !== 'comment');
          const opNode = left.children.find((c) => !c.named && (c.type === '&&' || c.type === '||'));
          if (named.length < 2) break;
          rights.push({ op: opNode?.type ?? '&&', node: named[named.length - 1] });
          left = named[0];
        }
        this.statement(left, list, after, parent, level + 1, tested);
        for (let i = rights.length - 1; i >= 0; i--) this.statement(rights[i].node, list, rights[i].op, parent, level + 1, tested);
        return;
      }
      case 'negated_command': {
        const inner = node.children.find((c) => c.named);
        if (inner) this.statement(inner, list, after, parent, level + 1, true);
        return;
      }
      case 'subshell':
        this.compound('subshell', node, list, after, parent, level, tested, (cmd) => this.statements(node.children, cmd.nested, cmd, level + 1, tested));
        return;
      case 'compound_statement': {
        const arithmetic = this.text.startsWith('((', node.start);
        this.compound(arithmetic ? 'arithmetic' : 'group', node, list, after, parent, level, tested, (cmd) => {
          if (arithmetic) this.substitutions(node, cmd, level);
          else this.statements(node.children, cmd.nested, cmd, level + 1, tested);
        });
        return;
      }
      case 'if_statement':
        this.compound('if', node, list, after, parent, level, tested, (cmd) => this.ifBranches(node, cmd, level, tested));
        return;
      case 'while_statement': {
        const kind = this.text.startsWith('until', node.start) ? 'until' : 'while';
        this.compound(kind, node, list, after, parent, level, tested, (cmd) => {
          const body = node.children.find((c) => c.type === 'do_group');
          this.statements(
            node.children.filter((c) => c !== body),
            cmd.nested,
            cmd,
            level + 1,
            true,
          );
          if (body) this.statements(body.children, cmd.nested, cmd, level + 1, tested);
        });
        return;
      }
      case 'for_statement':
      case 'c_style_for_statement':
        this.compound('for', node, list, after, parent, level, tested, (cmd) => {
          for (const child of node.children) {
            if (child.type === 'do_group' || (child.field === 'body' && child.type === 'compound_statement')) {
              this.statements(child.children, cmd.nested, cmd, level + 1, tested);
              continue;
            }
            if (!child.named || child.type === 'comment') continue;
            // `for name in a b c`: the loop variable and its values are the words of the loop.
            if (node.type === 'for_statement' && (child.field === 'variable' || child.field === 'value')) cmd.words.push(this.word(child));
            this.substitutions(child, cmd, level);
          }
        });
        return;
      case 'case_statement':
        this.compound('case', node, list, after, parent, level, tested, (cmd) => {
          for (const child of node.children) {
            if (child.type !== 'case_item') {
              if (child.named) this.substitutions(child, cmd, level);
              continue;
            }
            // A pattern (`x|y)`) is never a command.
            const body: BashNode[] = [];
            for (const c of child.children) {
              if (c.field === 'value' || (!c.named && !JOINERS.has(c.type))) {
                if (c.named) this.substitutions(c, cmd, level);
              } else {
                body.push(c);
              }
            }
            this.statements(body, cmd.nested, cmd, level + 1, tested);
          }
        });
        return;
      case 'function_definition':
        this.compound('function', node, list, after, parent, level, tested, (cmd) => {
          const body = node.children.find((c) => c.field === 'body') ?? node.children.find((c) => c.type === 'compound_statement' || c.type === 'subshell');
          if (!body) return;
          if (body.type === 'compound_statement') this.statements(body.children, cmd.nested, cmd, level + 1, tested);
          else this.statement(body, cmd.nested, undefined, cmd, level + 1, tested);
          for (const r of node.children) if (REDIRECTS.has(r.type)) this.redirect(r, cmd, cmd.nested, cmd, level, tested);
        });
        return;
      case 'file_redirect':
      case 'heredoc_redirect':
      case 'herestring_redirect': {
        // A redirection with no command (`> file`, or what error recovery left of one).
        const cmd = this.newCommand(this.span(node), after, parent, tested);
        list.push(cmd);
        this.redirect(node, cmd, list, parent, level, tested);
        this.finish(cmd);
        return;
      }
      case 'ERROR':
        // What error recovery could not place: the complete statements inside still count.
        this.statements(node.children, list, parent, level + 1, tested);
        return;
      default:
        return;
    }
  }

  private newCommand(span: Span, after: string | undefined, parent: ShellCommand | undefined, tested: boolean, kind?: CompoundKind): ShellCommand {
    // Every memo field is in the literal: one added later would get storage of its own on every command.
    const cmd: ShellCommand = { words: NONE, span, after, redirects: NONE, heredocs: NONE, nested: NONE, parent, nameMemo: undefined, argsMemo: undefined };
    if (kind) cmd.kind = kind;
    if (tested) cmd.tested = true;
    return cmd;
  }

  private compound(
    kind: CompoundKind,
    node: BashNode,
    list: ShellCommand[],
    after: string | undefined,
    parent: ShellCommand | undefined,
    _level: number,
    tested: boolean,
    fill: (cmd: ShellCommand) => void,
  ): ShellCommand {
    const cmd = this.newCommand(this.span(node), after, parent, tested, kind);
    // A compound command has a body, and maybe words (`for x in a b`): lists of its own from the start.
    cmd.words = [];
    cmd.nested = [];
    list.push(cmd);
    fill(cmd);
    return cmd;
  }

  /** `if c; then a; elif d; then b; else e; fi`: conditions are tested, each branch starts a list. */
  private ifBranches(node: BashNode, cmd: ShellCommand, level: number, tested: boolean): void {
    let condition = true;
    let segment: BashNode[] = [];
    const flush = () => {
      if (segment.length) this.statements(segment, cmd.nested, cmd, level + 1, condition || tested);
      segment = [];
    };
    const visit = (children: readonly BashNode[]) => {
      for (const c of children) {
        if (c.type === 'elif_clause' || c.type === 'else_clause') {
          flush();
          visit(c.children);
          continue;
        }
        if (!c.named) {
          if (c.type === 'if' || c.type === 'elif') {
            flush();
            condition = true;
            continue;
          }
          if (c.type === 'then' || c.type === 'else') {
            flush();
            condition = false;
            continue;
          }
          if (c.type === 'fi') {
            flush();
            continue;
          }
        }
        segment.push(c);
      }
    };
    visit(node.children);
    flush();
  }

  /** A simple command (or a declaration, `unset`, `[ … ]`, a bare assignment). */
  private simple(node: BashNode, list: ShellCommand[], after: string | undefined, parent: ShellCommand | undefined, level: number, tested: boolean): ShellCommand {
    // Its span is its words' (set by finish); the node's only when it has none.
    const cmd = this.newCommand(SPAN_NOT_READ, after, parent, tested);
    list.push(cmd);
    const mark = this.readCount;
    let rest: { node: BashNode; op: string } | undefined;
    const children = node.children;
    switch (node.type) {
      case 'command': {
        // The grammar sometimes runs two commands into one around an ERROR holding just `;` or
        // `&&` (`x=$(id) > f; echo hi`): the words after it are the next command.
        const split = joinerError(children);
        const ownEnd = split < 0 ? children.length : split;
        for (let i = 0; i < ownEnd; i++) {
          const child = children[i];
          // The name's word is a child like the arguments (the copy leaves out `command_name` around it).
          if (REDIRECTS.has(child.type)) this.redirect(child, cmd, list, parent, level, tested);
          else if (child.named && child.type !== 'comment') this.addWord(child);
        }
        const next = split >= 0 ? children.slice(split + 1) : [];
        if (next.length) {
          const error = children[split];
          const op = this.text.slice(error.start, error.end).replace(/\s+/g, '');
          rest = { node: { ...node, start: next[0].start, children: next }, op: JOINERS.has(op) ? op : ';' };
        }
        break;
      }
      case 'test_command':
        this.testWords(node);
        break;
      case 'variable_assignments':
        for (const child of children) if (child.named) this.addWord(child);
        break;
      case 'variable_assignment':
        this.addWord(node);
        break;
      default:
        // declaration_command, unset_command: the keyword, then its operands.
        for (const child of children) {
          if (REDIRECTS.has(child.type)) this.redirect(child, cmd, list, parent, level, tested);
          else if (child.named || (cmd.words.length === 0 && this.readCount === mark)) this.addWord(child);
        }
    }
    const readWords = this.readWords;
    const readNodes = this.readNodes;
    const end = this.readCount;
    // Its words as one exact-size array (a script keeps every command's words): the ones read here, and
    // a redirection's, already in `cmd.words`.
    const own = readWords.slice(mark, end);
    cmd.words = cmd.words.length ? cmd.words.concat(own) : own;
    this.finish(cmd);
    if (cmd.span === SPAN_NOT_READ) cmd.span = this.span(node);
    const script = this.depth < MAX_SCRIPT_DEPTH ? shellScriptWord(cmd) : undefined;
    for (let k = mark; k < end; k++) {
      const n = readNodes[k];
      if (readWords[k] === script) {
        // `sh -c '…'`: its substitutions are found again when the script is read.
        const from: number[] = [];
        const to: number[] = [];
        const out = new ValueBuilder(from, to);
        wordValue(n, this.text, out);
        const offsets = Int32Array.from(from, (k) => this.source.at(k));
        const ends = Int32Array.from(to, (k) => this.source.endAt(k));
        this.nestedScript(new ShellSource(out.value, this.source.at(n.start), offsets, ends), cmd);
      } else if (n.children.length) {
        // A leaf (a plain word: most) holds no substitution.
        this.substitutions(n, cmd, level);
      }
    }
    this.readCount = mark;
    if (rest) this.simple(rest.node, list, rest.op, parent, level + 1, tested);
    return cmd;
  }

  /** Reads the word of `node` for the simple command being read (see `readWords`). */
  private addWord(node: BashNode): void {
    const k = this.readCount++;
    this.readWords[k] = this.word(node);
    this.readNodes[k] = node;
  }

  /** `[ -f x ]`, `[[ $a == b* ]]`: the brackets and the words and operators in between. */
  private testWords(node: BashNode): void {
    const stack: BashNode[] = [...node.children].reverse();
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === 'comment') continue;
      const wordLike = n.named && !n.type.endsWith('_expression');
      if (wordLike || n.children.length === 0) this.addWord(n);
      else for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }

  /** A statement with redirections after it: `cmd > f`, `{ …; } 2>&1`, `cat <<EOF && next`. */
  private redirected(node: BashNode, list: ShellCommand[], after: string | undefined, parent: ShellCommand | undefined, level: number, tested: boolean): void {
    const body = node.children.find((c) => c.field === 'body') ?? node.children.find((c) => c.named && !REDIRECTS.has(c.type) && c.type !== 'comment');
    let target: ShellCommand | undefined;
    const before = list.length;
    if (body) {
      this.statement(body, list, after, parent, level + 1, tested);
      // The redirections apply to the statement's last command (`a | b > f` redirects b).
      target = list.length > before ? list[list.length - 1] : undefined;
      while (target && target.parent !== parent && target.parent) target = target.parent;
    }
    if (!target) {
      target = this.newCommand(this.span(node), after, parent, tested);
      list.push(target);
    }
    for (const r of node.children) if (r !== body && REDIRECTS.has(r.type)) this.redirect(r, target, list, parent, level, tested);
    this.finish(target);
  }

  /** Adds a redirection's words to `cmd`; a heredoc's continuation (`<<EOF && next`) joins `list`. */
  private redirect(node: BashNode, cmd: ShellCommand, list: ShellCommand[], parent: ShellCommand | undefined, level: number, tested: boolean): void {
    const children = node.children;
    if (node.type === 'heredoc_redirect') {
      const startNode = children.find((c) => c.type === 'heredoc_start');
      const opNode = children.find((c) => c.type === '<<' || c.type === '<<-');
      if (!startNode || !opNode) return;
      const raw = this.text.slice(startNode.start, startNode.end);
      const delimiter = raw.replace(/['"\\]/g, '');
      const opText = this.text.slice(node.start, opNode.end);
      const opSpan = this.source.span(node.start, startNode.end);
      owned(cmd, 'words').push({ value: `${opText}${delimiter}`, span: opSpan, redirect: true });
      owned(cmd, 'redirects').push({ op: opText, target: delimiter, span: opSpan });
      let joiner: string | undefined;
      for (const c of children) {
        if (c.field === 'argument') owned(cmd, 'words').push(this.word(c));
        else if (REDIRECTS.has(c.type)) this.redirect(c, cmd, list, parent, level, tested);
        else if (c.type === 'pipeline') this.heredocPipeline(c, list, parent, level, tested);
        else if (!c.named && (c.type === '&&' || c.type === '||')) joiner = c.type;
        else if (c.field === 'right') this.statement(c, list, joiner ?? '&&', parent, level + 1, tested);
        else if (c.type === 'heredoc_body') {
          this.pending.push({
            owner: cmd,
            heredoc: { delimiter, quoted: raw !== delimiter, body: this.text.slice(c.start, c.end), bodySpan: this.span(c) },
            bodyNode: c,
          });
        }
      }
      return;
    }
    const opNode = children.find((c) => !c.named);
    const opEnd = opNode ? opNode.end : node.start;
    const targets = children.filter((c) => c.named && c.start >= opEnd && c.type !== 'comment');
    const opText = this.text.slice(node.start, opEnd);
    const targetText = targets.length ? this.text.slice(targets[0].start, targets[targets.length - 1].end) : '';
    if (opText.endsWith('&') && /^(?:\d*-?)$/.test(targetText)) {
      // `2>&1`, `>&-`: the target is part of the operator.
      const span = this.span(node);
      const op = this.text.slice(node.start, node.end);
      owned(cmd, 'words').push({ value: op, span, redirect: true });
      owned(cmd, 'redirects').push({ op, target: undefined, span });
      return;
    }
    const opSpan = this.source.span(node.start, opEnd);
    owned(cmd, 'words').push({ value: opText, span: opSpan, redirect: true });
    // The target is one word; the grammar puts the command's later arguments here too (`> f a b`).
    const [first, ...more] = targets;
    let span = opSpan;
    if (first) {
      const w = this.word(first, true);
      owned(cmd, 'words').push(w);
      span = { start: opSpan.start, end: w.span.end };
      this.substitutions(first, cmd, level);
    }
    for (const t of more) {
      owned(cmd, 'words').push(this.word(t));
      this.substitutions(t, cmd, level);
    }
    owned(cmd, 'redirects').push({ op: opText, target: first ? valueOf(first, this.text) : undefined, span });
  }

  /** `cat <<EOF | sh`: the grammar puts the rest of the pipeline inside the heredoc operator. */
  private heredocPipeline(node: BashNode, list: ShellCommand[], parent: ShellCommand | undefined, level: number, tested: boolean): void {
    let op = '|';
    for (const c of node.children) {
      if (!c.named) {
        if (c.type === '|' || c.type === '|&') op = c.type;
        continue;
      }
      if (c.type !== 'comment') this.statement(c, list, op, parent, level + 1, tested);
    }
  }

  /** Words in order, and the span from the first to the last (a compound keeps its own). */
  private finish(cmd: ShellCommand): void {
    const words = cmd.words;
    if (words.length === 0) return;
    if (words.length > 1) words.sort(byStart);
    if (cmd.kind) {
      const last = words[words.length - 1];
      if (last.span.end > cmd.span.end) cmd.span = { start: cmd.span.start, end: last.span.end };
    } else {
      cmd.span = { start: words[0].span.start, end: words[words.length - 1].span.end };
    }
  }

  /** Commands in the `$(…)`, backticks and `<(…)` inside `node`, as nested commands of `cmd`. */
  substitutions(node: BashNode, cmd: ShellCommand, level: number): void {
    // A leaf (a plain word: most) holds none.
    if (level >= MAX_NESTING || node.children.length === 0) return;
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (SUBSTITUTIONS.has(n.type)) {
        this.statements(n.children, owned(cmd, 'nested'), cmd, level + 1, false);
        continue;
      }
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
    }
  }

  /** A script inside a word or a heredoc, read into `cmd.nested`. */
  nestedScript(source: ShellSource, cmd: ShellCommand): void {
    for (const inner of readScript(source, this.depth + 1)) {
      if (!inner.parent) inner.parent = cmd;
      owned(cmd, 'nested').push(inner);
    }
  }

  /** Heredocs fed to a shell are its script; the others are data (whose substitutions still run). */
  private resolveHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const { owner, heredoc, bodyNode } of pending) {
      if (readsScriptFromStdin(owner) && this.depth < MAX_SCRIPT_DEPTH) {
        this.nestedScript(this.source.slice(bodyNode.start, bodyNode.end), owner);
      } else {
        owned(owner, 'heredocs').push(heredoc);
        if (!heredoc.quoted) this.substitutions(bodyNode, owner, 0);
      }
    }
  }
}

/** The commands of a script (no Dockerfile processing: `source` is what the shell reads). */
export function readScript(source: ShellSource, depth = 0): ShellCommand[] {
  // A CR before a line break is taken as white space (scripts written on Windows).
  const src = source.text.includes('\r') ? source.withText(source.text.replace(/\r/g, ' ')) : source;
  const root = parseBash(src.text);
  return root ? new Reader(src, depth).read(root) : [];
}

/** Adds a heredoc operator read by the Dockerfile parser to the words and redirections of the command it belongs to (unsorted: see `placeHeredocOperators`). */
function addHeredocOperator(owner: ShellCommand, heredoc: ShellHeredoc, op: string, opSpan: { start: number; end: number }): void {
  owned(owner, 'words').push({ value: `${op}${heredoc.delimiter}`, span: opSpan, redirect: true });
  owned(owner, 'redirects').push({ op: op.replace(/^\d+/, ''), target: heredoc.delimiter, span: opSpan });
  // At once: the next operator's owner is found by this span (`bash <<A <<B`).
  if (!owner.kind) owner.span = { start: Math.min(owner.span.start, opSpan.start), end: Math.max(owner.span.end, opSpan.end) };
}

/** Puts a command's words and redirections back in text order once all its heredoc operators are added. */
function placeHeredocOperators(owner: ShellCommand): void {
  owner.words.sort(byStart);
  wordsChanged(owner);
  owner.redirects.sort(byStart);
}

/** A heredoc's body is the script of a shell that reads its stdin (`bash <<EOF`); otherwise it is data. */
function feedHeredoc(owner: ShellCommand, heredoc: ShellHeredoc, readsScript: boolean): void {
  if (readsScript) {
    for (const inner of readScript(new ShellSource(heredoc.body, heredoc.bodySpan.start), 1)) {
      if (!inner.parent) inner.parent = owner;
      owned(owner, 'nested').push(inner);
    }
  } else {
    owned(owner, 'heredocs').push(heredoc);
  }
}

/** Every command of the list with the commands nested in it (substitutions, `sh -c`, bodies), depth first. */
export function allCommands(commands: readonly ShellCommand[]): ShellCommand[] {
  const out: ShellCommand[] = [];
  // The lists being walked and the next index in each: one entry per level of nesting, not one per
  // command (a RUN can have tens of thousands of commands in one list). No recursion: nesting is deep.
  const lists: (readonly ShellCommand[])[] = [commands];
  const next: number[] = [0];
  while (lists.length) {
    const top = lists.length - 1;
    const list = lists[top];
    const i = next[top];
    if (i === list.length) {
      lists.pop();
      next.pop();
      continue;
    }
    next[top] = i + 1;
    const c = list[i];
    out.push(c);
    if (c.nested.length) {
      lists.push(c.nested);
      next.push(0);
    }
  }
  return out;
}

/** Only white space (and line continuations) between `from` and `to` in `text`. */
function blankBetween(text: string, from: number, to: number, escape: string): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r' && c !== escape) return false;
  }
  return true;
}

/** `#!/usr/bin/env python3`: a script for another interpreter than a POSIX shell. */
function foreignShebang(body: string): boolean {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(body);
  if (!m) return false;
  const program = (m[1].endsWith('/env') ? (m[2] ?? '') : m[1]).split('/').pop() ?? '';
  return !SHELLS.has(program);
}

/**
 * The commands of a shell-form instruction's text (`file[span]`), read as the Dockerfile parser hands
 * it to the shell: continuations with `escape` joined, comment lines inside them dropped, heredoc
 * bodies given to the command whose operator names them (`RUN <<EOF` alone: the body is the script).
 */
export function readDockerShell(file: string, span: { start: number; end: number }, escape: string): ShellCommand[] {
  const { commandLine, heredocs, rest } = dockerScript(file, span, escape);
  const commands = commandLine.text.trim() ? readScript(commandLine) : [];
  if (!heredocs.length) return commands;
  const more = rest ? readScript(rest) : [];
  const all = allCommands(commands);
  const attached: { owner: ShellCommand; heredoc: ShellHeredoc }[] = [];
  for (const h of heredocs) {
    const heredoc: ShellHeredoc = { delimiter: h.delimiter, quoted: h.quoted, body: h.body, bodySpan: h.bodySpan };
    const owner = heredocOwner(file, all, h.opSpan, escape);
    if (owner) {
      addHeredocOperator(owner, heredoc, h.op, h.opSpan);
      attached.push({ owner, heredoc });
    } else if (!all.length && !foreignShebang(h.body)) {
      // `RUN <<EOF`: the body is the script.
      const script = readScript(new ShellSource(h.body, h.bodySpan.start));
      if (script.length && commands.length) script[0].after = '\n';
      commands.push(...script);
    }
  }
  // Sorted and judged once per command, not once per heredoc: `cat <<H1 <<H2 … <<Hn` stays linear.
  const readsScript = new Map<ShellCommand, boolean>();
  for (const { owner } of attached) {
    if (readsScript.has(owner)) continue;
    placeHeredocOperators(owner);
    readsScript.set(owner, readsScriptFromStdin(owner));
  }
  for (const { owner, heredoc } of attached) feedHeredoc(owner, heredoc, readsScript.get(owner)!);
  if (more.length && commands.length) more[0].after = '\n';
  commands.push(...more);
  return commands;
}

/** The command a heredoc operator at `op` belongs to: the one it follows (or, written first, precedes). */
function heredocOwner(file: string, all: readonly ShellCommand[], op: { start: number; end: number }, escape: string): ShellCommand | undefined {
  // The last command starting before the operator, or the one enclosing it.
  const lo = firstNotBefore(all.length, (i) => all[i].span.start <= op.start);
  for (let c: ShellCommand | undefined = all[lo - 1]; c; c = c.parent) {
    if (c.span.end >= op.start || blankBetween(file, c.span.end, op.start, escape)) return c;
  }
  const next = all[lo];
  return next && blankBetween(file, op.end, next.span.start, escape) ? next : undefined;
}

/**
 * A `cmd` or PowerShell command line, read only as far as its words: commands split at unquoted
 * `&&`, `||`, `&`, `|` (and `;` for PowerShell), words at white space, double quotes grouping. No
 * backslash is an escape there (`C:\dir` stays whole) and nothing else is interpreted, so rules can
 * still find `curl.exe -k …` without a POSIX reading of another language.
 */
export function readOtherShell(file: string, span: { start: number; end: number }, escape: string, program: string): ShellCommand[] {
  const { commandLine } = dockerScript(file, span, escape);
  const text = commandLine.text;
  const powershell = !/^cmd(?:\.exe)?$/i.test(program);
  const commands: ShellCommand[] = [];
  let words: ShellWord[] = [];
  let after: string | undefined;
  let i = 0;
  const end = (op: string | undefined) => {
    if (words.length) {
      commands.push({
        words,
        span: { start: words[0].span.start, end: words[words.length - 1].span.end },
        after,
        redirects: [],
        heredocs: [],
        nested: [],
        nameMemo: undefined,
        argsMemo: undefined,
      });
      after = op;
    } else if (op) {
      after = op;
    }
    words = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      end(two);
      i += 2;
      continue;
    }
    if (c === '&' || c === '|' || (powershell && c === ';')) {
      end(c);
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < text.length && !' \t\n&|'.includes(text[i]) && !(powershell && text[i] === ';')) {
      if (text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        const stop = close < 0 ? text.length : close;
        value += text.slice(i + 1, stop);
        i = stop + 1;
      } else {
        value += text[i++];
      }
    }
    words.push({ value, span: commandLine.span(start, Math.min(i, text.length)) });
  }
  end(undefined);
  return commands;
}
