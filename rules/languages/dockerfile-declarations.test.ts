import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceText } from '../engine/source.js';
import { parseDockerfile } from './dockerfile.js';
import { VariableDeclarations } from './dockerfile-declarations.js';

const parse = (text: string) => parseDockerfile(new SourceText('Dockerfile', text));

describe('VariableDeclarations', () => {
  const m = parse(
    [
      'ARG GLOBAL=1',
      'FROM alpine:3.20 AS base',
      'RUN echo $TOKEN',
      'ARG TOKEN',
      'ENV URL=https://x',
      'RUN echo $TOKEN',
      'ENV TOKEN=$TOKEN',
      'ONBUILD ENV URL=https://y',
      'FROM base AS child',
      'RUN echo $TOKEN $URL',
      'ARG URL',
      'RUN echo $URL',
      'FROM base AS grandchild',
      'FROM grandchild',
      'RUN echo $TOKEN',
      'FROM alpine:3.20',
      'RUN echo $TOKEN',
    ].join('\n'),
  );
  const runs = m.instructions.filter((i) => i.keyword === 'RUN');

  it('gives the last ARG or ENV before the instruction in its stage', () => {
    const d = new VariableDeclarations();
    assert.deepEqual(
      ['TOKEN', 'URL', 'GLOBAL'].map((name) => [d.kindBefore(runs[0], name), d.kindBefore(runs[1], name)]),
      [
        [undefined, 'ARG'],
        [undefined, 'ENV'],
        // A global ARG is not in scope in a stage that does not declare it again.
        [undefined, undefined],
      ],
    );
  });

  it('looks in the stages it is built FROM, nearest first, and not in ONBUILD triggers', () => {
    const d = new VariableDeclarations();
    assert.equal(d.kindBefore(runs[2], 'TOKEN'), 'ENV'); // base's last declaration: ENV TOKEN=$TOKEN
    assert.equal(d.kindBefore(runs[2], 'URL'), 'ENV'); // the ENV, not the ONBUILD one after it
    assert.equal(d.kindBefore(runs[3], 'URL'), 'ARG'); // its own stage first
    assert.equal(d.kindBefore(runs[4], 'TOKEN'), 'ENV'); // through a stage that declares nothing
    assert.equal(d.kindBefore(runs[4], 'TOKEN'), 'ENV'); // asked again: the kept answer
    assert.equal(d.kindBefore(runs[5], 'TOKEN'), undefined); // an unrelated stage
    assert.equal(d.kindBefore(m.instructions[0], 'GLOBAL'), undefined); // before the first FROM
  });
});
