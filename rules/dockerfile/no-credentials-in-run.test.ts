import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertCheckLinear } from '../../test/support/rule-scaling.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-credentials-in-run.js';

const GHP = ['ghp', '_', 'Xq3L9vTz2Kc8Rm4Wn6Yb1Pd5Hs7Jf0Ga2Uex'].join('');

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN curl -fsSLo /x https://example.com/x\n',
    { name: 'ssh-style git address is not a URL credential', code: 'FROM alpine:3.20\nRUN --mount=type=ssh git clone git@github.com:o/r.git\n' },
    { name: 'user name only', code: 'FROM alpine:3.20\nRUN curl -u deploy -o /x https://repo.example.com/x && git clone https://git@example.com/r.git\n' },
    {
      name: 'secret mount env in a header',
      code: '# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN --mount=type=secret,id=t,env=API_TOKEN curl -fsS -H "Authorization: Bearer ${API_TOKEN}" -o /x https://api.example.com/x\n',
    },
    {
      name: 'secret file read at run time',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=t curl -H "Authorization: Bearer $(cat /run/secrets/t)" -o /x https://api.example.com/x\n',
    },
    {
      name: 'default logins (user = password)',
      code: 'FROM alpine:3.20\nRUN curl -u admin:admin -o /x http://localhost:8080/x && psql postgres://postgres:postgres@db/app -c "select 1"\n',
    },
    { name: 'placeholders', code: 'FROM alpine:3.20\nRUN echo "use https://user:<password>@host or curl -u user:****"\n' },
    {
      name: 'a secret-named ARG is reported by DF002',
      code: 'FROM python:3.12\nARG PIP_TOKEN\nRUN pip install --index-url "https://__token__:${PIP_TOKEN}@pypi.example.com/simple" app\n',
    },
    {
      name: 'a variable the RUN defines itself',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=p P="$(cat /run/secrets/p)" && curl -u "ci:$P" -o /x https://repo.example.com/x\n',
    },
    { name: 'known token format is DF036’s', code: `FROM alpine:3.20\nRUN curl -H "Authorization: token ${GHP}" https://api.github.com/user\n` },
    {
      name: 'git -c extraHeader with a mounted secret is not saved',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GH_TOKEN git -c http.extraHeader="Authorization: Bearer ${GH_TOKEN}" clone https://github.com/o/r.git\n',
    },
    {
      name: 'git clone with a token, then .git removed',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GH_TOKEN git clone https://x:${GH_TOKEN}@github.com/o/r.git /src && rm -rf /src/.git\n',
    },
    {
      name: 'git clone with a token, then the remote URL reset',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GH_TOKEN git clone https://x:${GH_TOKEN}@github.com/o/r.git /src && git -C /src remote set-url origin https://github.com/o/r.git\n',
    },
  ],
  invalid: [
    {
      name: 'literal password in a URL',
      code: 'FROM alpine:3.20\nRUN curl -fsSo /x https://deploy:Sup3rS3cret@repo.example.com/x\n',
      errors: [{ messageId: 'literal', line: 2, column: 34, endColumn: 45, level: 'error', message: 'the URL holds a literal credential' }],
    },
    {
      name: 'curl -u user:pass and a literal bearer token',
      code: 'FROM alpine:3.20\nRUN curl -u admin:hunter2 -o /a https://repo.example.com/a \\\n && curl -H "Authorization: Bearer abc123def456" -o /b https://api.example.com/b\n',
      errors: [
        { messageId: 'literal', line: 2, column: 19, message: 'curl -u' },
        { messageId: 'literal', line: 3, column: 36, message: 'the Authorization header' },
      ],
    },
    {
      name: 'wget --password and a PRIVATE-TOKEN header',
      code: 'FROM alpine:3.20\nRUN wget --user=ci --password=s3cr3tPass https://repo.example.com/a && wget --header="PRIVATE-TOKEN: q1w2e3r4t5" https://gitlab.example.com/api/v4/x\n',
      errors: [
        { messageId: 'literal', line: 2, column: 31 },
        { messageId: 'literal', line: 2, column: 102, message: 'the PRIVATE-TOKEN header' },
      ],
    },
    {
      name: 'credential from a build argument with an innocent name',
      code: 'FROM golang:1.22\nARG GH_PAT\nRUN git config --global url."https://${GH_PAT}@github.com/".insteadOf "https://github.com/" && go mod download\n',
      errors: [{ messageId: 'gitPersist', line: 3, column: 38, message: '~/.gitconfig' }],
    },
    {
      name: 'credential in a curl password slot from ARG and from ENV',
      code: 'FROM alpine:3.20\nARG REPO_PW\nENV REPO_USER=ci REPO_CRED=x\nRUN curl -u "ci:${REPO_PW}" -o /a https://repo.example.com/a && curl -u "$REPO_USER:$REPO_CRED" -o /b https://repo.example.com/b\n',
      errors: [
        { messageId: 'fromArg', line: 4, column: 17, message: 'build argument REPO_PW' },
        { messageId: 'fromEnv', line: 4, column: 85, message: 'ENV REPO_CRED' },
      ],
    },
    {
      name: 'git clone with a token from a secret mount still saves it in .git/config',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GITHUB_TOKEN git clone https://${GITHUB_TOKEN}@github.com/o/private.git /src\n',
      errors: [{ messageId: 'gitPersist', line: 2, column: 66, message: '.git/config of the clone' }],
    },
    {
      name: 'a clean-up before the clone does not remove what the clone saves',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=gh,env=GH_TOKEN git remote remove origin && git clone https://x:${GH_TOKEN}@github.com/o/r.git /src\n',
      errors: [{ messageId: 'gitPersist', line: 2, column: 92 }],
    },
    {
      name: 'token read from a secret file into a clone URL is still saved by git',
      code: 'FROM alpine:3.20\nRUN --mount=type=secret,id=t git clone "https://oauth2:$(cat /run/secrets/t)@gitlab.com/o/r.git" /src\n',
      errors: [{ messageId: 'gitPersist', line: 2, column: 56 }],
    },
    {
      name: 'inside sh -c and ONBUILD',
      code: 'FROM alpine:3.20\nONBUILD RUN sh -c "curl -u bot:Xy9-secret -o /x https://repo.example.com/x"\n',
      errors: [{ messageId: 'literal', line: 2, column: 32 }],
    },
  ],
});

describe('DF042 costs time linear in the commands and RUNs it reads', () => {
  before(() => loadShellGrammar());
  const units = (n: number, unit: (i: number) => string, join: string) => Array.from({ length: n }, (_, i) => unit(i)).join(join);

  it('credentials in `$(…)` among many other commands: each finding’s list is known, not searched', () => {
    const unit = (i: number) => `${'true && '.repeat(8)}echo $(curl -u deploy:Pa55w0rd${i} https://h.example.com/x${i})`;
    assertCheckLinear(
      rule,
      'credentials in `$(…)`',
      (n) => `FROM alpine:3.20\nRUN ${units(n, unit, ' && ')}\n`,
      (n) => n,
      1000,
    );
  });

  it('git clones that save a password variable: the clean-up after each is looked for once per list', () => {
    const unit = (i: number) => `git clone https://ci:\${PASS}@git.example.com/r${i}.git`;
    assertCheckLinear(
      rule,
      'git clones',
      (n) => `FROM alpine:3.20\nARG PASS\nRUN ${units(n, unit, ' && ')}\n`,
      (n) => n,
      500,
    );
  });

  it('RUNs reading a build argument: where it is declared is indexed, not searched per RUN', () => {
    const unit = (i: number) => `RUN curl -u ci:$P -o /x${i} https://h.example.com/x${i}\n`;
    assertCheckLinear(
      rule,
      'RUNs reading an ARG',
      (n) => `FROM alpine:3.20\nARG P\n${units(n, unit, '')}`,
      (n) => n,
      1000,
    );
  });
});
