/**
 * Pipelines of plain commands, parsed as lists. tree-sitter-bash declares a conflict on `pipeline`:
 * at every `|` the parser's stack splits in two (GLR) and up to five versions of it are carried
 * to the next command before they merge, so a pipeline costs about four times the `;` list of the
 * same commands (a RUN of 30,000 piped commands: 0.65 s of its 1.2 s).
 *
 * A script that is nothing but commands of plain words joined by `|` (no quote, escape, expansion,
 * glob, assignment, redirection, comment, other operator or line break) is parsed with each `|`
 * replaced by `;` (one character for one, so every offset holds), and the list the grammar gives
 * back is made into the pipeline the script is: each command as the grammar parsed it, each `;`
 * the `|` it replaced. The list is taken only in exactly that shape (a command of plain words,
 * then a `;` at the first `|`, a command of plain words…); anything else (a keyword, a declaration)
 * is parsed again as written, which costs one more parse of a list as long as the script. Tests
 * hold the result equal to the grammar's own parse of the pipeline, on generated scripts.
 */
import type { BashNode } from './shell-types.js';

/** Characters of a plain word (ASCII): letters, digits and `_ . / : , + @ % -`. */
const PLAIN_WORD_CHAR = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:,+@%-') PLAIN_WORD_CHAR[c.charCodeAt(0)] = 1;

const BAR = 0x7c;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * The offsets of the `|`s of `text` when it is a pipeline of plain commands (two or more commands
 * of plain words separated by blanks); undefined for any other text.
 */
export function plainPipelineBars(text: string): number[] | undefined {
  const bars: number[] = [];
  let commandHasWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BAR) {
      if (!commandHasWord) return undefined;
      bars.push(i);
      commandHasWord = false;
    } else if (c < 128 && PLAIN_WORD_CHAR[c] === 1) {
      commandHasWord = true;
    } else if (c !== SPACE && c !== TAB) {
      return undefined;
    }
  }
  return bars.length && commandHasWord ? bars : undefined;
}

/** The text the grammar reads instead: each `|` a `;`. */
export function asList(text: string): string {
  return text.replaceAll('|', ';');
}

/** A command's word as the grammar reads a plain one: a word, or a number (`1`, `42`). */
const isPlainWord = (node: BashNode) => node.type === 'word' || node.type === 'number';

/**
 * The pipeline tree, from the tree of `asList(text)` (`list`) and `plainPipelineBars(text)`
 * (`bars`); undefined when the list is not a command of words, a `;` at the first `|`, a command
 * of words, and so on: then the text is not what it looked like and is parsed as written.
 */
export function pipelineFromList(list: BashNode, bars: number[]): BashNode | undefined {
  const items = list.children;
  if (items.length !== 2 * bars.length + 1) return undefined;
  const children: BashNode[] = [];
  for (let i = 0; i < items.length; i++) {
    const node = items[i];
    if (i % 2 === 0) {
      if (node.type !== 'command' || !node.children.every(isPlainWord)) return undefined;
      children.push(node);
    } else {
      if (node.type !== ';' || node.start !== bars[(i - 1) / 2] || node.end !== node.start + 1) return undefined;
      children.push({ type: '|', named: false, field: undefined, start: node.start, end: node.end, children: node.children });
    }
  }
  const pipeline: BashNode = { type: 'pipeline', named: true, field: undefined, start: items[0].start, end: items[items.length - 1].end, children };
  return { type: list.type, named: list.named, field: list.field, start: list.start, end: list.end, children: [pipeline] };
}
