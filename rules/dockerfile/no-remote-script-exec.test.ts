import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertCheckLinear } from '../../test/support/rule-scaling.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-remote-script-exec.js';

ruleTester(rule, {
  valid: [
    {
      name: 'key import piped to gpg',
      code: 'FROM debian:12\nRUN curl -fsSL https://download.docker.com/linux/debian/gpg | gpg --dearmor -o /usr/share/keyrings/docker.gpg\n',
    },
    { name: 'archive piped to tar', code: 'FROM alpine:3.20\nRUN wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin\n' },
    {
      name: 'JSON piped to python -c reads data, not code',
      code: 'FROM python:3.12\nRUN curl -fsSL https://api.github.com/repos/o/r/releases/latest | python3 -c "import sys, json; print(json.load(sys.stdin)[\'tag_name\'])"\n',
    },
    { name: 'JSON to jq in a substitution', code: 'FROM alpine:3.20\nRUN TAG=$(curl -s https://api.github.com/repos/o/r/releases/latest | jq -r .tag_name) && echo "$TAG"\n' },
    {
      name: 'download to a file, verify, run',
      code: 'FROM debian:12\nRUN curl -fsSLo install.sh https://example.com/install.sh \\\n && echo "abc  install.sh" | sha256sum -c - \\\n && sh install.sh\n',
    },
    { name: 'script file given to bash: stdin is data', code: 'FROM debian:12\nRUN curl -fsSL https://example.com/data.txt | bash ./consume.sh\n' },
    { name: 'node -e with code', code: "FROM node:20\nRUN curl -s https://registry.npmjs.org/x | node -e \"let d='';process.stdin.on('data',c=>d+=c)\"\n" },
    { name: 'curl writes to a file, then pipes something else', code: 'FROM alpine:3.20\nRUN curl -o /tmp/x https://example.com/x | sh\n' },
    { name: 'echo of a substitution', code: 'FROM alpine:3.20\nRUN echo "$(curl -fsSL https://example.com/version)"\n' },
    { name: 'bash running a local script with a substitution argument', code: 'FROM debian:12\nRUN bash ./setup.sh "$(curl -fsSL https://example.com/version)"\n' },
    { name: 'python heredoc with a | is not a pipe', code: 'FROM python:3.12\nRUN python3 <<EOF\nimport os\nx = 1 | 2\nEOF\n' },
    { name: 'a downloaded version in a variable, only printed', code: 'FROM alpine:3.20\nRUN v=$(curl -fsSL https://example.com/version); echo "$v"\n' },
    { name: 'eval of another variable', code: 'FROM alpine:3.20\nRUN x=$(curl -fsSL https://x.example/install.sh); y=true; eval "$y"\n' },
    { name: 'eval before the download', code: 'FROM alpine:3.20\nRUN eval "$x"; x=$(curl -fsSL https://x.example/install.sh)\n' },
    {
      name: 'a downloaded script written to a file and checked before it runs',
      code: 'FROM alpine:3.20\nRUN x=$(curl -fsSL https://x.example/i.sh) && echo "$x" > /tmp/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c - && sh /tmp/i.sh\n',
    },
    { name: 'a downloaded version in backticks, only printed', code: 'FROM alpine:3.20\nRUN v=`curl -fsSL https://x.example/version`; echo "$v"\n' },
    { name: 'a here-string of another variable to the shell', code: 'FROM alpine:3.20\nRUN x=$(curl -fsSL https://x.example/i.sh); y=true; . /dev/stdin <<< "$y"\n' },
    {
      name: 'half-typed: a pipe left open before the next command does not run the first download',
      code: 'FROM debian:12\nRUN curl -fsSL https://a.example/x.tar.gz | ; curl -fsSL https://b.example/data.json | jq .\n',
    },
  ],
  invalid: [
    {
      name: 'remote code through a variable: eval',
      code: 'FROM alpine:3.20\nRUN x=$(curl -fsSL https://x.example/install.sh); eval "$x"\n',
      errors: [{ messageId: 'variable', line: 2, column: 9, endColumn: 55, message: 'curl output is kept in $x and run by eval' }],
    },
    {
      name: 'remote code through a variable: echo | sh, sh -c, a here-string',
      code:
        'FROM alpine:3.20\nRUN s="$(wget -qO- https://x.example/i.sh)" && echo "$s" | sh\n' +
        'RUN export S=$(curl -fsSL https://x.example/i.sh) && bash -c "${S}"\n' +
        'RUN s=$(curl -fsSL https://x.example/i.sh); sh <<< "$s"\n',
      errors: [
        { messageId: 'variable', line: 2, column: 10, message: 'wget output is kept in $s and run by sh' },
        { messageId: 'variable', line: 3, column: 16, message: 'kept in $S and run by bash' },
        { messageId: 'variable', line: 4, column: 9, message: 'kept in $s and run by sh' },
      ],
    },
    {
      // A heredoc script's commands are read before the rest of its line: the eval there is the runner named.
      name: 'remote code through a variable run in a heredoc script and after it',
      code: 'FROM alpine:3.20\nRUN x=$(curl -fsSL https://x.example/i.sh) && bash <<EOF && sh -c "$x"\neval "$x"\nEOF\n',
      errors: [{ messageId: 'variable', line: 2, column: 9, endLine: 3, endColumn: 5, message: 'run by eval' }],
    },
    {
      name: 'a download kept after a heredoc script on its line, run in that script',
      code: 'FROM alpine:3.20\nRUN bash <<EOF && x=$(curl -fsSL https://x.example/i.sh)\neval "$x"\nEOF\n',
      errors: [{ messageId: 'variable', line: 2, column: 23, endLine: 3, endColumn: 5, message: 'run by eval' }],
    },
    {
      name: 'remote code through a variable set by backticks; a here-string to source',
      code: 'FROM alpine:3.20\nRUN x=`curl -fsSL https://x.example/install.sh`; eval "$x"\nRUN s=$(wget -qO- https://x.example/env.sh) && . /dev/stdin <<< "$s"\n',
      errors: [
        { messageId: 'variable', line: 2, column: 8, endColumn: 54, message: 'curl output is kept in $x and run by eval' },
        { messageId: 'variable', line: 3, column: 9, message: 'wget output is kept in $s and run by .' },
      ],
    },
    {
      name: 'half-typed: a pipe left open before a complete curl | bash reports only the complete one',
      code: 'FROM debian:12\nRUN curl -fsSL https://a.example/x | ; curl -fsSL https://b.example/i.sh | bash\n',
      errors: [{ messageId: 'pipe', line: 2, column: 40, message: 'curl output is piped into bash' }],
    },
    {
      name: 'a half-typed RUN still gives the finding of its complete commands',
      code: 'FROM debian:12\nRUN curl -fsSL https://get.example.com | sh && if [ -f /x ]; then echo "unterminated\n',
      errors: [{ messageId: 'pipe', line: 2, column: 5, endColumn: 44 }],
    },
    {
      name: 'curl | sh',
      code: 'FROM debian:12\nRUN curl -fsSL https://get.example.com | sh\n',
      errors: [{ messageId: 'pipe', line: 2, column: 5, endColumn: 44, message: 'curl output is piped into sh' }],
    },
    {
      name: 'wget -O- | sudo -E bash -',
      code: 'FROM ubuntu:24.04\nRUN wget -qO- https://deb.nodesource.com/setup_20.x | sudo -E bash -\n',
      errors: [{ messageId: 'pipe', line: 2, column: 5, message: 'wget output is piped into bash' }],
    },
    {
      name: 'curl | python3 - (poetry installer); across a continuation',
      code: 'FROM python:3.12\nRUN apt-get update \\\n && curl -sSL https://install.python-poetry.org \\\n    | python3 -\n',
      errors: [{ messageId: 'pipe', line: 3, column: 5, endLine: 4, message: 'into python3' }],
    },
    {
      name: 'through tee, bash -s with arguments',
      code: 'FROM debian:12\nRUN curl -fsSL https://x.example/i.sh | tee /tmp/i.sh | bash -s -- --version 1.2\n',
      errors: [{ messageId: 'pipe', line: 2, column: 5 }],
    },
    {
      name: 'sh -c "$(curl …)"',
      code: 'FROM debian:12\nRUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"\n',
      errors: [{ messageId: 'substitution', line: 2, column: 12, message: 'run by the shell' }],
    },
    {
      name: 'bash <(curl …)',
      code: 'FROM debian:12\nRUN bash <(curl -s https://example.com/install.sh)\n',
      errors: [{ messageId: 'substitution', line: 2, column: 5, message: 'run by bash' }],
    },
    {
      name: 'eval "$(wget -O- …)"',
      code: 'FROM alpine:3.20\nRUN eval "$(wget -O- https://example.com/env.sh)"\n',
      errors: [{ messageId: 'substitution', line: 2, column: 5, message: 'run by eval' }],
    },
    {
      name: 'source <(curl …) and python3 -c "$(curl …)"',
      code: 'FROM python:3.12\nRUN . <(curl -s https://example.com/a.sh) && python3 -c "$(curl -s https://example.com/b.py)"\n',
      errors: [
        { messageId: 'substitution', line: 2, column: 5, message: 'run by .' },
        { messageId: 'substitution', line: 2, column: 46, message: 'run by python3' },
      ],
    },
    {
      name: 'in a RUN heredoc and in ONBUILD',
      code: 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://get.example.com | sh\nEOF\nONBUILD RUN curl -fsSL https://get.example.com | bash\n',
      errors: [
        { messageId: 'pipe', line: 4, column: 1 },
        { messageId: 'pipe', line: 6, column: 13 },
      ],
    },
    {
      name: 'inside sh -c',
      code: 'FROM debian:12\nRUN sh -c "curl -fsSL https://get.example.com | sh"\n',
      errors: [{ messageId: 'pipe', line: 2, column: 12 }],
    },
  ],
});

describe('DF032 costs time linear in the downloads kept in variables', () => {
  before(() => loadShellGrammar());

  it('many downloads kept in variables, run later: the commands that run a variable are collected once per RUN', () => {
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    const text = (n: number) =>
      `FROM alpine:3.20\nRUN ${range(n)
        .map((i) => `v${i}=$(curl -fsSL https://h.example.com/s${i})`)
        .join(' && ')} && ${range(n)
        .map((i) => `eval "$v${i}"`)
        .join(' && ')}\n`;
    assertCheckLinear(rule, 'downloads kept in variables', text, (n) => n, 250);
  });
});
