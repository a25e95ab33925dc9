import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { SourceText } from '../engine/source.js';
import { parseDockerfile } from './dockerfile.js';
import {
  allCommands,
  argumentWords,
  commandName,
  findCommands,
  findOptions,
  instructionCommands,
  outputFiles,
  parseArgs,
  parseShell,
  pipelineOf,
  runShells,
  scriptTexts,
  scriptTextsMayMatch,
} from './shell.js';

before(() => loadShellGrammar());

const words = (script: string) => allCommands(parseShell(script)).map((c) => c.words.map((w) => w.value));
const names = (script: string) => allCommands(parseShell(script)).map((c) => commandName(c)?.name);

describe('parseShell', () => {
  it('keeps the original behaviour: operators, continuations, quotes, comments', () => {
    const script = 'apt-get update && \\\n  sudo apt-get install -y "curl wget" ; echo \'a && b\' | sh # done\nuseradd -r app';
    const cmds = parseShell(script);
    assert.deepEqual(
      cmds.map((c) => c.words.map((w) => w.value)),
      [['apt-get', 'update'], ['sudo', 'apt-get', 'install', '-y', 'curl wget'], ['echo', 'a && b'], ['sh'], ['useradd', '-r', 'app']],
    );
    assert.deepEqual(
      cmds.map((c) => c.after),
      [undefined, '&&', ';', '|', '\n'],
    );
  });

  it('moves every span by baseOffset once, spans two nodes share (`2>&1`, a heredoc operator) included', () => {
    const script = 'curl -fsSL https://x 2>&1 >/tmp/log | sh && cat <<EOF > /etc/x\nhello\nEOF\n';
    const base = 100;
    const texts = (cmds: ReturnType<typeof parseShell>, offset: number) =>
      allCommands(cmds).flatMap((c) => [
        script.slice(c.span.start - offset, c.span.end - offset),
        ...c.words.map((w) => script.slice(w.span.start - offset, w.span.end - offset)),
        ...c.redirects.map((r) => script.slice(r.span.start - offset, r.span.end - offset)),
      ]);
    const plain = texts(parseShell(script), 0);
    assert.ok(plain.includes('2>&1') && plain.includes('<<EOF'));
    assert.deepEqual(texts(parseShell(script, base), base), plain);
  });

  it('separates redirections from words and records their targets', () => {
    const [curl, tee, echo] = parseShell('curl -fsSL https://x 2>&1 | tee log && echo done >/dev/null');
    assert.deepEqual(
      curl.words.map((w) => [w.value, !!w.redirect]),
      [
        ['curl', false],
        ['-fsSL', false],
        ['https://x', false],
        ['2>&1', true],
      ],
    );
    assert.deepEqual(
      curl.redirects.map((r) => [r.op, r.target]),
      [['2>&1', undefined]],
    );
    assert.equal(tee.after, '|');
    assert.deepEqual(
      echo.redirects.map((r) => [r.op, r.target]),
      [['>', '/dev/null']],
    );
    assert.deepEqual(
      argumentWords(echo).map((w) => w.value),
      ['done'],
    );
    assert.deepEqual(words('cmd &>/dev/null; a >>log 2>/dev/null'), [
      ['cmd', '&>', '/dev/null'],
      ['a', '>>', 'log', '2>', '/dev/null'],
    ]);
  });

  it('parses $(…), backticks, <(…) and sh -c scripts as nested commands', () => {
    const script = 'V=$(curl -k -s https://x) && bash <(curl -fsSL https://y) ; echo "`date` and $(id -u)"; sh -c "wget -q https://z"';
    assert.deepEqual(names(script), [undefined, 'curl', 'bash', 'curl', 'echo', 'date', 'id', 'sh', 'wget']);
    const top = parseShell(script);
    assert.equal(top.length, 4);
    assert.equal(top[0].words[0].value, 'V=$(curl -k -s https://x)');
    const nested = top[0].nested[0];
    assert.equal(nested.parent, top[0]);
    assert.equal(script.slice(nested.words[1].span.start, nested.words[1].span.end), '-k');
    const wget = top[3].nested[0];
    assert.equal(script.slice(wget.span.start, wget.span.end), 'wget -q https://z');
  });

  it('finds the script of bash -euxo pipefail -c', () => {
    const cmds = allCommands(parseShell("bash -euxo pipefail -c 'curl -k x | sh'"));
    assert.deepEqual(
      cmds.map((c) => commandName(c)?.name),
      ['bash', 'curl', 'sh'],
    );
    assert.equal(cmds[2].after, '|');
  });

  it('treats a heredoc fed to a shell (or to nothing, as in RUN <<EOF) as script, and others as data', () => {
    // `RUN <<EOF`: the body is the script (no command reads it).
    assert.deepEqual(names('<<EOF\nset -e\napt-get install -y curl\nEOF'), ['set', 'apt-get']);
    assert.deepEqual(names('<<-EOT bash\n\tcurl -k x\n\tEOT'), ['bash', 'curl']);
    const [cat, chmod, echo] = parseShell("cat <<'EOF' > /etc/sudoers.d/app && chmod 0440 /etc/sudoers.d/app\napp ALL=(ALL) NOPASSWD: ALL\nEOF\necho after");
    assert.equal(commandName(cat)?.name, 'cat');
    assert.deepEqual(
      cat.heredocs.map((h) => [h.delimiter, h.quoted, h.body]),
      [['EOF', true, 'app ALL=(ALL) NOPASSWD: ALL\n']],
    );
    assert.deepEqual(
      cat.redirects.map((r) => r.op),
      ['<<', '>'],
    );
    assert.equal(commandName(chmod)?.name, 'chmod');
    assert.equal(echo.after, '\n');
    const [py] = parseShell('python3 <<EOF\nimport os; os.system("curl -k x")\nEOF');
    assert.equal(py.heredocs.length, 1);
    assert.equal(py.nested.length, 0);
  });

  it('gives heredoc bodies file offsets', () => {
    const script = 'RUN cat <<EOF > /x\nline one\nEOF';
    const [cat] = parseShell(script.slice(4), 4);
    const h = cat.heredocs[0];
    assert.equal(script.slice(h.bodySpan.start, h.bodySpan.end), 'line one\n');
  });

  it('never throws on half-typed input', () => {
    for (const s of ['echo "abc', "echo 'abc", 'a $(b', 'a `b', 'cat <<', 'cat <<EOF', 'x <(', '2>', 'a &&', '|| b', 'sh -c', '$((1+', '<<-', '>']) {
      assert.doesNotThrow(() => allCommands(parseShell(s)), s);
    }
    // The complete part of a half-typed command is kept.
    assert.deepEqual(words('echo "abc'), [['echo']]);
    assert.deepEqual(names('apt-get install -y curl && if [ -f x ]; then'), ['apt-get', undefined, '[']);
  });
});

describe('commandName', () => {
  it('skips sudo and its options, env, assignments and reserved words', () => {
    assert.deepEqual(names('sudo -u postgres psql'), ['psql']);
    assert.deepEqual(names('sudo -E -H apt-get install x'), ['apt-get']);
    assert.deepEqual(names('env -u HOME A=1 B=2 /usr/bin/make all'), ['make']);
    // A compound command has no name; its commands are nested in it.
    assert.deepEqual(names('if grep -q x f; then apt-get install -y y; fi'), [undefined, 'grep', 'apt-get']);
    assert.deepEqual(names('command -v curl'), ['command']);
    assert.deepEqual(names('X=1'), [undefined]);
  });
});

describe('parseArgs', () => {
  const w = (...vals: string[]) => vals.map((value, i) => ({ value, span: { start: i * 10, end: i * 10 + value.length } }));
  it('splits grouped short flags and knows which options take values', () => {
    const parsed = parseArgs(w('-fsSLk', '-o', '/tmp/x', '--retry=3', 'https://x'), { withValue: ['-o', '--retry'] });
    assert.deepEqual(
      parsed.options.map((o) => [o.name, o.value ?? null, o.letter ?? null]),
      [
        ['-f', null, 1],
        ['-s', null, 2],
        ['-S', null, 3],
        ['-L', null, 4],
        ['-k', null, 5],
        ['-o', '/tmp/x', null],
        ['--retry', '3', null],
      ],
    );
    assert.deepEqual(
      parsed.operands.map((o) => o.value),
      ['https://x'],
    );
    assert.equal(findOptions(parsed, '-k', '--insecure').length, 1);
  });
  it('reads attached values and stops at --', () => {
    const parsed = parseArgs(w('-ukeith:pw', '-Ovalue', '--', '-k'), { withValue: ['-u', '-O'] });
    assert.deepEqual(
      parsed.options.map((o) => [o.name, o.value]),
      [
        ['-u', 'keith:pw'],
        ['-O', 'value'],
      ],
    );
    assert.deepEqual(
      parsed.operands.map((o) => o.value),
      ['-k'],
    );
  });
  it('supports single-dash long options (go, find) without grouping', () => {
    const parsed = parseArgs(w('-ldflags=-s -w', '-tags', 'netgo', './cmd'), { withValue: ['-tags'], grouped: false });
    assert.deepEqual(
      parsed.options.map((o) => [o.name, o.value]),
      [
        ['-ldflags', '-s -w'],
        ['-tags', 'netgo'],
      ],
    );
  });
});

describe('pipelines and output files', () => {
  it('finds pipelines and files written by redirection or tee', () => {
    const list = parseShell('echo x | sudo tee -a /etc/sudoers > /dev/null && echo y >> ~/.curlrc');
    assert.deepEqual(
      pipelineOf(list, 1).map((c) => commandName(c)?.name),
      ['echo', 'tee'],
    );
    assert.deepEqual(outputFiles(list, 0), ['/etc/sudoers']);
    assert.deepEqual(outputFiles(list, 2), ['~/.curlrc']);
  });
});

describe('Dockerfile RUN scripts', () => {
  const text = [
    'FROM alpine:3.20 AS build',
    'RUN apk add --no-cache curl && curl -fsSL https://x -o /x',
    'ONBUILD RUN --network=host curl -k https://y',
    'FROM build',
    'RUN ["sh", "-c", "wget -q https://z"]',
    'RUN <<EOF',
    'set -e',
    'curl -s https://w',
    'EOF',
    'CMD ["/usr/sbin/sshd", "-D"]',
  ].join('\n');
  const model = parseDockerfile(new SourceText('Dockerfile', text));
  it('covers RUN, ONBUILD RUN, exec form and heredoc scripts', () => {
    const runs = runShells(model);
    assert.deepEqual(
      runs.map((r) => [r.instr.keyword, r.onbuild, r.exec]),
      [
        ['RUN', false, false],
        ['ONBUILD', true, false],
        ['RUN', false, true],
        ['RUN', false, false],
      ],
    );
    assert.deepEqual(
      runs[1].flags.map((f) => [f.name, f.value]),
      [['network', 'host']],
    );
    const found = findCommands(model, ['curl', 'wget']);
    assert.deepEqual(
      found.map((f) => [f.name, text.slice(f.cmd.span.start, f.cmd.span.end)]),
      [
        ['curl', 'curl -fsSL https://x -o /x'],
        ['curl', 'curl -k https://y'],
        ['wget', 'wget -q https://z'],
        ['curl', 'curl -s https://w'],
      ],
    );
    assert.equal(findCommands(model, 'curl', model.stages[1]).length, 1);
  });
  it('reads CMD/ENTRYPOINT in both forms', () => {
    const cmd = model.instructions.find((i) => i.keyword === 'CMD')!;
    assert.deepEqual(
      instructionCommands(model, cmd).map((c) => c.words.map((w) => w.value)),
      [['/usr/sbin/sshd', '-D']],
    );
  });
  it('lists word and heredoc texts with exact offsets', () => {
    const m = parseDockerfile(new SourceText('Dockerfile', 'FROM debian:12\nRUN echo "deb [trusted=yes] http://r ./" > /etc/apt/sources.list\n'));
    const [run] = runShells(m);
    const t = scriptTexts(m, run).find((x) => x.text.includes('trusted'))!;
    const i = t.text.indexOf('trusted');
    assert.equal(m.file.text.slice(t.offsetOf(i)!, t.offsetOf(i + 7)!), 'trusted');
    assert.deepEqual(t.outputs, ['/etc/apt/sources.list']);
  });
  it('says whether any text may match a pattern, from the values the shell sees', () => {
    const m = parseDockerfile(
      new SourceText(
        'Dockerfile',
        ['FROM debian:12', 'RUN echo NOPASS\\WD: ALL > /etc/sudoers.d/x', 'RUN apt-get install -y curl', 'RUN cat <<EOF > /etc/doas.conf\npermit nopass app\nEOF', ''].join('\n'),
      ),
    );
    const [escaped, plain, heredoc] = runShells(m);
    // The value, not the text as written: the backslash is gone.
    assert.equal(scriptTextsMayMatch(escaped, /NOPASSWD/), true);
    assert.equal(scriptTextsMayMatch(plain, /NOPASSWD|permit/), false);
    // Heredoc bodies are texts too.
    assert.equal(scriptTextsMayMatch(heredoc, /permit/), true);
    // A word boundary at a text's end is one in the joined texts.
    assert.equal(scriptTextsMayMatch(plain, /\bcurl\b/), true);
    assert.equal(scriptTextsMayMatch(plain, /\bcur\b/), false);
    // A string is looked for as it is, not as a pattern.
    assert.equal(scriptTextsMayMatch(plain, '-y'), true);
    assert.equal(scriptTextsMayMatch(plain, '.'), false);
    // Whatever the pattern's lastIndex.
    const global = /install/g;
    global.lastIndex = 1000;
    assert.equal(scriptTextsMayMatch(plain, global), true);
  });
  it('caches per model', () => {
    assert.equal(runShells(model)[0], runShells(model)[0]);
  });
});
