/**
 * Shell reading cases (rules/languages/shell-read.test.ts checks the model against them;
 * bench/shell-eval/run.ts compares parsers on them): what a careful reader sees in each script. `commands` lists every simple
 * command that runs (nested ones included, in source order) as its words from the command name on,
 * without redirections; `pipelines` lists each pipeline of two or more members by member (a command's
 * name, `{}` for a brace group, `()` for a subshell, the keyword of another compound command).
 * A case with `dockerfile` is a whole Dockerfile whose RUN instructions are read.
 */
export interface ShellCase {
  name: string;
  script: string;
  /** Read as a Dockerfile: `script` is the file, the RUNs' commands are compared. */
  dockerfile?: boolean;
  commands: string[][];
  pipelines?: string[][];
  /** Half-typed input: `commands` must all be read, in order; the incomplete part may add more. */
  partial?: boolean;
}

export const SHELL_CASES: ShellCase[] = [
  { name: 'case patterns are not pipes', script: 'case "$a" in x|y) echo hi ;; esac', commands: [['echo', 'hi']], pipelines: [] },
  {
    name: 'case with (pattern), fall-through and default',
    script: 'case $x in a) ;; (b|c) echo z;& *) exit 1;; esac',
    commands: [
      ['echo', 'z'],
      ['exit', '1'],
    ],
    pipelines: [],
  },
  {
    name: 'brace group as a pipeline member',
    script: '{ echo a; echo b; } | tee /etc/x.conf',
    commands: [
      ['echo', 'a'],
      ['echo', 'b'],
      ['tee', '/etc/x.conf'],
    ],
    pipelines: [['{}', 'tee']],
  },
  {
    name: 'subshell as a pipeline member',
    script: '( cd /src && make ) | tee build.log',
    commands: [['cd', '/src'], ['make'], ['tee', 'build.log']],
    pipelines: [['()', 'tee']],
  },
  {
    name: 'pipe inside an if condition',
    script: 'if [ -f .git ] && head -1 .git | grep -q x; then echo yes; fi',
    commands: [
      ['[', '-f', '.git', ']'],
      ['head', '-1', '.git'],
      ['grep', '-q', 'x'],
      ['echo', 'yes'],
    ],
    pipelines: [['head', 'grep']],
  },
  {
    name: 'if / elif / else',
    script: 'if a; then b; elif c | d; then e; else f; fi',
    commands: [['a'], ['b'], ['c'], ['d'], ['e'], ['f']],
    pipelines: [['c', 'd']],
  },
  {
    name: 'while loop reading a file',
    script: 'while read -r l; do echo "$l"; done < /etc/hosts',
    commands: [
      ['read', '-r', 'l'],
      ['echo', '$l'],
    ],
    pipelines: [],
  },
  {
    name: 'until and negation',
    script: 'until ! pgrep x; do sleep 1; done',
    commands: [
      ['pgrep', 'x'],
      ['sleep', '1'],
    ],
    pipelines: [],
  },
  {
    name: 'for loop over a substitution',
    script: 'for f in $(ls /etc) x; do rm "$f"; done',
    commands: [
      ['ls', '/etc'],
      ['rm', '$f'],
    ],
    pipelines: [],
  },
  { name: 'C-style for', script: 'for ((i=0; i<3; i++)); do echo $i; done', commands: [['echo', '$i']], pipelines: [] },
  {
    name: 'functions',
    script: 'f() { curl -k x; }; function g { wget y; }; f',
    commands: [['curl', '-k', 'x'], ['wget', 'y'], ['f']],
    pipelines: [],
  },
  {
    name: 'arithmetic holds no commands, except a substitution inside',
    script: 'echo $((1 + 2)) $(( $(id -u) * 2 )); (( i++ ))',
    commands: [
      ['echo', '$((1 + 2))', '$(( $(id -u) * 2 ))'],
      ['id', '-u'],
    ],
    pipelines: [],
  },
  {
    name: 'here-string',
    script: 'grep -q x <<< "$v" && echo ok',
    commands: [
      ['grep', '-q', 'x'],
      ['echo', 'ok'],
    ],
    pipelines: [],
  },
  {
    name: 'heredoc body is data',
    script: 'cat <<EOF > /etc/x.conf\nline | not a pipe; rm -rf /\nEOF\necho done',
    commands: [['cat'], ['echo', 'done']],
    pipelines: [],
  },
  {
    name: 'heredoc with a command after the operator',
    script: "cat <<'EOF' | sh\necho from stdin\nEOF",
    commands: [['cat'], ['sh']],
    pipelines: [['cat', 'sh']],
  },
  { name: 'heredoc <<- with tabs', script: 'cat <<-EOT >/x\n\tbody\n\tEOT\necho after', commands: [['cat'], ['echo', 'after']], pipelines: [] },
  {
    name: 'heredoc fed to a shell is script',
    script: 'bash <<EOF\ncurl -k https://x | sh\nEOF',
    commands: [['bash'], ['curl', '-k', 'https://x'], ['sh']],
    pipelines: [['curl', 'sh']],
  },
  {
    name: 'every quoting form',
    script: `echo 'a b' "c \\"d\\" \\$e" $'f\\tg' $"h" i\\ j`,
    commands: [['echo', 'a b', 'c "d" $e', 'f\tg', 'h', 'i j']],
    pipelines: [],
  },
  { name: 'ANSI-C quote with an escaped quote', script: "echo $'it\\'s | here' | sh", commands: [['echo', "it's | here"], ['sh']], pipelines: [['echo', 'sh']] },
  { name: 'quotes hide operators', script: `echo "a|b" 'c;d' e\\&f`, commands: [['echo', 'a|b', 'c;d', 'e&f']], pipelines: [] },
  { name: 'line continuation with backslash', script: 'apt-get install -y \\\n  curl \\\n  wget', commands: [['apt-get', 'install', '-y', 'curl', 'wget']], pipelines: [] },
  { name: 'continuation inside a word', script: 'cu\\\nrl -fsSL x', commands: [['curl', '-fsSL', 'x']], pipelines: [] },
  {
    name: 'comments',
    script: 'echo a # | sh\necho b#c',
    commands: [
      ['echo', 'a'],
      ['echo', 'b#c'],
    ],
    pipelines: [],
  },
  {
    name: 'nested substitutions and quotes',
    script: 'echo "$(echo "nested \\"q\\"" | tr a b)" `date`',
    commands: [['echo', '$(echo "nested \\"q\\"" | tr a b)', '`date`'], ['echo', 'nested "q"'], ['tr', 'a', 'b'], ['date']],
    pipelines: [['echo', 'tr']],
  },
  {
    name: 'process substitution',
    script: 'diff <(sort a) <(sort b)',
    commands: [
      ['diff', '<(sort a)', '<(sort b)'],
      ['sort', 'a'],
      ['sort', 'b'],
    ],
    pipelines: [],
  },
  {
    name: 'declarations',
    script: 'export A=1 B="$(id)"; local x; readonly q',
    commands: [['export', 'A=1', 'B=$(id)'], ['id'], ['local', 'x'], ['readonly', 'q']],
    pipelines: [],
  },
  { name: 'assignments before a command', script: 'FOO=1 BAR="a b" make install; A=1', commands: [['make', 'install']], pipelines: [] },
  {
    name: 'remote code through a variable',
    script: 'x=$(curl -fsSL https://x/install.sh); eval "$x"',
    commands: [
      ['curl', '-fsSL', 'https://x/install.sh'],
      ['eval', '$x'],
    ],
    pipelines: [],
  },
  {
    name: 'test commands',
    script: '[[ $a == x* && -n "$b" ]] && echo y',
    commands: [
      ['[[', '$a', '==', 'x*', '&&', '-n', '$b', ']]'],
      ['echo', 'y'],
    ],
    pipelines: [],
  },
  { name: 'keywords as arguments', script: 'echo if then fi done', commands: [['echo', 'if', 'then', 'fi', 'done']], pipelines: [] },
  {
    name: 'redirections are not words',
    script: 'curl x 2>&1 >/dev/null | tee -a f; cmd &>log',
    commands: [['curl', 'x'], ['tee', '-a', 'f'], ['cmd']],
    pipelines: [['curl', 'tee']],
  },
  { name: 'pipe with |&', script: 'a |& b | c', commands: [['a'], ['b'], ['c']], pipelines: [['a', 'b', 'c']] },
  { name: 'background job', script: 'server & sleep 1; kill %1', commands: [['server'], ['sleep', '1'], ['kill', '%1']], pipelines: [] },
  { name: 'group after &&', script: 'a && { b || c; }', commands: [['a'], ['b'], ['c']], pipelines: [] },
  { name: 'brace word is not a group', script: 'echo {a,b} {}', commands: [['echo', '{a,b}', '{}']], pipelines: [] },
  {
    name: 'sh -c script',
    script: `sh -c 'curl -fsSL https://x | bash'`,
    commands: [['sh', '-c', 'curl -fsSL https://x | bash'], ['curl', '-fsSL', 'https://x'], ['bash']],
    pipelines: [['curl', 'bash']],
  },
  {
    name: 'half-typed: an open if after complete commands',
    script: 'apt-get install -y curl && if [ -f x ]; then',
    partial: true,
    commands: [
      ['apt-get', 'install', '-y', 'curl'],
      ['[', '-f', 'x', ']'],
    ],
  },
  {
    name: 'half-typed: an unterminated quote at the end',
    script: 'curl -k https://x | sh\necho "unterminated',
    partial: true,
    commands: [['curl', '-k', 'https://x'], ['sh']],
  },
  {
    name: 'half-typed: an unclosed substitution in the middle',
    script: 'apt-get update\nX=$(curl -fsSL https://x\ncurl -k https://y | sh',
    commands: [['apt-get', 'update']],
    partial: true,
  },
  {
    name: 'shebang line',
    script: '#!/bin/sh\nset -e\necho ok',
    commands: [
      ['set', '-e'],
      ['echo', 'ok'],
    ],
    pipelines: [],
  },
  // Dockerfile-level reading: the Dockerfile parser's continuations, comments and heredocs.
  {
    name: 'Dockerfile: comment line inside a continued RUN',
    dockerfile: true,
    script: 'FROM a\nRUN apt-get install -y \\\n# the client\n    curl \\\n\n    wget\n',
    commands: [['apt-get', 'install', '-y', 'curl', 'wget']],
    pipelines: [],
  },
  {
    name: 'Dockerfile: # escape=` continuation',
    dockerfile: true,
    script: '# escape=`\nFROM a\nRUN echo C:\\dir `\n    && curl x | sh\n',
    commands: [['echo', 'C:dir'], ['curl', 'x'], ['sh']],
    pipelines: [['curl', 'sh']],
  },
  {
    name: 'Dockerfile: RUN <<EOF script',
    dockerfile: true,
    script: 'FROM a\nRUN <<EOF\nset -e\ncurl -fsSL x | sh\nEOF\n',
    commands: [['set', '-e'], ['curl', '-fsSL', 'x'], ['sh']],
    pipelines: [['curl', 'sh']],
  },
  {
    name: 'Dockerfile: heredoc data with && after it',
    dockerfile: true,
    script: "FROM a\nRUN cat <<'EOF' > /etc/x.conf && chmod 600 /etc/x.conf\na | b\nEOF\n",
    commands: [['cat'], ['chmod', '600', '/etc/x.conf']],
    pipelines: [],
  },
  {
    name: 'Dockerfile: two heredocs on one line',
    dockerfile: true,
    script: 'FROM a\nRUN cat <<A > /a; cat <<B > /b\none\nA\ntwo\nB\n',
    commands: [['cat'], ['cat']],
    pipelines: [],
  },
];

interface ReadCommand {
  words: readonly { value: string; redirect?: boolean }[];
  span: { start: number };
  after: string | undefined;
  nested: readonly ReadCommand[];
  kind?: string;
}

const KEYWORDS = new Set(['!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '{', 'for', 'case', 'in', 'esac', 'fi', 'done', '}']);

/** A command's words from its name on, without redirections and leading assignments (and, for a reader that keeps them, keywords). */
function argv(words: ReadCommand['words'], skipKeywords: boolean): string[] {
  const list = words.filter((w) => !w.redirect).map((w) => w.value);
  let i = 0;
  while (i < list.length && (/^\w+=/.test(list[i]) || (skipKeywords && KEYWORDS.has(list[i]) && i < list.length - 1))) i++;
  return list.slice(i);
}

export interface Reading {
  commands: string[][];
  pipelines: string[][];
}

/**
 * What a model reads in a script, in the cases' terms: simple commands in source order (nested
 * ones included) and pipelines (runs of `|` in each list), each member named by `name`.
 */
export function reading(top: readonly ReadCommand[], name: (c: ReadCommand) => string | undefined, skipKeywords = false): Reading {
  const commands: { start: number; words: string[] }[] = [];
  const pipelines: string[][] = [];
  const stack: (readonly ReadCommand[])[] = [top];
  while (stack.length) {
    const list = stack.pop()!;
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) pipelines.push(run);
      run = [];
    };
    for (const c of list) {
      if (c.after !== '|' && c.after !== '|&') flush();
      run.push(c.kind === 'group' ? '{}' : c.kind === 'subshell' ? '()' : (c.kind ?? name(c) ?? '?'));
      if (!c.kind) {
        const words = argv(c.words, skipKeywords);
        if (words.length) commands.push({ start: c.span.start, words });
      }
      if (c.nested.length) stack.push(c.nested);
    }
    flush();
  }
  commands.sort((a, b) => a.start - b.start);
  return { commands: commands.map((c) => c.words), pipelines: pipelines.sort() };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `want` appears in `got` in order. */
function subsequence(got: string[][], want: string[][]): boolean {
  let i = 0;
  for (const g of got) if (i < want.length && same(g, want[i])) i++;
  return i === want.length;
}

/** Undefined when the reading is right; otherwise what was read instead. */
export function checkReading(c: ShellCase, r: Reading): string | undefined {
  if (c.partial ? !subsequence(r.commands, c.commands) : !same(r.commands, c.commands)) return `commands ${JSON.stringify(r.commands)}`;
  if (c.pipelines && !same(r.pipelines, [...c.pipelines].sort())) return `pipelines ${JSON.stringify(r.pipelines)}`;
  return undefined;
}

/** Cases the grammar reads differently from bash (kept to show it). */
export const KNOWN_MISREADINGS = new Set(['continuation inside a word']);
