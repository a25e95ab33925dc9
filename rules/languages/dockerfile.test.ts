import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceText } from '../engine/source.js';
import {
  instructionArguments,
  execForm,
  onbuildTrigger,
  ownOrTrigger,
  PREDEFINED_PLATFORM_ARGS,
  parseDockerfile,
  removeWordsEdits,
  resolveAt,
  splitPortSpec,
  stageChain,
} from './dockerfile.js';
import { applyEdits } from '../engine/fixer.js';

const parse = (text: string) => parseDockerfile(new SourceText('Dockerfile', text));

describe('Dockerfile model helpers', () => {
  it('stageChain follows FROM <stage> to the external base, nearest first', () => {
    const m = parse('FROM alpine:3.20 AS base\nFROM base AS mid\nFROM golang:1.23 AS other\nFROM mid\n');
    assert.deepEqual(stageChain(m.finalStage!).map((s) => s.index), [3, 1, 0]);
    assert.deepEqual(stageChain(m.stages[2]).map((s) => s.index), [2]);
  });

  it('execForm reads JSON arrays of strings like docker; everything else is shell form', () => {
    const m = parse(
      [
        'FROM a',
        'CMD ["node", "server.js"]',
        'CMD [ "x" ]',
        'CMD []',
        'CMD node server.js',
        'CMD ["bad"',
        'CMD [1, 2]',
        "CMD ['single']",
        'CMD ["a", \\',
        '  "b"]',
      ].join('\n'),
    );
    const forms = m.stages[0].instructions.map((i) => execForm(i.node));
    assert.deepEqual(forms, [['node', 'server.js'], ['x'], [], undefined, undefined, undefined, undefined, ['a', 'b']]);
  });

  it('instructionArguments gives each argument as written with its span, across continuations and comment lines', () => {
    const text = 'FROM a\nEXPOSE 80 \\\n  22 \\\n# note\n  "443/udp"\n';
    const m = parse(text);
    const words = instructionArguments(m.file, m.stages[0].instructions[0].node);
    assert.deepEqual(words.map((w) => [w.value, text.slice(w.span.start, w.span.end)]), [
      ['80', '80'],
      ['22', '22'],
      ['"443/udp"', '"443/udp"'],
    ]);
  });

  it('onbuildTrigger gives the triggered instruction, undefined for half-typed ONBUILD', () => {
    const m = parse('FROM a\nONBUILD EXPOSE 22\nONBUILD\nEXPOSE 80\n');
    const [on, half, plain] = m.stages[0].instructions;
    assert.equal(onbuildTrigger(on)?.getKeyword(), 'EXPOSE');
    assert.equal(onbuildTrigger(half), undefined);
    assert.equal(onbuildTrigger(plain), undefined);
    assert.deepEqual([on, half, plain].map((i) => ownOrTrigger(i, 'EXPOSE')?.onbuild), [true, undefined, false]);
    assert.equal(ownOrTrigger(on, 'VOLUME'), undefined);
  });

  it('resolveAt uses the ENV/ARG in force, stage ARGs inheriting global defaults', () => {
    const m = parse('ARG DIR=/srv\nFROM a\nARG DIR\nENV APP=$DIR/app\nWORKDIR ${DIR}\nWORKDIR ${NOPE:-/opt}\nWORKDIR $HOME\n');
    const [, , w1, w2, w3] = m.stages[0].instructions;
    assert.deepEqual(resolveAt(m, w1, '${DIR}'), { value: '/srv', unknown: false });
    assert.deepEqual(resolveAt(m, w2, '${NOPE:-/opt}'), { value: '/opt', unknown: false });
    assert.deepEqual(resolveAt(m, w3, '$HOME'), { value: '', unknown: true });
  });

  it('knows the platform ARGs BuildKit predefines', () => {
    assert.ok(PREDEFINED_PLATFORM_ARGS.has('TARGETARCH') && PREDEFINED_PLATFORM_ARGS.has('BUILDPLATFORM'));
    assert.ok(!PREDEFINED_PLATFORM_ARGS.has('HTTP_PROXY'));
  });

  it('splitPortSpec splits EXPOSE ports like BuildKit', () => {
    assert.deepEqual(splitPortSpec('80'), { containerPort: '80' });
    assert.deepEqual(splitPortSpec('80/udp'), { containerPort: '80', proto: 'udp' });
    assert.deepEqual(splitPortSpec('8080:80'), { hostPort: '8080', containerPort: '80' });
    assert.deepEqual(splitPortSpec('127.0.0.1:8080:80/tcp'), { ip: '127.0.0.1', hostPort: '8080', containerPort: '80', proto: 'tcp' });
    assert.deepEqual(splitPortSpec('[::1]:8080:80'), { ip: '[::1]', hostPort: '8080', containerPort: '80' });
    assert.deepEqual(splitPortSpec('::1:53:53'), { ip: '::1', hostPort: '53', containerPort: '53' });
  });

  it('removeWordsEdits drops words with their separators and keeps the rest as written', () => {
    const text = 'FROM a\nEXPOSE 22 80 \\\n  443 22/udp\n';
    const m = parse(text);
    const words = instructionArguments(m.file, m.stages[0].instructions[0].node);
    const apply = (remove: number[]) => applyEdits(text, removeWordsEdits(words, new Set(remove)));
    assert.equal(apply([0]), 'FROM a\nEXPOSE 80 \\\n  443 22/udp\n');
    assert.equal(apply([3]), 'FROM a\nEXPOSE 22 80 \\\n  443\n');
    assert.equal(apply([0, 3]), 'FROM a\nEXPOSE 80 \\\n  443\n');
    assert.equal(apply([1, 2]), 'FROM a\nEXPOSE 22 22/udp\n');
    assert.deepEqual(removeWordsEdits(words, new Set([0, 1, 2, 3])), [], 'nothing left: the caller deletes the instruction');
  });

  it('never throws on half-typed input', () => {
    for (const t of ['CMD [', 'FROM a\nCMD', 'FROM a\nONBUILD', 'FROM a\nEXPOSE', 'FROM\nWORKDIR']) {
      const m = parse(t);
      for (const i of m.instructions) {
        assert.doesNotThrow(() => [execForm(i.node), instructionArguments(m.file, i.node), onbuildTrigger(i), resolveAt(m, i, '$X')]);
      }
    }
  });
});
