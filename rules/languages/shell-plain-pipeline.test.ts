import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { type BashNode, bashTreeBothWays, parseBash } from './shell-grammar.js';
import { asList, pipelineFromList, plainPipelineBars } from './shell-plain-pipeline.js';
import { flat } from '../../test/support/flat-tree.js';

before(() => loadShellGrammar());

/** The grammar's own tree of `script`, parsed as written. */
function grammarTree(script: string): BashNode {
  const both = bashTreeBothWays(script);
  assert.ok(both);
  return both.binding;
}

/** The tree of a plain pipeline read through the list; undefined when the script is not one or the list was refused. */
function readAsList(script: string): BashNode | undefined {
  const bars = plainPipelineBars(script);
  const list = bars && parseBash(asList(script));
  return bars && list && pipelineFromList(list, bars);
}

/** A deterministic generator (mulberry32), so a failure names a script that can be run again. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN_WORDS = 'a sh tee -x --opt - -- b/c /usr/bin/env ./run 1 0 42 1.5 a:b a,b +x %s user@host _ A_B x-1 ..'.split(' ');
/** Words the grammar reads as keywords or as something other than a plain word. */
const KEYWORDS =
  'if then else elif fi for select in do done while until case esac function export declare local readonly typeset unset unsetenv time coproc test [[ ]] [ ] ! { }'.split(' ');
/** Words with characters no plain word has: quoting, expansion, assignment, redirection, comment, glob, operator. */
const SPECIALS = [
  'x=1',
  'a+=b',
  '"q"',
  "'q'",
  '$v',
  '${v}',
  '`a`',
  '$(a)',
  '>f',
  '2>&1',
  '<f',
  '#c',
  'a#b',
  '*',
  '?',
  '~',
  '~/x',
  'a\\b',
  '\\|',
  '(',
  ')',
  ';',
  '&',
  '&&',
  '\n',
  '\r',
  'é',
  '1>',
];
/** A trap: a keyword, a special word, or a plain word with a special one glued to it. */
const TRAPS = [...KEYWORDS, ...SPECIALS, ...SPECIALS.map((special) => `a${special}`)];
const BLANKS = [' ', '  ', '\t', ' \t '];
const BARS = ['|', ' | ', '| ', ' |', '|\t', '||', '|&', ' |\n', '|\\\n'];

function generated(seed: number, count: number, trapRate: number): string[] {
  const next = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const scripts: string[] = [];
  for (let s = 0; s < count; s++) {
    const commands: string[] = [];
    const n = 1 + Math.floor(next() * 5);
    for (let c = 0; c < n; c++) {
      const words: string[] = [];
      const m = 1 + Math.floor(next() * 4);
      for (let w = 0; w < m; w++) words.push(next() < trapRate ? pick(TRAPS) : pick(PLAIN_WORDS));
      commands.push((next() < 0.2 ? pick(BLANKS) : '') + words.join(pick(BLANKS)) + (next() < 0.2 ? pick(BLANKS) : ''));
    }
    scripts.push(commands.map((c, i) => (i ? (next() < 0.1 ? pick(BARS) : '|') : '') + c).join(''));
  }
  return scripts;
}

describe('a plain pipeline', () => {
  it('is found with the offset of each `|`', () => {
    assert.deepEqual(plainPipelineBars('a|b'), [1]);
    assert.deepEqual(plainPipelineBars(' curl -fsSL a.b/c:8080 |\tsh -x | tee /x.log '), [23, 31]);
    assert.deepEqual(plainPipelineBars(`${'a|'.repeat(3)}sh`), [1, 3, 5]);
  });

  it('is not a single command, an empty one, or anything with a character a plain word does not have', () => {
    for (const script of [
      '',
      'a',
      'a b c',
      '|a',
      'a|',
      'a||b',
      'a| |b',
      'a|&b',
      'a && b|c',
      'a;b|c',
      'a\n|b',
      'a|\nb',
      'x=1|b',
      'a|"b"',
      "a|'b'",
      'a|$b',
      'a|`b`',
      'a>f|b',
      'a|b #c',
      'a\\|b',
      'a|b*',
      'a|~',
      'a|!b',
      'a|(b)',
      'a|{ b; }',
      'a|[ b ]',
      'a|é',
      'a\r|b',
    ]) {
      assert.equal(plainPipelineBars(script), undefined, JSON.stringify(script));
    }
  });

  it("is read as a list into the grammar's own tree of the pipeline", () => {
    for (const script of ['a|b', ' a  -x |\tb c | d ', `${'a|'.repeat(200)}sh`, 'curl -fsSL https:/x | sh', '1|2', 'a 1|2 b', '-|--']) {
      const tree = readAsList(script);
      assert.ok(tree, `read through the list: ${JSON.stringify(script)}`);
      assert.deepEqual(flat(tree), flat(grammarTree(script)), JSON.stringify(script));
    }
  });

  it('is refused when the list is not commands of words (a keyword, a declaration), and then parsed as written', () => {
    for (const script of ['if|a', 'a|if', 'export a|b', 'a|local b', 'a|while', 'for|do|done', 'case|esac', 'unset a|b']) {
      assert.ok(plainPipelineBars(script), JSON.stringify(script));
      assert.equal(readAsList(script), undefined, JSON.stringify(script));
      assert.deepEqual(flat(parseBash(script)), flat(grammarTree(script)), JSON.stringify(script));
    }
  });

  it("read through the list or not, is the grammar's own tree, on generated scripts with and without traps", () => {
    let readThroughList = 0;
    let plain = 0;
    const scripts = [...generated(1, 1500, 0), ...generated(2, 1500, 0.1), ...generated(3, 1500, 0.4)];
    for (const script of scripts) {
      const expected = flat(grammarTree(script));
      const viaList = readAsList(script);
      if (plainPipelineBars(script)) plain++;
      if (viaList) {
        readThroughList++;
        assert.deepEqual(flat(viaList), expected, `through the list: ${JSON.stringify(script)}`);
      }
      assert.deepEqual(flat(parseBash(script)), expected, `parseBash: ${JSON.stringify(script)}`);
    }
    // Not vacuous: most scripts without traps are pipelines read through the list, and some with traps are refused.
    assert.ok(readThroughList > 1000, `${readThroughList} of ${scripts.length} read through the list`);
    assert.ok(plain > readThroughList, `${plain - readThroughList} plain-looking pipelines refused`);
  });
});
