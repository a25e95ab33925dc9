import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceText } from '../engine/source.js';
import { copyInstructions } from './copy-add.js';
import { parseDockerfile } from './dockerfile.js';

const copies = (text: string) => copyInstructions(parseDockerfile(new SourceText('Dockerfile', text)));
const words = (text: string) => copies(text).map((c) => [...c.sources.map((s) => `${s.kind}:${s.raw}`), `dest:${c.dest?.raw}`]);

describe('COPY/ADD sources', () => {
  it('a heredoc body is not read as sources', () => {
    assert.deepEqual(words('FROM a\nCOPY <<EOF /etc/x\nsecret.pem other\nEOF\n'), [['heredoc:<<EOF', 'dest:/etc/x']]);
  });

  it('when dockerfile-ast cannot read the heredocs, the words on the lines after the heredoc are still not sources', () => {
    // dockerfile-ast's getHeredocs throws on a line continuation in an unterminated heredoc.
    assert.deepEqual(words('FROM a\nCOPY <<EOF /x\n\\\n id_rsa EOF\n'), [['heredoc:<<EOF', 'dest:/x']]);
    assert.doesNotThrow(() => copies('COPY <<EOF\n\\\n EOF\n'));
  });

  it('when dockerfile-ast cannot read the heredocs of a COPY without any, every word counts', () => {
    // A lone CR after a line continuation, before a comment line.
    const [c] = copies('FROM alpine\nCOPY a \\\r# c\n b /app/\n');
    assert.deepEqual([c.sources[0].raw, c.sources.at(-1)?.raw, c.dest?.raw], ['a', 'b', '/app/']);
  });

  it('a BOM before a COPY that uses a variable (no FROM) leaves the variable unresolved', () => {
    const [c] = copies('\uFEFFCOPY $SRC /app/\n');
    assert.equal(c.sources[0].raw, '$SRC');
    assert.equal(c.sources[0].value, undefined);
    assert.equal(c.keywordSpan.start, 1);
  });

  it('reads shell-form words as BuildKit does: quotes and escapes removed, variables outside single quotes', () => {
    assert.deepEqual(words('FROM a\nADD "https://example.com/x.bin" /x.bin\n'), [['url:https://example.com/x.bin', 'dest:/x.bin']]);
    assert.deepEqual(words('FROM a\nCOPY \'app/\' "b\\"c" /dst/\n'), [['local:app/', 'local:b"c', 'dest:/dst/']]);
    const [c] = copies('FROM a\nARG U=https://example.com/y\nADD \'$U\' "$U" /d/\n');
    assert.deepEqual(
      c.sources.map((s) => [s.kind, s.value, s.variable]),
      [
        ['local', '$U', false],
        ['url', 'https://example.com/y', true],
      ],
    );
    const [e] = copies('# escape=`\nFROM a\nCOPY C:\\src\\app `$x C:\\app\\\n');
    assert.deepEqual([e.sources.map((s) => s.raw), e.sources[1].variable], [['C:\\src\\app', '$x'], false]);
  });
});
