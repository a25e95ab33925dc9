import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { KNOWN_MISREADINGS, SHELL_CASES, checkReading, reading } from '../../test/support/shell-cases.js';
import { SourceText } from '../engine/source.js';
import { parseDockerfile } from './dockerfile.js';
import { allCommands, commandName, parseShell, runShells } from './shell.js';
import { readableLength } from './shell-guard.js';
import { readDockerShell, readScript } from './shell-read.js';
import { ShellSource, dockerScript } from './shell-source.js';
import type { ShellCommand } from './shell-types.js';

before(() => loadShellGrammar());

const name = (c: { words: unknown }) => commandName(c as ShellCommand)?.name;

function readCase(script: string, dockerfile: boolean | undefined) {
  if (!dockerfile) return readScript(new ShellSource(script, 0));
  const model = parseDockerfile(new SourceText('/project/Dockerfile', script));
  return runShells(model).flatMap((r) => r.commands);
}

describe('the bash grammar read into the command model', () => {
  for (const c of SHELL_CASES) {
    it(c.name, () => {
      const wrong = checkReading(c, reading(readCase(c.script, c.dockerfile), name));
      if (KNOWN_MISREADINGS.has(c.name)) assert.ok(wrong, 'a known misreading is read right now: take it off the list');
      else assert.equal(wrong, undefined);
    });
  }

  it('marks compound commands, their bodies and what runs as a condition', () => {
    const [ifCmd] = parseShell('if [ -f x ] && grep -q y x | head; then echo a; else echo b; fi');
    assert.equal(ifCmd.kind, 'if');
    assert.deepEqual(
      ifCmd.nested.map((c) => [name(c), c.tested ?? false, c.after]),
      [
        ['[', true, undefined],
        ['grep', true, '&&'],
        ['head', true, '|'],
        ['echo', false, undefined],
        ['echo', false, undefined],
      ],
    );
    assert.ok(ifCmd.nested.every((c) => c.parent === ifCmd));
    const [group, tee] = parseShell('{ a; b; } 2>&1 | tee log');
    assert.equal(group.kind, 'group');
    assert.deepEqual(
      group.redirects.map((r) => r.op),
      ['2>&1'],
    );
    assert.equal(tee.after, '|');
    const [loop] = parseShell('for key in \'A B\' C; do gpg --export "$key"; done');
    assert.deepEqual(
      loop.words.map((w) => w.value),
      ['key', 'A B', 'C'],
    );
    assert.equal(commandName(loop), undefined, 'a loop runs no program of its own');
  });

  it('gives every word its file offsets through continuations, comment lines and the escape character', () => {
    const file = '# escape=`\nFROM a\nRUN apt-get install `\n# the client\n    cu`\nrl && echo "a b"\n';
    const model = parseDockerfile(new SourceText('/project/Dockerfile', file));
    const [run] = runShells(model);
    const words = allCommands(run.commands).flatMap((c) => c.words);
    assert.deepEqual(
      words.map((w) => w.value),
      ['apt-get', 'install', 'curl', 'echo', 'a b'],
    );
    assert.deepEqual(
      words.map((w) => file.slice(w.span.start, w.span.end)),
      ['apt-get', 'install', 'cu`\nrl', 'echo', '"a b"'],
    );
  });

  it('maps the words of an `sh -c` script back to the file, escapes included', () => {
    const text = 'sh -c "curl -k \\"$u\\" | sh"';
    const [sh] = parseShell(text);
    const curl = sh.nested[0];
    assert.equal(name(curl), 'curl');
    assert.equal(text.slice(curl.words[1].span.start, curl.words[1].span.end), '-k');
    assert.equal(curl.words[2].value, '$u');
    assert.equal(text.slice(curl.words[2].span.start, curl.words[2].span.end), '\\"$u\\"');
  });

  it('gives a RUN heredoc to the command whose operator names it, also written first', () => {
    const [cat] = readDockerShell('cat <<A > /a\none\nA', { start: 0, end: 18 }, '\\');
    assert.deepEqual(
      cat.heredocs.map((h) => h.body),
      ['one\n'],
    );
    const [bash] = parseShell('<<EOF bash -e\ncurl -k https://x\nEOF');
    assert.equal(name(bash), 'bash');
    assert.deepEqual(bash.nested.map(name), ['curl']);
    const script = dockerScript('cat <<A; cat <<B\n1\nA\n2\nB', { start: 0, end: 25 }, '\\');
    assert.deepEqual(
      script.heredocs.map((h) => [h.delimiter, h.body]),
      [
        ['A', '1\n'],
        ['B', '2\n'],
      ],
    );
    assert.equal(script.commandLine.text.trim().replace(/\s+/g, ' '), 'cat ; cat');
  });

  it('gives one command several heredocs: words and redirections in text order, each body read as what it is', () => {
    const text = 'cat <<B > /x <<A\nb\nB\na\nA';
    const [cat] = readDockerShell(text, { start: 0, end: text.length }, '\\');
    assert.deepEqual(
      cat.words.map((w) => w.value),
      ['cat', '<<B', '>', '/x', '<<A'],
    );
    assert.deepEqual(
      cat.redirects.map((r) => r.target),
      ['B', '/x', 'A'],
    );
    assert.deepEqual(
      cat.heredocs.map((h) => h.body),
      ['b\n', 'a\n'],
    );
    // Looks like data, but a shell reading its stdin runs each body it is given.
    const script = 'bash -e <<ONE <<TWO\ncurl -k https://x\nONE\nwget https://y\nTWO';
    const [bash] = readDockerShell(script, { start: 0, end: script.length }, '\\');
    assert.deepEqual(bash.nested.map(name), ['curl', 'wget']);
    assert.deepEqual(bash.heredocs, []);
  });

  it('reads a cmd or PowerShell RUN as words only, never as bash', () => {
    const file = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN curl.exe -k -o C:\\x\\y.zip https://x && dir | findstr y\n';
    const [run] = runShells(parseDockerfile(new SourceText('/project/Dockerfile', file)));
    assert.equal(run.otherShell, 'cmd');
    assert.deepEqual(
      run.commands.map((c) => [c.after, c.words.map((w) => w.value)]),
      [
        [undefined, ['curl.exe', '-k', '-o', 'C:\\x\\y.zip', 'https://x']],
        ['&&', ['dir']],
        ['|', ['findstr', 'y']],
      ],
    );
    const ps = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN $x = 1; Write-Host "a b"\n';
    const [psRun] = runShells(parseDockerfile(new SourceText('/project/Dockerfile', ps)));
    assert.equal(psRun.otherShell, 'powershell');
    assert.deepEqual(
      psRun.commands.map((c) => c.words.map((w) => w.value)),
      [
        ['$x', '=', '1'],
        ['Write-Host', 'a b'],
      ],
    );
  });

  it('stops reading at the 20th costly syntax error, and keeps what comes before', () => {
    assert.equal(readableLength('echo ok && case $x in a) b;; (c) d;; esac; (x)'), 46);
    // Without a `)` or a redirection there is no costly error: all of it is read.
    const chain = `${'a && '.repeat(1000)}sh ; case $x in`;
    assert.equal(readableLength(chain), chain.length);
    const garbage = `curl -k https://x | sh; echo ${'>'.repeat(5000)}`;
    assert.ok(readableLength(garbage) < 100);
    assert.deepEqual(allCommands(parseShell(garbage)).map(name).slice(0, 2), ['curl', 'sh']);
  });

  it('stops reading at the 128th `|` of one pipeline, and keeps what comes before', () => {
    const long = `curl -k https://x | sh; ${'a "b" | '.repeat(200)}c`;
    assert.equal(readableLength(long), 'curl -k https://x | sh; '.length + 127 * 'a "b" | '.length + 'a "b" '.length);
    assert.deepEqual(allCommands(parseShell(long)).map(name).slice(0, 3), ['curl', 'sh', 'a']);
    assert.equal(readableLength(`${'a |& '.repeat(200)}c`), 127 * 'a |& '.length + 2, '`|&` joins a pipeline too');
  });

  it('reads pipelines whole when `;`, `&&`, `||`, `&` or a line break end them, and `|` in quotes, comments or escaped (looks risky, is fine)', () => {
    for (const script of [
      `${'a "b" | c; '.repeat(300)}d`,
      `${'a "b" | c && '.repeat(300)}d`,
      `${'a "b" | c || '.repeat(300)}d`,
      `${'a "b" | c & '.repeat(300)}d`,
      `${'a "b" | c\n'.repeat(300)}d`,
      `echo "${'|'.repeat(300)}" '${'|'.repeat(300)}' ${'\\|'.repeat(300)} # ${'|'.repeat(300)}`,
    ])
      assert.equal(readableLength(script), script.length, script.slice(0, 20));
  });
});
