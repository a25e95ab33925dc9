import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import fc from 'fast-check';
import { dockerfileAstArguments, splitArguments } from './dockerfile-ast-arguments.js';

/** Every instruction's arguments, split by dockerfile-ast and by splitArguments (value and range). */
function bothWays(text: string): { theirs: unknown[]; ours: unknown[] } {
  const instructions: Instruction[] = DockerfileParser.parse(text).getInstructions();
  const show = (args: { getValue(): string; getRange(): unknown }[]) => args.map((a) => [a.getValue(), a.getRange()]);
  return { theirs: instructions.map((i) => show(dockerfileAstArguments(i))), ours: instructions.map((i) => show(splitArguments(i))) };
}

/** Pieces that steer dockerfile-ast's state machine: escapes before blanks, line ends and `$`, comments, CRs. */
const PIECE = fc.constantFrom(' ', '\t', '\n', '\r\n', '\r', '\\', '\\ ', '\\\n', '\\ \t\n', '\\\r\n', '\\$', '`', '`\n', '#', '# c\n', '$', 'a', 'bc', '"', "'", '\\a', 'RUN ');

describe("splitArguments: dockerfile-ast's argument split, by runs of characters", () => {
  it('splits as dockerfile-ast does on random text, with either escape character', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(fc.tuple(fc.constantFrom('RUN', 'ENV', 'COPY', 'LABEL', 'CMD'), fc.array(PIECE, { maxLength: 30 })), { minLength: 1, maxLength: 4 }),
        (backtick, lines) => {
          const text = `${backtick ? '# escape=`\n' : ''}${lines.map(([k, pieces]) => `${k} ${pieces.join('')}`).join('\n')}\n`;
          const { theirs, ours } = bothWays(text);
          assert.deepEqual(ours, theirs, JSON.stringify(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps arguments whole across continuations, quotes and escaped blanks', () => {
    const text = 'RUN a\\\n  b "c d" e\\ f \\\n# comment\n  g\\$h \\ \n i\nRUN  \\\n\nCOPY x y\n';
    const { theirs, ours } = bothWays(text);
    assert.deepEqual(ours, theirs);
    assert.ok((ours[0] as unknown[]).length >= 5);
  });
});
