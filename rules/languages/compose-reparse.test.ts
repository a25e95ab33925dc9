import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import { compose as generatedCompose } from '../../bench/generate.js';
import { FUZZ_SEED } from '../../test/fuzz/seed.js';
import { memoryFiles } from '../../test/support/files-view.js';
import { fixesFor, type LintResult, lintText, rulesFor } from '../api.js';
import { SourceText } from '../engine/source.js';
import type { Rule } from '../engine/types.js';
import { type ComposeModel, parseCompose } from './compose.js';
import { composeLanguage } from './compose-language.js';
import { parseYaml, reparseDocument } from './compose-reparse.js';

const PATH = '/p/compose.yaml';
const parse = (text: string, previous?: ComposeModel) => parseCompose(new SourceText(PATH, text), { previous });

/** The first difference between two YAML trees (node kinds, ranges, values, anchors, tags), or undefined. */
function treeDiff(a: unknown, b: unknown, path = '$'): string | undefined {
  if (isPair(a) || isPair(b)) {
    if (!isPair(a) || !isPair(b)) return `${path}: pair against non-pair`;
    return treeDiff(a.key, b.key, `${path}.key`) ?? treeDiff(a.value, b.value, `${path}.value`);
  }
  if (a === null || a === undefined || b === null || b === undefined) return a === b ? undefined : `${path}: ${String(a)} against ${String(b)}`;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (x.constructor !== y.constructor) return `${path}: ${x.constructor.name} against ${y.constructor.name}`;
  for (const k of ['range', 'anchor', 'tag', 'type', 'flow', 'source']) {
    if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) return `${path}: ${k} ${JSON.stringify(x[k])} against ${JSON.stringify(y[k])}`;
  }
  if (isScalar(a) && String(a.value) !== String((b as typeof a).value)) return `${path}: value ${String(a.value)} against ${String((b as typeof a).value)}`;
  if (isMap(a) || isSeq(a)) {
    const items = (b as typeof a).items;
    if (a.items.length !== items.length) return `${path}: ${a.items.length} items against ${items.length}`;
    for (let i = 0; i < items.length; i++) {
      const d = treeDiff(a.items[i], items[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

function docDiff(a: Document.Parsed | undefined, b: Document.Parsed | undefined): string | undefined {
  if (!a || !b) return a === b ? undefined : 'one document missing';
  if (JSON.stringify(a.range) !== JSON.stringify(b.range)) return `document range ${a.range} against ${b.range}`;
  if (a.errors.length !== b.errors.length) return `${a.errors.length} errors against ${b.errors.length}`;
  const warnings = (d: Document.Parsed) => JSON.stringify(d.warnings.map((w) => [w.code, w.pos]));
  if (warnings(a) !== warnings(b)) return `warnings ${warnings(a)} against ${warnings(b)}`;
  return treeDiff(a.contents, b.contents);
}

const docsDir = join(__dirname, '../compose');
const SEEDS = [
  generatedCompose(200),
  generatedCompose(60, 9),
  readFileSync(join(__dirname, '../../examples/compose.yaml'), 'utf8'),
  ...readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => [...readFileSync(join(docsDir, f), 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]))
    .filter((t) => t.includes('services:')),
  'x-a: &a\n  image: nginx\nservices:\n  one:\n    <<: *a\n    ports:\n      - "80:80"\n    volumes:\n      - ./shared:/data\n  # between\n  two: &b\n    image: redis\n    volumes: [./shared:/x:ro]\n  three:\n    <<: *b\n    volumes:\n      - ./shared:/y\n\n  # after the last service\nnetworks:\n  n:\n',
];

/** Mostly ordinary typing, sometimes something that changes the structure. */
const typed = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('x', ' ', 'a', '-', ':', '"', '0', '$', '/', '') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('\n', '\n    ', '\n  ', '#', '&a ', '*a', '<<: *a\n', '\n  new:\n    image: x\n', '{', '[', '!reset ', '\t', '\r\n', '---\n', 'extends: one', '? '),
  },
);
const editArb = fc.record({ at: fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000), remove: fc.nat(12), text: typed, undo: fc.boolean() });

/** Applies an edit to `text`; an undo edit goes back to `base` (typing and deleting, as in an editor). */
function applyEdit(base: string, text: string, e: { at: number; remove: number; text: string; undo: boolean }): string {
  if (e.undo && text !== base) return base;
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.text + text.slice(Math.min(text.length, at + (e.remove % 4 === 0 ? e.remove : 0)));
}

describe('Compose parsing by item', () => {
  it('re-parses only the edited line of a service, keeping the document', () => {
    const text = generatedCompose(200);
    const first = parse(text);
    const at = text.indexOf('image: ', text.indexOf('services:')) + 10;
    const second = parse(`${text.slice(0, at)}x${text.slice(at)}`, first);
    assert.equal(second.doc, first.doc, 'spliced into the previous document');
    assert.equal(docDiff(second.doc, parseYaml(second.file.text)), undefined);
    assert.equal(second.services.length, first.services.length);
  });

  it('parses the whole text again when a splice could differ from a full parse', () => {
    const text = 'x-a: &a\n  image: nginx\nservices:\n  one:\n    <<: *a\n    image: redis\n  two:\n    image: redis\n';
    const cases: [string, string][] = [
      ['an anchor typed in a service', text.replace('image: redis\n  two', 'image: &r redis\n  two')],
      ['a broken service', text.replace('image: redis\n  two', 'image: "redis\n  two')],
      ['a tab', text.replace('    image: redis\n  two', '\timage: redis\n  two')],
      ['a previous version with errors', text],
      ['a %YAML 1.1 document (where `yes` is true)', `%YAML 1.1\n---\n${text.replace('redis\n  two', 'yes\n  two')}`],
    ];
    for (const [name, changed] of cases) {
      const before = name.includes('errors') ? text.replace('redis', '"redis') : name.includes('%YAML') ? `%YAML 1.1\n---\n${text}` : text;
      assert.equal(reparseDocument(parseYaml(before), before, changed), undefined, name);
      assert.equal(docDiff(parse(changed, parse(before)).doc, parseYaml(changed)), undefined, name);
    }
  });

  it('an edit that changes the structure is parsed with what holds it, as a full parse would', () => {
    const text = 'x-a: &a\n  image: nginx\nservices:\n  one:\n    <<: *a\n    image: redis\n  two:\n    image: redis\n';
    for (const changed of [
      text.replace('    image: redis\n  two', '    image: redis\n  three:\n  two'),
      text.replace('    image: redis\n  two', '  image: redis\n  two'),
      text.replace('redis\n  two', 'redis  two'),
      text.replace('    image: redis\n', '    image: redis\n# a comment at column 0\n'),
    ]) {
      const next = parse(changed, parse(text));
      assert.equal(docDiff(next.doc, parseYaml(changed)), undefined, changed);
    }
  });

  it('looks risky but splices: the last service, a comment between services, an anchored mapping holding the edit', () => {
    const text = 'x-a: &a\n  image: nginx\nservices:\n  one:\n    <<: *a\n  # between\n  two:\n    image: redis\n    user: app\n\n# the end\n';
    for (const changed of [text.replace('user: app', 'user: appx'), text.replace('# between', '# betwixt'), text.replace('image: nginx', 'image: nginxx')]) {
      const first = parse(text);
      const next = parse(changed, first);
      assert.equal(next.doc, first.doc, changed);
      assert.equal(docDiff(next.doc, parseYaml(changed)), undefined, changed);
    }
  });

  it('renaming a service parses only its key line: the service keeps its nodes', () => {
    const text = generatedCompose(200);
    const first = parse(text);
    const name = first.services[3].name;
    const at = text.indexOf(`  ${name}:`) + 2 + name.length;
    const before = first.services[3].map;
    const next = parse(`${text.slice(0, at)}x2${text.slice(at)}`, first);
    assert.equal(next.doc, first.doc);
    assert.equal(next.services[3].name, `${name}x2`);
    assert.equal(next.services[3].map, before, 'the value is not parsed again');
    assert.equal(docDiff(next.doc, parseYaml(next.file.text)), undefined);
  });

  it('a document handed over to a newer version is not spliced again', () => {
    const text = 'services:\n  one:\n    image: nginx\n';
    const first = parse(text);
    parse(text.replace('nginx', 'nginxx'), first);
    const again = parse(text.replace('nginx', 'nginy'), first);
    assert.notEqual(again.doc, first.doc, 'a cancelled lint hands the same previous version over twice');
    assert.equal(docDiff(again.doc, parseYaml(again.file.text)), undefined);
  });

  it('any sequence of edits gives the same document as parsing from scratch', () => {
    let spliced = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS.keys()), fc.array(editArb, { minLength: 1, maxLength: 12 }), (seed, edits) => {
        let text = SEEDS[seed];
        let model = parse(text);
        for (const e of edits) {
          const next = applyEdit(SEEDS[seed], text, e);
          const before = model.doc;
          model = parse(next, model);
          if (next !== text) {
            steps++;
            if (model.doc === before) spliced++;
          }
          text = next;
          const d = docDiff(model.doc, parseYaml(text));
          assert.equal(d, undefined, `${d} after ${JSON.stringify(e)}`);
        }
      }),
      { numRuns: 150, seed: FUZZ_SEED },
    );
    assert.ok(spliced * 3 > steps, `most edits are spliced: ${spliced} of ${steps}`);
  });
});

/** Findings as a client sees them. */
const findings = (r: LintResult) => r.findings.map((f) => ({ code: f.code, level: f.level, message: f.message, range: f.range, related: f.related }));

describe('incremental Compose lint', () => {
  it('any sequence of edits finds exactly what a full lint finds, with the same fixes', () => {
    let fixesCompared = 0;
    let spliced = 0;
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS.keys()), fc.array(editArb, { minLength: 1, maxLength: 6 }), (seed, edits) => {
        let text = SEEDS[seed];
        let result = lintText(PATH, text, 'compose');
        for (const e of edits) {
          text = applyEdit(SEEDS[seed], text, e);
          const before = (result.model as ComposeModel | undefined)?.doc;
          result = lintText(PATH, text, 'compose', {}, result);
          if ((result.model as ComposeModel).doc === before) spliced++;
          const full = lintText(PATH, text, 'compose');
          assert.deepEqual(findings(result), findings(full), JSON.stringify(e));
          for (let i = 0; i < full.findings.length; i += 4) {
            assert.deepEqual(fixesFor(result, result.findings[i]), fixesFor(full, full.findings[i]), `fix of ${full.findings[i].code}`);
            fixesCompared++;
          }
        }
      }),
      { numRuns: 40, seed: FUZZ_SEED },
    );
    assert.ok(fixesCompared > 50, `${fixesCompared} fixes compared`);
    assert.ok(spliced > 40, `${spliced} incremental lints`);
  });

  it('rules that look at every service follow an edit to one of them (what they remember per service)', () => {
    const files = memoryFiles({ '.git/': '', '.gitignore': '', 'app.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n' }, '/p');
    const base = 'services:\n  one:\n    image: a\n    volumes:\n      - ./a:/x\n  two:\n    image: b\n    volumes:\n      - ./b:/y\n  three:\n    image: c\n';
    const steps = [
      base,
      base.replace('./b:/y', './a:/y'), // DC027: one and two now share ./a
      base.replace('./b:/y', './a:/y').replace('    image: c\n', '    networks: [n]\n    image: c\n'), // DC043: three leaves the default network
      base.replace('    image: b\n', '    image: b\n    env_file: app.env\n'), // DC082: two reads a secrets file
      base,
    ];
    let result = lintText('/p/compose.yaml', steps[0], 'compose', { files });
    for (const text of steps.slice(1)) {
      const before = (result.model as ComposeModel).doc;
      result = lintText('/p/compose.yaml', text, 'compose', { files }, result);
      assert.equal((result.model as ComposeModel).doc, before, 'incremental');
      assert.deepEqual(findings(result), findings(lintText('/p/compose.yaml', text, 'compose', { files })), text);
    }
  });

  it('re-checks only the edited service', () => {
    const text = generatedCompose(200);
    const first = lintText(PATH, text, 'compose');
    const at = text.indexOf('image: ', text.indexOf('services:')) + 10;
    const model = parseCompose(new SourceText(PATH, `${text.slice(0, at)}x${text.slice(at)}`), { previous: first.model as ComposeModel });
    const units = composeLanguage.units!(model);
    assert.equal(units.length, model.services.length + 2, 'the prelude, each service, what follows');
    const dirty = new Set([1]);
    assert.deepEqual(
      composeLanguage.restrict!(model, dirty).services.map((s) => s.name),
      [model.services[0].name],
    );
  });

  it('a file where services read each other is one unit', () => {
    for (const text of ['services:\n  base:\n    image: nginx\n  web:\n    extends: base\n', 'services:\n  web:\n    image: nginx\n  web:\n    image: redis\n']) {
      assert.equal(composeLanguage.units!(parse(text)).length, 1, text);
    }
  });

  it('unit-scoped rules report inside the service they check, and per service exactly what they report on the whole file', () => {
    const rules = rulesFor('compose').filter((r) => r.meta.scope === 'unit') as Rule<ComposeModel>[];
    assert.ok(rules.length > 30);
    for (const text of SEEDS) {
      const model = parse(text);
      const units = composeLanguage.units!(model);
      if (units.length < 3) continue;
      for (const rule of rules) {
        const ctx = { model, options: {}, path: PATH };
        const whole = [...rule.check(ctx)];
        const perService = model.services.flatMap((_, i) => {
          const reports = [...rule.check({ ...ctx, model: composeLanguage.restrict!(model, new Set([i + 1])) })];
          for (const r of reports) {
            const { span } = units[i + 1];
            assert.ok(r.span.start >= span.start && r.span.start < span.end, `${rule.meta.code} reports ${model.services[i].name} outside it`);
          }
          return reports;
        });
        assert.deepEqual(perService, whole, rule.meta.code);
      }
    }
  });
});
