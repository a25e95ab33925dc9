import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dockerfile as generatedDockerfile } from '../../bench/generate.js';
import { FUZZ_SEED } from '../../test/fuzz/seed.js';
import { applyRandomEdit, dockerfileSeeds, editArb } from '../../test/incremental/differential.js';
import { SourceText } from '../engine/source.js';
import { type DockerfileModel, parseDockerfile, resolveAt } from './dockerfile.js';

const parse = (text: string, previous?: DockerfileModel) => parseDockerfile(new SourceText('/p/Dockerfile', text), { previous });

/** Everything rules read from the model, in a comparable form. */
function shape(m: DockerfileModel) {
  return {
    escape: m.escape,
    directives: m.directives,
    globalArgs: [...m.globalArgs],
    instructions: m.instructions.map((i) => ({
      keyword: i.keyword,
      span: i.span,
      keywordSpan: i.keywordSpan,
      stage: i.stage?.index,
      args: i.node.getArgumentsContent(),
      resolved: i.keyword === 'USER' || i.keyword === 'COPY' || i.keyword === 'FROM' ? resolveAt(m, i, i.node.getArgumentsContent() ?? '') : undefined,
      user: m.userAt(i)?.value,
      run: i.keyword === 'RUN' ? { ...m.run(i), instr: undefined } : undefined,
    })),
    stages: m.stages.map((s) => ({ name: s.name, span: s.span, base: s.base.kind === 'stage' ? `stage ${s.base.stage.index}` : s.base.kind, user: m.stageUser(s)?.value })),
  };
}

const SEEDS = dockerfileSeeds(500);
/** Things that move stage boundaries, among mostly ordinary typing (see editArb). */
const STRUCTURAL = ['\\', '`', '<<EOF', 'EOF', '\n', '#', 'FROM ', 'FROM alpine AS s\n', '\r\n', 'ARG X=1\n', '\uFEFF'];

describe('Dockerfile parsing by stage', () => {
  it('re-parses only the edited stage for an edit inside one line', () => {
    const text = generatedDockerfile(500);
    const first = parse(text);
    const at = text.indexOf('apt-get update') + 3;
    const second = parse(`${text.slice(0, at)}x${text.slice(at)}`, first);
    assert.equal(second.parsed.how, 'incremental');
    const reused = second.parsed.units.filter((u, i) => u.ast === first.parsed.units[i].ast).length;
    assert.equal(reused, first.parsed.units.length - 1, 'every other stage keeps its nodes');
    assert.deepEqual(shape(second), shape(parse(second.file.text)));
  });

  it('parses the whole file again when an edit may move a stage boundary', () => {
    const text = 'FROM alpine AS a\nRUN echo hi\nFROM a\nUSER app\n';
    const first = parse(text);
    const cases: [string, string][] = [
      ['a continuation at the end of a stage swallows the next FROM', text.replace('echo hi', 'echo hi \\')],
      ['an open heredoc runs into the next stage', text.replace('echo hi', 'cat <<EOF')],
      ['a second FROM typed inside a stage', text.replace('RUN echo hi', 'FROM b')],
      ['a broken FROM', text.replace('FROM a\n', 'FRM a\n')],
      ['a new line', text.replace('echo hi', 'echo\nhi')],
    ];
    for (const [name, changed] of cases) {
      const next = parse(changed, first);
      assert.equal(next.parsed.how, 'full', name);
      assert.deepEqual(shape(next), shape(parse(changed)), name);
    }
  });

  it('a stage that looks risky but is not: a heredoc closed before the next FROM stays incremental', () => {
    const text = 'FROM alpine AS a\nRUN <<EOF\necho hi\nEOF\nLABEL a=b\nFROM a\n';
    const first = parse(text);
    const next = parse(text.replace('echo hi', 'echo hey'), first);
    assert.equal(next.parsed.how, 'incremental');
    assert.deepEqual(shape(next), shape(parse(next.file.text)));
  });

  it('any sequence of edits gives the same model as parsing from scratch', () => {
    const hows = { full: 0, incremental: 0, unchanged: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS.keys()), fc.array(editArb(STRUCTURAL), { minLength: 1, maxLength: 12 }), (seed, edits) => {
        let text = SEEDS[seed];
        let model = parse(text);
        for (const e of edits) {
          text = applyRandomEdit(text, e);
          model = parse(text, model);
          hows[model.parsed.how]++;
          assert.deepEqual(shape(model), shape(parse(text)));
        }
      }),
      { numRuns: 80, seed: FUZZ_SEED },
    );
    assert.ok(hows.incremental * 2 > hows.full, `most edits stay incremental: ${JSON.stringify(hows)}`);
  });
});
