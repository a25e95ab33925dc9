import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { applyEdits } from '../engine/fixer.js';
import { SourceText } from '../engine/source.js';
import type { Edit } from '../engine/types.js';
import { instructionArguments, parseDockerfile } from './dockerfile.js';
import { argumentWords, parseArgs, parseShell, runShells } from './shell.js';
import { type EditSite, instructionSite, removeArgumentsEdits, removeCommandEdit, removeInstructionEdit, removeOptionEdit, removeWordsEdit, runSite } from './shell-edit.js';

before(() => loadShellGrammar());

/** A script as the only text of its site (what parseShell sees). */
const site = (text: string, escape = '\\', json = false): EditSite => ({ text, escape, within: { start: 0, end: text.length }, json });
const apply = (text: string, edit: Edit | undefined) => (edit ? applyEdits(text, [edit]) : undefined);

/** Removes the words at `indexes` (consecutive) of the first command of a script. */
function removeWords(text: string, indexes: number[], escape = '\\'): string | undefined {
  const [cmd] = parseShell(text, 0, escape);
  return apply(
    text,
    removeWordsEdit(
      site(text, escape),
      indexes.map((i) => cmd.words[i].span),
    ),
  );
}

/** Removes the tokens written as `tokens` (found in order in the text, consecutive). */
function removeAt(text: string, tokens: string[]): string | undefined {
  let from = 0;
  const spans = tokens.map((tok) => {
    const start = text.indexOf(tok, from);
    from = start + tok.length;
    return { start, end: from };
  });
  return apply(text, removeWordsEdit(site(text), spans));
}

/** The same through a real Dockerfile: the first RUN's first command, words at `indexes` (redirections not counted). */
function removeRunWords(file: string, indexes: number[]): string | undefined {
  const model = parseDockerfile(new SourceText('Dockerfile', file));
  const [run] = runShells(model);
  const cmd = run.all.find((c) => c.words.some((w) => !w.redirect))!;
  const first = cmd.words.findIndex((w) => !w.redirect);
  return apply(
    file,
    removeWordsEdit(
      runSite(model, run, cmd),
      indexes.map((i) => cmd.words[first + i].span),
    ),
  );
}

describe('removing words', () => {
  it('leaves one separator between the neighbours on one line', () => {
    assert.equal(removeWords('curl -k https://x', [1]), 'curl https://x');
    assert.equal(removeWords('curl https://x -k', [2]), 'curl https://x');
    assert.equal(removeWords('curl -k\thttps://x', [1]), 'curl https://x');
    assert.equal(removeWords('curl -o /x -k https://x', [1, 2]), 'curl -k https://x');
  });
  it('keeps a continued line when a word is left on it (the words were once glued)', () => {
    assert.equal(removeWords('curl -fsSL \\\n-k https://x', [2]), 'curl -fsSL \\\nhttps://x');
    assert.equal(removeWords('apt-get install -y \\\n    --allow-unauthenticated curl', [3]), 'apt-get install -y \\\n    curl');
    const ifThen = 'if true; then \\\n    sudo apk add curl; \\\nfi';
    assert.equal(removeAt(ifThen, ['sudo']), 'if true; then \\\n    apk add curl; \\\nfi');
  });
  it('drops a continued line that held only the removed words, with its continuation', () => {
    assert.equal(removeWords('curl \\\n  -k \\\n  https://x', [1]), 'curl \\\n  https://x');
    assert.equal(removeWords('pip install -r r.txt \\\n  --trusted-host \\\n  x.org \\\n  -q', [4, 5]), 'pip install -r r.txt \\\n  -q');
    assert.equal(removeWords('curl \\\n  \\\n  -k \\\n  https://x', [1]), 'curl \\\n  \\\n  https://x', 'an empty continued line above stays');
  });
  it('drops the continuation that led to removed words ending the script', () => {
    assert.equal(removeWords('curl https://x \\\n  -k', [2]), 'curl https://x');
    assert.equal(removeWords('curl https://x \\\r\n  -k', [2]), 'curl https://x', 'CRLF');
    assert.equal(removeWords('curl https://x `\n  -k', [2], '`'), 'curl https://x', '# escape=`');
  });
  it('keeps comment lines inside the continuation (they become lines of their own when nothing follows)', () => {
    assert.equal(removeAt('curl -fsSL \\\n# why\n-k https://x', ['-k']), 'curl -fsSL \\\n# why\nhttps://x');
    assert.equal(removeAt('curl https://x \\\n  # why\n  -k', ['-k']), 'curl https://x\n  # why');
    assert.equal(removeAt('curl https://x \\\r\n# why\r\n\r\n  -k', ['-k']), 'curl https://x\r\n# why\r\n');
    assert.equal(removeAt('curl \\\n  -k \\\n# why\n  https://x', ['-k']), 'curl \\\n# why\n  https://x');
    assert.equal(removeAt('curl \\\n# a\n  -k \\\n# b\n  https://x', ['-k']), 'curl \\\n# a\n# b\n  https://x');
  });
  it('uses the file escape character', () => {
    assert.equal(removeWords('curl -fsSL `\n-k https://x', [2], '`'), 'curl -fsSL `\nhttps://x');
    assert.equal(removeWords('curl `\r\n  -k `\r\n  https://x', [1], '`'), 'curl `\r\n  https://x');
  });
  it('glues nothing to a quote or parenthesis it did not touch', () => {
    assert.equal(removeWords('sudo apk add git', [0]), 'apk add git');
    const text = 'x="$(sudo apk add git)"';
    const [, inner] = parseShell(text).flatMap((c) => [c, ...c.nested]);
    assert.equal(apply(text, removeWordsEdit(site(text), [inner.words[0].span])), 'x="$(apk add git)"');
  });
  it('leaves a word alone when an escaped blank follows it (read as a continuation by some parsers)', () => {
    assert.equal(removeAt('env A= \\ B=1', ['A=']), undefined);
    assert.equal(removeAt('env A= \\B=1', ['A=']), 'env \\B=1');
  });
  it('refuses words that are not consecutive tokens', () => {
    const text = 'curl -o >/dev/null x';
    const [cmd] = parseShell(text);
    assert.equal(removeWordsEdit(site(text), [cmd.words[1].span, cmd.words[4].span]), undefined);
  });
  it('works on the words of a real RUN (the keyword is the left neighbour)', () => {
    assert.equal(removeRunWords('FROM a\nRUN \\\nsudo apk add curl\n', [0]), 'FROM a\nRUN \\\napk add curl\n');
    assert.equal(removeRunWords('FROM a\nRUN sudo \\\n    apk add curl\n', [0]), 'FROM a\nRUN apk add curl\n');
    assert.equal(removeRunWords('FROM a\nRUN sudo \\\n# why\n    apk add curl\n', [0]), 'FROM a\nRUN \\\n# why\n    apk add curl\n');
    assert.equal(removeRunWords('FROM a\nRUN <<EOF\nsudo \\\n  apk add git\nEOF\n', [0]), 'FROM a\nRUN <<EOF\n  apk add git\nEOF\n');
  });
});

describe('removing options', () => {
  it('removes one letter of a group, also inside quotes', () => {
    for (const [text, expected] of [
      ['curl -fsSLk x', 'curl -fsSL x'],
      ['curl "-kfsSL" x', 'curl "-fsSL" x'],
    ]) {
      const [cmd] = parseShell(text);
      const opt = parseArgs(argumentWords(cmd)).options.find((o) => o.name === '-k')!;
      assert.equal(apply(text, removeOptionEdit(site(text), opt)), expected);
    }
  });
  it('removes an option with its value word across a continuation', () => {
    const text = 'pip install \\\n--trusted-host \\\n  x.org -r r.txt';
    const [cmd] = parseShell(text);
    const opt = parseArgs(argumentWords(cmd), { withValue: ['--trusted-host', '-r'] }).options.find((o) => o.name === '--trusted-host')!;
    assert.equal(apply(text, removeOptionEdit(site(text), opt)), 'pip install \\\n  -r r.txt', 'the line left keeps its indent');
  });
});

describe('exec-form arrays', () => {
  const text = '["curl", "-k", "x"]';
  const items = (t: string) => [...t.matchAll(/"[^"]*"/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  it('removes an item with its comma', () => {
    const [, k, x] = items(text);
    assert.equal(apply(text, removeWordsEdit(site(text, '\\', true), [k])), '["curl", "x"]');
    assert.equal(apply(text, removeWordsEdit(site(text, '\\', true), [x])), '["curl", "-k"]');
  });
  it('removes an item on a continued line, and never leaves a trailing comma', () => {
    const multi = '["curl", \\\n  "x", \\\n  "-k"]';
    const [, , k] = items(multi);
    assert.equal(apply(multi, removeWordsEdit(site(multi, '\\', true), [k])), '["curl", \\\n  "x"]');
    const middle = '["curl", \\\n  "-k", \\\n  "x"]';
    assert.equal(apply(middle, removeWordsEdit(site(middle, '\\', true), [items(middle)[1]])), '["curl", \\\n  "x"]');
  });
  it('keeps a comment line before the item, and refuses one between the item and the next', () => {
    const before = '["curl", \\\n# why\n  "-k", "x"]';
    assert.equal(apply(before, removeWordsEdit(site(before, '\\', true), [items(before)[1]])), '["curl", \\\n# why\n  "x"]');
    const between = '["curl", "-k", \\\n# why\n  "x"]';
    assert.equal(removeWordsEdit(site(between, '\\', true), [items(between)[1]]), undefined);
  });
  it('edits a script inside a string only when the string has no JSON escapes', () => {
    const plain = 'FROM a\nRUN ["sh", "-c", "sudo apk add git"]\n';
    const escaped = 'FROM a\nRUN ["sh", "-c", "echo \\"a\\" && sudo apk add git"]\n';
    for (const [file, expected] of [
      [plain, 'FROM a\nRUN ["sh", "-c", "apk add git"]\n'],
      [escaped, undefined],
    ] as const) {
      const model = parseDockerfile(new SourceText('Dockerfile', file));
      const [run] = runShells(model);
      const sudo = run.all.find((c) => c.words[0]?.value === 'sudo')!;
      assert.equal(apply(file, removeWordsEdit(runSite(model, run, sudo), [sudo.words[0].span])), expected);
    }
  });
});

describe('removing commands', () => {
  const edit = (text: string, i: number) => apply(text, removeCommandEdit(site(text), parseShell(text), i));
  it('removes a command from a && or ; list with its operator', () => {
    const text = 'a x && b y && c';
    assert.equal(edit(text, 0), 'b y && c');
    assert.equal(edit(text, 1), 'a x && c');
    assert.equal(edit(text, 2), 'a x && b y');
    assert.equal(edit('a; b; c', 1), 'a; c');
  });
  it('never from a pipeline, a subshell or a lone command', () => {
    const piped = 'a | b && c';
    assert.equal(removeCommandEdit(site(piped), parseShell(piped), 1), undefined);
    // A subshell is one member of its list: the command after it can go, the subshell's own stay.
    const sub = '(a && b) | c && d';
    assert.equal(removeCommandEdit(site(sub), parseShell(sub), 1), undefined);
    assert.equal(edit(sub, 2), '(a && b) | c');
    assert.equal(removeCommandEdit(site('a'), parseShell('a'), 0), undefined);
  });
  it('keeps continued lines and comment lines', () => {
    assert.equal(edit('a && \\\n    b && \\\n    c', 1), 'a && \\\n    c');
    assert.equal(edit('a \\\n    && b \\\n    && c', 1), 'a \\\n    && c');
    assert.equal(edit('a && \\\n    b', 1), 'a');
    assert.equal(edit('a && \\\n    # why\n    b', 1), 'a\n    # why');
  });
  it('removes a line of a heredoc script', () => {
    assert.equal(edit('a\n  b\nc', 1), 'a\nc');
  });
});

describe('removing instructions and arguments', () => {
  const model = (text: string) => parseDockerfile(new SourceText('Dockerfile', text));
  it('keeps comment lines inside a removed instruction, and a BOM before it', () => {
    const text = 'FROM a\nENV X=0 \\\n# why\n    Y=1\nRUN b\n';
    const m = model(text);
    assert.equal(applyEdits(text, [removeInstructionEdit(m, m.instructions[1])]), 'FROM a\n# why\nRUN b\n');
    const last = 'FROM a\r\nENV X=0 \\\r\n# why\r\n    Y=1';
    const ml = model(last);
    assert.equal(applyEdits(last, [removeInstructionEdit(ml, ml.instructions[1])]), 'FROM a\r\n# why');
    const bom = '\uFEFFARG X=0\nFROM a\n';
    const mb = model(bom);
    assert.equal(applyEdits(bom, [removeInstructionEdit(mb, mb.instructions[0])]), '\uFEFFFROM a\n');
  });
  it('drops EXPOSE ports with their separators and keeps the rest as written', () => {
    const text = 'FROM a\nEXPOSE 22 80 \\\n  443 22/udp\n';
    const m = model(text);
    const instr = m.stages[0].instructions[0];
    const words = instructionArguments(m.file, instr.node);
    const cut = (remove: number[]) => {
      const edits = removeArgumentsEdits(instructionSite(m, instr), words, new Set(remove));
      return edits && applyEdits(text, edits);
    };
    assert.equal(cut([0]), 'FROM a\nEXPOSE 80 \\\n  443 22/udp\n');
    assert.equal(cut([3]), 'FROM a\nEXPOSE 22 80 \\\n  443\n');
    assert.equal(cut([0, 3]), 'FROM a\nEXPOSE 80 \\\n  443\n');
    assert.equal(cut([1, 2]), 'FROM a\nEXPOSE 22 22/udp\n');
    assert.equal(cut([0, 1, 2, 3]), undefined, 'nothing left: the caller deletes the instruction');
  });
  it('makes no word edit in an instruction with a lone CR (BuildKit does not end a line there, editors do)', () => {
    const text = 'FROM ubuntu:24.04\nEXPOSE 22 \\\r  8080\n';
    const m = model(text);
    const instr = m.stages[0].instructions[0];
    assert.equal(removeArgumentsEdits(instructionSite(m, instr), instructionArguments(m.file, instr.node), new Set([0])), undefined);
  });
});
