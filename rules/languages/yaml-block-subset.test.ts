/**
 * The block-subset reader against yaml's parseDocument: hand-picked cases, then every Compose text
 * of the corpus (when there is one next to the checkout), the docs' examples and generated files,
 * each with random mutations (BOSUN_FUZZ_SEED picks them; BOSUN_YAML_SUBSET_ROUNDS=200 tries more):
 * the reader gives up, or its document equals yaml's field by field (comments aside).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Document, isMap, isSeq, parseDocument } from 'yaml';
import { compose as generatedCompose, rng } from '../../bench/generate.js';
import { findCorpus } from '../../test/corpus/corpus.js';
import { FUZZ_SEED } from '../../test/fuzz/seed.js';
import { parseYaml, sharedParseOptions } from './compose-reparse.js';
import { parseBlockSubset } from './yaml-block-subset.js';

/** Comments are not kept by the fast reader (no rule reads them): everything else must be identical. */
const IGNORED = new Set(['comment', 'commentBefore', 'spaceBefore', 'items']);

const show = (v: unknown) => (typeof v === 'symbol' ? String(v) : typeof v === 'bigint' ? `${v}n` : JSON.stringify(v));

/** The first difference between two node trees: classes, every own field (ranges, values, types, sources, formats…), key order. */
function nodeDiff(a: unknown, b: unknown, path: string): string | undefined {
  if (a === null || a === undefined || b === null || b === undefined) return a === b ? undefined : `${path}: ${show(a)} against ${show(b)}`;
  if (typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b) ? undefined : `${path}: ${show(a)} against ${show(b)}`;
  if (a.constructor !== b.constructor) return `${path}: ${a.constructor.name} against ${b.constructor.name}`;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (x.schema !== y.schema) return `${path}: another schema`;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => !IGNORED.has(k) && o[k] !== undefined);
  const kx = keys(x);
  const ky = keys(y);
  if (kx.join() !== ky.join() && [...kx].sort().join() !== [...ky].sort().join()) return `${path}: fields ${kx} against ${ky}`;
  for (const k of kx) {
    const vx = x[k];
    const vy = y[k];
    if (k === 'range') {
      if (show(vx) !== show(vy)) return `${path}: range ${show(vx)} against ${show(vy)}`;
    } else if (k === 'value' && typeof vx === 'symbol') {
      if (String(vx) !== String(vy)) return `${path}: value ${show(vx)} against ${show(vy)}`;
    } else {
      const d = nodeDiff(vx, vy, `${path}.${k}`);
      if (d) return d;
    }
  }
  if (isMap(a) || isSeq(a)) {
    const items = (b as typeof a).items;
    if (a.items.length !== items.length) return `${path}: ${a.items.length} items against ${items.length}`;
    for (let i = 0; i < items.length; i++) {
      const d = nodeDiff(a.items[i], items[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

function docDiff(fast: Document.Parsed, full: Document.Parsed): string | undefined {
  if (show(fast.range) !== show(full.range)) return `document range ${show(fast.range)} against ${show(full.range)}`;
  if (full.errors.length || full.warnings.length) return `${full.errors.length} errors and ${full.warnings.length} warnings in the full parse`;
  if (fast.errors.length || fast.warnings.length) return 'errors in the fast parse';
  if (fast.schema !== full.schema) return 'another schema';
  const options = (d: Document.Parsed) => show({ ...d.options, _directives: undefined, schema: undefined });
  if (options(fast) !== options(full)) return `options ${options(fast)} against ${options(full)}`;
  const directives = (d: Document.Parsed) => show([d.directives.yaml, d.directives.tags, d.directives.docStart, d.directives.docEnd]);
  if (directives(fast) !== directives(full)) return `directives ${directives(fast)} against ${directives(full)}`;
  return nodeDiff(fast.contents, full.contents, '$');
}

/** Both parses of `text`: the fast one (undefined when it gave up) and yaml's. */
function both(text: string): { fast: Document.Parsed | undefined; full: Document.Parsed } {
  const options = sharedParseOptions();
  return { fast: parseBlockSubset(text, options), full: parseDocument(text, options) as Document.Parsed };
}

/** Compose texts of real projects and of this repository's examples and docs. */
function seeds(): string[] {
  const out = [generatedCompose(30), generatedCompose(20, 9), readFileSync(join(__dirname, '../../examples/compose.yaml'), 'utf8')];
  const docsDir = join(__dirname, '../compose');
  for (const f of readdirSync(docsDir).filter((n) => n.endsWith('.md'))) {
    for (const m of readFileSync(join(docsDir, f), 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)) out.push(m[1]);
  }
  const corpus = findCorpus();
  if (corpus) {
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(name)) out.push(readFileSync(path, 'utf8'));
      }
    };
    walk(corpus);
  }
  // Most real files have comment lines (left to yaml): their variants without them exercise the fast reader on real structure.
  return [...out, ...out.map((t) => t.replace(/^ *#.*\n/gm, '')).filter((t) => !out.includes(t))];
}

const INSERTED = [
  ':',
  '#',
  "'",
  '"',
  '&',
  '*',
  '!',
  '|',
  '>',
  '{',
  '}',
  '[',
  ']',
  '-',
  '?',
  ',',
  '%',
  '@',
  '\\',
  '\t',
  ' ',
  '  ',
  '\n',
  '- ',
  ': ',
  ' #',
  '<<: ',
  '---\n',
  '...',
  'x',
  '0',
  '~',
  '\r\n',
  '\u00e9',
  '\ufeff',
];

/** One random edit of `text`: a line deleted or duplicated, its indentation changed, a character inserted or replaced. */
function mutate(text: string, r: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  switch (Math.floor(r() * 6)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[i]);
      break;
    case 2:
      lines[i] = r() < 0.5 ? `${' '.repeat(1 + Math.floor(r() * 3))}${lines[i]}` : lines[i].replace(/^ {1,2}/, '');
      break;
    case 3: {
      const at = Math.floor(r() * (text.length + 1));
      return text.slice(0, at) + pick(INSERTED) + text.slice(at);
    }
    case 4: {
      const at = Math.floor(r() * text.length);
      return text.slice(0, at) + pick(INSERTED) + text.slice(at + 1);
    }
    default: {
      // Insert at the end of a line's content (where values and comments go).
      lines[i] += pick(INSERTED) + (r() < 0.5 ? pick(['a', '1', 'true', 'null', '0x1F', '.5', '1e3', "'q'", '"d"', '']) : '');
    }
  }
  return lines.join('\n');
}

describe('the block-subset YAML reader', () => {
  it('reads what it accepts exactly as yaml does (hand-picked cases)', () => {
    const accepted = [
      'services:\n  web:\n    image: nginx:1.25\n    ports:\n      - "8000:80"\n',
      'a: b  # c\nx: # c\n  - "q"\n  -  y: 1\n     z: 0x1F\n  - # c\n    w: 1\n\n  \n',
      '\n  \na: 1\nb:   \n\n  \n',
      'a: 1\nb:',
      'a:\n  - x: 1\n    y:\n  - b\n  -\nc: "k" ',
      "k: 'it''s'\n'q k': \"v\"\n1: true\nnull: ~\nf: 1.50\ne: 1e3\no: 0o17\nn: .nan\ni: -.inf\nt: TRUE\ns: yes\n",
      'ports:\n- 80:80\n- "443:443"\nimage: x\n',
      'a: -1\nb: --x\nc: a#b\nd: x # comment\nf: http://h:80/p\ng: a, b ] }\n',
      // Full-line comments: yaml stretches the ranges of what they follow by their columns.
      '# a comment line\n\na: 1\n',
      '---\na: 1\n',
      '# c\n---  \n# d\n\na: 1\n',
      'a:\n  b: 1\n # between\n  c: 2\n',
      'a:\n  b: 1\n  # c2\n # c1\nd: 2\n',
      'a:\n  - 1\n    # deeper\n  # same\n# zero\nd:\n  - x\n\n  # s\n\ne: 1\n# t\n',
      'a:\n  b:\n    - 1\n    # c\n\n  e: 2\n',
      'x:\n- a: 1\n  # c\n  b: 2\n  # d\n- 3\n',
      'services:\n  web:\n    # the image\n    image: nginx\n    # ports:\n    #   - 80\n  db:\n    image: postgres # pinned below\n      # deeper\n\n# end',
    ];
    for (const text of accepted) {
      const { fast, full } = both(text);
      assert.ok(fast, `accepted: ${JSON.stringify(text)}`);
      assert.equal(docDiff(fast, full), undefined, JSON.stringify(text));
    }
  });

  it('gives up on what it does not read: the full parser decides', () => {
    const refused = [
      'a: [1, 2]\n',
      'a: {b: 1}\n',
      'a: &x 1\nb: *x\n',
      'a: !reset null\n',
      'a: |\n  text\n',
      'a: >\n  text\n',
      'a: one\n  two\n',
      'a: "one\n  two"\n',
      'a: "x\\ty"\n',
      '---\na: 1\n---\nb: 2\n',
      '--- a: 1\n',
      '--- # c\na: 1\n',
      'a: 1\n...\n',
      '%YAML 1.2\n---\na: 1\n',
      '? a\n: 1\n',
      'a:\n\tb: 1\n',
      'a: 1\r\nb: 2\r\n',
      'x: &a {b: 1}\ny:\n  <<: *a\n',
      '<<: x\n',
      'a: 1\n  b: 2\n',
      'a:\n    b: 1\n  c: 2\n',
      '- a\n- b\n',
      'plain scalar\n',
      '',
      'a: b: c\n',
      'a:#b\n',
      'a: # comment\nb: 1\n',
      '- # comment\n- b\n',
      'a: "x"y\n',
      'a:\n  - - x\n',
      '\ufeffa: 1\n',
      `${'a:\n'.repeat(1)}${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i + 1)}k${i}:\n`).join('')}`,
    ];
    for (const text of refused) assert.equal(parseBlockSubset(text, sharedParseOptions()), undefined, JSON.stringify(text));
  });

  it('reads every seed and its random mutations as yaml does, or gives up', () => {
    const all = seeds();
    const r = rng(FUZZ_SEED);
    const rounds = Number(process.env.BOSUN_YAML_SUBSET_ROUNDS ?? 12);
    let accepted = 0;
    let tried = 0;
    for (const seed of all) {
      const texts = [seed];
      for (let k = 0; k < rounds; k++) {
        let t = seed;
        const n = 1 + Math.floor(r() * 3);
        for (let j = 0; j < n; j++) t = mutate(t, r);
        texts.push(t);
      }
      for (const text of texts) {
        tried++;
        const { fast, full } = both(text);
        if (!fast) continue;
        accepted++;
        const d = docDiff(fast, full);
        assert.equal(d, undefined, `${d}\n${JSON.stringify(text)}`);
      }
    }
    // The comparison is only worth something if the fast reader took a good share of the texts.
    assert.ok(accepted > tried / 5, `accepted ${accepted} of ${tried}`);
    if (process.env.BOSUN_YAML_SUBSET_ROUNDS) console.log(`accepted ${accepted} of ${tried}`);
  });

  it('is what parseYaml uses (it keeps no comments, yaml does), and a %YAML 1.1 text is left to yaml', () => {
    const text = 'services:\n  web:\n    image: nginx # pinned\n';
    const { fast, full } = both(text);
    assert.ok(fast);
    const image = (d: Document.Parsed) => (d.contents as any).items[0].value.items[0].value.items[0].value as { comment?: string | null };
    assert.equal(image(full).comment, ' pinned');
    const doc = parseYaml(text);
    assert.equal(image(doc).comment, undefined, 'read by the fast reader');
    assert.equal(docDiff(doc, full), undefined);
    const old = '%YAML 1.1\n---\na: yes\n';
    assert.equal((parseYaml(old).contents as any).items[0].value.value, true, 'yes is true in YAML 1.1');
  });
});
