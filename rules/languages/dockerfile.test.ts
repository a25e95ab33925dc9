import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceText } from '../engine/source.js';
import {
  argOrEnvDeclaration,
  instructionArguments,
  execForm,
  onbuildTrigger,
  ownOrTrigger,
  PREDEFINED_PLATFORM_ARGS,
  parseDockerfile,
  reachesFinalImage,
  resolveAt,
  splitPortSpec,
  stageChain,
} from './dockerfile.js';

const parse = (text: string) => parseDockerfile(new SourceText('Dockerfile', text));

describe('Dockerfile model helpers', () => {
  it('stageChain follows FROM <stage> to the external base, nearest first', () => {
    const m = parse('FROM alpine:3.20 AS base\nFROM base AS mid\nFROM golang:1.23 AS other\nFROM mid\n');
    assert.deepEqual(
      stageChain(m.finalStage!).map((s) => s.index),
      [3, 1, 0],
    );
    assert.deepEqual(
      stageChain(m.stages[2]).map((s) => s.index),
      [2],
    );
  });

  it('stageChain stops before the first stage `stop` accepts; reachesFinalImage is membership of the final chain', () => {
    const m = parse('FROM alpine:3.20 AS base\nFROM base AS mid\nFROM golang:1.23 AS other\nFROM mid\n');
    assert.deepEqual(
      stageChain(m.finalStage!, (s) => s.index === 1).map((s) => s.index),
      [3],
    );
    assert.deepEqual(
      stageChain(m.finalStage!, (s) => s.index === 3).map((s) => s.index),
      [],
    );
    assert.deepEqual(
      m.stages.map((s) => reachesFinalImage(m, s)),
      [true, true, false, true],
    );
    assert.equal(reachesFinalImage(m, undefined), false);
  });

  it('execForm reads JSON arrays of strings like docker; everything else is shell form', () => {
    const m = parse(
      ['FROM a', 'CMD ["node", "server.js"]', 'CMD [ "x" ]', 'CMD []', 'CMD node server.js', 'CMD ["bad"', 'CMD [1, 2]', "CMD ['single']", 'CMD ["a", \\', '  "b"]'].join('\n'),
    );
    const forms = m.stages[0].instructions.map((i) => execForm(i.node));
    assert.deepEqual(forms, [['node', 'server.js'], ['x'], [], undefined, undefined, undefined, undefined, ['a', 'b']]);
  });

  it('instructionArguments gives each argument as written with its span, across continuations and comment lines', () => {
    const text = 'FROM a\nEXPOSE 80 \\\n  22 \\\n# note\n  "443/udp"\n';
    const m = parse(text);
    const words = instructionArguments(m.file, m.stages[0].instructions[0].node);
    assert.deepEqual(
      words.map((w) => [w.value, text.slice(w.span.start, w.span.end)]),
      [
        ['80', '80'],
        ['22', '22'],
        ['"443/udp"', '"443/udp"'],
      ],
    );
  });

  it('onbuildTrigger gives the triggered instruction, undefined for half-typed ONBUILD', () => {
    const m = parse('FROM a\nONBUILD EXPOSE 22\nONBUILD\nEXPOSE 80\n');
    const [on, half, plain] = m.stages[0].instructions;
    assert.equal(onbuildTrigger(on)?.getKeyword(), 'EXPOSE');
    assert.equal(onbuildTrigger(half), undefined);
    assert.equal(onbuildTrigger(plain), undefined);
    assert.deepEqual(
      [on, half, plain].map((i) => ownOrTrigger(i, 'EXPOSE')?.onbuild),
      [true, undefined, false],
    );
    assert.equal(ownOrTrigger(on, 'VOLUME'), undefined);
  });

  it('argOrEnvDeclaration gives the properties of an ARG/ENV, also one an ONBUILD adds, and nothing for other instructions', () => {
    const m = parse('FROM a\nONBUILD ENV A=1 B=2\nONBUILD arg TOKEN\nENV C=3\nONBUILD RUN export D=4\nONBUILD\nLABEL E=5\n');
    const found = m.stages[0].instructions.map((i) => {
      const d = argOrEnvDeclaration(i);
      return d && { keyword: d.keyword, onbuild: d.onbuild, node: d.node.getKeyword().toUpperCase(), props: d.properties.map((p) => [p.getName(), p.getValue()]) };
    });
    assert.deepEqual(found, [
      {
        keyword: 'ENV',
        onbuild: true,
        node: 'ENV',
        props: [
          ['A', '1'],
          ['B', '2'],
        ],
      },
      { keyword: 'ARG', onbuild: true, node: 'ARG', props: [['TOKEN', null]] },
      { keyword: 'ENV', onbuild: false, node: 'ENV', props: [['C', '3']] },
      undefined,
      undefined,
      undefined,
    ]);
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

  it('never throws on half-typed input', () => {
    for (const t of ['CMD [', 'FROM a\nCMD', 'FROM a\nONBUILD', 'FROM a\nEXPOSE', 'FROM\nWORKDIR']) {
      const m = parse(t);
      for (const i of m.instructions) {
        assert.doesNotThrow(() => [execForm(i.node), instructionArguments(m.file, i.node), onbuildTrigger(i), resolveAt(m, i, '$X')]);
      }
    }
  });

  it('a RUN whose heredocs dockerfile-ast cannot read has none, and its script is the text after the flags', () => {
    // dockerfile-ast's getHeredocs throws on a line continuation in an unterminated heredoc and on a
    // lone CR after a continuation.
    for (const [text, script] of [
      // An unterminated heredoc runs to the end of the file.
      ['RUN <<EOF\n\\\n EOF\n', '<<EOF\n\\\n EOF\n'],
      ['FROM alpine\nRUN --network=none a \\\r# c\n b\n', 'a \\\r# c\n b'],
    ]) {
      const m = parse(text);
      const run = m.run(m.instructions[m.instructions.length - 1]);
      assert.deepEqual(run.heredocs, [], JSON.stringify(text));
      assert.equal(run.script, script);
    }
  });

  it('a RUN with a well-formed heredoc still lists it', () => {
    const m = parse('FROM a\nRUN <<EOF\necho hi\nEOF\n');
    assert.deepEqual(
      m.run(m.instructions[1]).heredocs.map((h) => h.name),
      ['EOF'],
    );
  });

  it('a BOM or a blank before the first instruction keeps its offsets and does not break variable lookup', () => {
    // dockerfile-ast's resolveVariable recursed forever on these (no FROM contains the line).
    for (const text of ['\uFEFFCOPY $SRC /app/\n', '\uFEFFEXPOSE $PORT', ' COPY $SRC /app/\n', '\n\tARG A\nCOPY $A /x\n', '\uFEFFARG V=1\nFROM alpine:$V\nUSER $U\n']) {
      const m = parse(text);
      const spaced = parse(text.replace(/^\uFEFF/, ' '));
      assert.deepEqual(
        m.instructions.map((i) => [i.keyword, i.span, i.keywordSpan]),
        spaced.instructions.map((i) => [i.keyword, i.span, i.keywordSpan]),
      );
      for (const i of m.instructions) assert.doesNotThrow(() => resolveAt(m, i, '$SRC $PORT $V'), JSON.stringify(text));
    }
    assert.equal(parse('\uFEFFCOPY $SRC /app/\n').instructions[0].keywordSpan.start, 1);
  });

  it('before the first FROM, a variable is a global ARG declared earlier', () => {
    const m = parse('\uFEFFARG A=1 B\nARG C=$A-$B\nARG A=2\nCOPY $A $C /x\nARG D=4\nFROM alpine\nRUN echo $A\n');
    const at = (n: number, text: string) => resolveAt(m, m.instructions[n], text);
    assert.deepEqual(at(1, '$A'), { value: '1', unknown: false });
    assert.equal(at(1, '$B').unknown, true, 'declared without a value');
    assert.deepEqual(at(3, '$A'), { value: '2', unknown: false }, 'the latest declaration wins');
    assert.equal(at(3, '$D').unknown, true, 'declared after');
    assert.equal(at(6, '$A').unknown, true, 'a stage sees a global ARG only when it declares it again');
  });

  it('a BOM before an escape directive keeps the directive', () => {
    const m = parse('\uFEFF# escape=`\nFROM a\nRUN echo `\n  hi\n');
    assert.equal(m.escape, '`');
    assert.deepEqual(
      m.directives.map((d) => [d.name, d.span.start]),
      [['escape', 1]],
    );
    assert.equal(m.run(m.instructions[1]).script, 'echo `\n  hi');
  });
});
