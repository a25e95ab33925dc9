/**
 * Regular expressions built from text in the workspace (glob patterns of `.bosun.yaml`,
 * `.dockerignore`, `.gitignore`) must not backtrack: `*a*a*a*a*a*b` as a JavaScript RegExp takes
 * minutes on a path of 255 `a`s, and a cloned repository could freeze the editor with one line.
 *
 * `safeRegExp(source)` compiles the subset of regex syntax those glob compilers emit into a
 * Thompson NFA and matches it by simulation (a Pike VM without captures): time is
 * O(pattern × text) whatever the input. Supported: literals and escapes (`\.`, `\/`, `\\`, `\n`,
 * `\d\w\s` and their negations), `.`, `[...]` classes, groups `(…)`/`(?:…)`, `|`, the quantifiers
 * `*`, `+`, `?` (lazy forms too: for a yes/no test they are the same), and `^`/`$`. Anything else
 * (lookaround, back-references, `{n,m}`, `\b`) throws, so a new use is caught by its tests.
 * Semantics are those of a RegExp without flags, over UTF-16 code units.
 */

type Inst = { op: 'char'; test: (c: string) => boolean } | { op: 'split'; x: number; y: number } | { op: 'jmp'; x: number } | { op: 'bol' } | { op: 'eol' } | { op: 'match' };

/** A parsed expression: compiled later into the instruction list. */
type Node =
  | { k: 'char'; test: (c: string) => boolean }
  | { k: 'bol' }
  | { k: 'eol' }
  | { k: 'cat'; items: Node[] }
  | { k: 'alt'; options: Node[] }
  | { k: 'star' | 'plus' | 'opt'; body: Node };

export interface SafeRegExp {
  readonly source: string;
  test(text: string): boolean;
}

const LINE_TERMINATORS = new Set(['\n', '\r', '\u2028', '\u2029']);
const CONTROL: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

function unsupported(source: string, at: number, what: string): never {
  throw new SyntaxError(`safeRegExp: ${what} at ${at} of /${source}/ is not supported`);
}

/** A one-character test through a native RegExp: a single class or escape cannot backtrack. */
function nativeCharTest(text: string): (c: string) => boolean {
  const re = new RegExp(`^${text}$`);
  return (c) => re.test(c);
}

function parse(source: string): Node {
  let i = 0;
  const peek = () => source[i];

  const parseAlt = (): Node => {
    const options = [parseCat()];
    while (peek() === '|') {
      i++;
      options.push(parseCat());
    }
    return options.length === 1 ? options[0] : { k: 'alt', options };
  };

  const parseCat = (): Node => {
    const items: Node[] = [];
    while (i < source.length && peek() !== '|' && peek() !== ')') {
      let atom = parseAtom();
      const q = peek();
      if (q === '*' || q === '+' || q === '?') {
        i++;
        if (peek() === '?') i++; // lazy: same answer for test()
        if (atom.k === 'bol' || atom.k === 'eol') unsupported(source, i, 'a quantified anchor');
        atom = { k: q === '*' ? 'star' : q === '+' ? 'plus' : 'opt', body: atom };
      } else if (q === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i))) {
        unsupported(source, i, 'a counted repetition');
      }
      items.push(atom);
    }
    return items.length === 1 ? items[0] : { k: 'cat', items };
  };

  const parseAtom = (): Node => {
    const c = source[i];
    if (c === '(') {
      i++;
      if (source.startsWith('?:', i)) i += 2;
      else if (peek() === '?') unsupported(source, i, 'a lookaround or named group');
      const inner = parseAlt();
      if (peek() !== ')') unsupported(source, i, 'an unclosed group');
      i++;
      return inner;
    }
    if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++; // `[]]` is not JavaScript; keep the native meaning by letting RegExp decide
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) unsupported(source, i, 'an unclosed class');
      const text = source.slice(i, j + 1);
      i = j + 1;
      return { k: 'char', test: nativeCharTest(text) };
    }
    if (c === '.') {
      i++;
      return { k: 'char', test: (ch) => !LINE_TERMINATORS.has(ch) };
    }
    if (c === '^') {
      i++;
      return { k: 'bol' };
    }
    if (c === '$') {
      i++;
      return { k: 'eol' };
    }
    if (c === '\\') {
      const e = source[i + 1];
      if (e === undefined) unsupported(source, i, 'a trailing backslash');
      i += 2;
      if ('dDwWsS'.includes(e)) return { k: 'char', test: nativeCharTest(`\\${e}`) };
      if (e in CONTROL) {
        const ch = CONTROL[e];
        return { k: 'char', test: (x) => x === ch };
      }
      if (/[A-Za-z1-9]/.test(e)) unsupported(source, i - 2, `the escape \\${e}`);
      return { k: 'char', test: (x) => x === e };
    }
    if (c === '*' || c === '+' || c === '?') unsupported(source, i, 'a quantifier without an atom');
    if (c === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i))) unsupported(source, i, 'a counted repetition');
    i++;
    return { k: 'char', test: (x) => x === c };
  };

  const node = parseAlt();
  if (i < source.length) unsupported(source, i, `an unmatched '${source[i]}'`);
  return node;
}

function compile(node: Node): Inst[] {
  const prog: Inst[] = [];
  const emit = (n: Node): void => {
    switch (n.k) {
      case 'char':
        prog.push({ op: 'char', test: n.test });
        return;
      case 'bol':
      case 'eol':
        prog.push({ op: n.k });
        return;
      case 'cat':
        for (const item of n.items) emit(item);
        return;
      case 'alt': {
        const jumps: { op: 'jmp'; x: number }[] = [];
        n.options.forEach((option, idx) => {
          if (idx < n.options.length - 1) {
            const split = { op: 'split' as const, x: prog.length + 1, y: -1 };
            prog.push(split);
            emit(option);
            const j = { op: 'jmp' as const, x: -1 };
            prog.push(j);
            jumps.push(j);
            split.y = prog.length;
          } else emit(option);
        });
        for (const j of jumps) j.x = prog.length;
        return;
      }
      case 'star': {
        const split = { op: 'split' as const, x: prog.length + 1, y: -1 };
        const loop = prog.length;
        prog.push(split);
        emit(n.body);
        prog.push({ op: 'jmp', x: loop });
        split.y = prog.length;
        return;
      }
      case 'plus': {
        const start = prog.length;
        emit(n.body);
        prog.push({ op: 'split', x: start, y: prog.length + 1 });
        return;
      }
      case 'opt': {
        const split = { op: 'split' as const, x: prog.length + 1, y: -1 };
        prog.push(split);
        emit(n.body);
        split.y = prog.length;
        return;
      }
    }
  };
  emit(node);
  prog.push({ op: 'match' });
  return prog;
}

/** Compiles `source` (the regex syntax above); throws a SyntaxError for anything else. */
export function safeRegExp(source: string): SafeRegExp {
  const prog = compile(parse(source));
  return {
    source,
    test(text: string): boolean {
      const n = text.length;
      // Thread lists as pc arrays; `mark[pc] === gen` says pc is already in the list being built.
      const mark = new Int32Array(prog.length).fill(-1);
      let gen = 0;
      let matched = false;
      const add = (list: number[], start: number, pos: number) => {
        const stack = [start];
        while (stack.length) {
          const pc = stack.pop()!;
          if (mark[pc] === gen) continue;
          mark[pc] = gen;
          const inst = prog[pc];
          switch (inst.op) {
            case 'jmp':
              stack.push(inst.x);
              break;
            case 'split':
              stack.push(inst.y, inst.x);
              break;
            case 'bol':
              if (pos === 0) stack.push(pc + 1);
              break;
            case 'eol':
              if (pos === n) stack.push(pc + 1);
              break;
            case 'match':
              matched = true;
              break;
            default:
              list.push(pc);
          }
        }
      };
      let current: number[] = [];
      for (let pos = 0; ; pos++) {
        // RegExp.test looks for a match starting anywhere: a new thread at every position.
        add(current, 0, pos);
        if (matched) return true;
        if (pos === n) return false;
        const c = text[pos];
        const next: number[] = [];
        gen++;
        for (const pc of current) {
          const inst = prog[pc] as { op: 'char'; test: (c: string) => boolean };
          if (inst.test(c)) add(next, pc + 1, pos + 1);
        }
        if (matched) return true;
        current = next;
      }
    },
  };
}
