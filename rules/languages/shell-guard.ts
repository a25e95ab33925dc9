/**
 * A guard in front of the bash grammar. tree-sitter's error recovery is quadratic in the number of
 * tokens it has to skip: `echo >>>>…` or `echo a) a) a) …` take seconds for a few KB. No script
 * anyone runs has more than a handful of syntax errors, so a cheap lexical scan counts the errors
 * that cost the most (a `)` that closes nothing, a redirection with no target) and the grammar reads
 * the text only up to the MAX_ERRORS-th of them: deterministic, linear, and the commands before
 * it still give their findings.
 *
 * Long pipelines too: once a double-quoted string is in a pipeline that the end of the text cuts
 * short (its last command unterminated: a trailing `\`, an open quote, no line break), the grammar's
 * conflict on `pipeline` keeps several versions of the parse alive to the end and the cost is
 * quadratic in the pipeline's commands (24,000 `a "b"|` segments: 2 GB, then the WebAssembly aborts).
 * No one pipes more than a few dozen commands, so the text is read up to the MAX_PIPES-th `|` of one
 * pipeline. (Pipelines of plain words never get here: shell-plain-pipeline.ts reads those whole.)
 */

/** Syntax errors tolerated before the rest of a text is left unread. */
export const MAX_ERRORS = 20;
/** `|`s in one pipeline read before the rest of a text is left unread. */
export const MAX_PIPES = 128;

/** The characters the costly errors and pipelines are made of (see readableLength). */
const HAS_ERROR_PRONE = /[)<>|]/;
const REDIRECT_END = new Set(['<', '>', '|', '&', ';', ')', '\n']);
const WORD_BREAK = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

/**
 * Where the grammar should stop reading `text`: the offset of its MAX_ERRORS-th costly error or of
 * the MAX_PIPES-th `|` of one pipeline, or its length.
 */
export function readableLength(text: string, maxErrors = MAX_ERRORS, maxPipes = MAX_PIPES): number {
  const n = text.length;
  // Only a `)` or a redirection can be a costly error: a text with neither is read whole, unscanned.
  if (!HAS_ERROR_PRONE.test(text)) return n;
  /** Open `(`, `$(`, `<(`, `((`… (anything a `)` may close), and `case` (whose patterns end in `)`). */
  const open: ('(' | 'case')[] = [];
  /** Inside a `case`: a pattern's `)` was seen since the last `;;` (or `in`). */
  let patternClosed = false;
  let errors = 0;
  /** `|`s since the last `;`, `&`, `&&`, `||` or line break (nesting not counted apart: an over-count only stops sooner). */
  let pipes = 0;
  let wordStart = true;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      wordStart = false;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? n : close + 1;
      wordStart = false;
      continue;
    }
    if (c === '"' || c === '`') {
      i++;
      while (i < n && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      wordStart = false;
      continue;
    }
    if (c === '#' && wordStart) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '(') {
      open.push('(');
      i++;
      wordStart = true;
      continue;
    }
    if (c === ')') {
      const top = open[open.length - 1];
      if (top === '(') open.pop();
      else if (top === 'case' && !patternClosed) patternClosed = true;
      else if (++errors >= maxErrors) return i;
      i++;
      wordStart = true;
      continue;
    }
    if (c === '|') {
      // `||` ends a pipeline; `|` and `|&` join one.
      if (text[i + 1] === '|') pipes = 0;
      else if (++pipes >= maxPipes) return i;
      i += text[i + 1] === '|' || text[i + 1] === '&' ? 2 : 1;
      wordStart = true;
      continue;
    }
    if (c === ';' || c === '&' || c === '\n') pipes = 0;
    if (c === ';' && (text[i + 1] === ';' || text[i + 1] === '&')) {
      // `;;`, `;&`, `;;&` end a case branch.
      patternClosed = false;
      i += text[i + 2] === '&' ? 3 : 2;
      wordStart = true;
      continue;
    }
    if ((c === '>' || c === '<') && text[i + 1] !== '(') {
      // A redirection operator (`>`, `>>`, `&>`, `2>&1`, `<&-`, `<<<`, `<>`), then its target.
      const op = /^(?:<<<|<<-|<<|>>|<>|>\||<|>)/.exec(text.slice(i, i + 3))![0];
      let k = i + op.length;
      if (text[k] === '&' && (op === '<' || op === '>')) {
        k++;
        while (k < n && /[0-9-]/.test(text[k])) k++;
        if (k > i + 2 && /[0-9-]/.test(text[k - 1])) {
          i = k;
          wordStart = false;
          continue;
        }
      }
      while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
      if ((k >= n || REDIRECT_END.has(text[k])) && ++errors >= maxErrors) return i;
      i = k;
      wordStart = false;
      continue;
    }
    if (wordStart && (c === 'c' || c === 'e')) {
      // `case` … `esac` as whole words.
      let k = i;
      while (k < n && !WORD_BREAK.has(text[k])) k++;
      const word = text.slice(i, k);
      if (word === 'case') {
        open.push('case');
        patternClosed = false;
      } else if (word === 'esac' && open[open.length - 1] === 'case') {
        open.pop();
        patternClosed = false;
      }
      i = k;
      wordStart = false;
      continue;
    }
    wordStart = WORD_BREAK.has(c);
    i++;
  }
  return n;
}
