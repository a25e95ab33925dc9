/**
 * What separates two tokens of a Dockerfile instruction (shell words, ENV pairs, EXPOSE ports,
 * exec-form strings), and how to remove tokens so that their neighbours stay separate.
 *
 * A gap is blanks, line continuations (the file's escape character, or a backslash in heredoc
 * scripts, before LF or CRLF) and, after a continuation, the comment and empty lines BuildKit
 * skips. Removing tokens joins the gaps on either side: exactly one separator is left, a line that
 * held only removed tokens goes with its continuation, a continuation that would lead nowhere is
 * dropped, and comment lines stay (as lines of their own when their instruction no longer reaches
 * them). Pure text: the tokens' spans come from the parsers.
 */
import type { Edit, Span } from '../engine/types.js';

/** The text tokens live in: the file, its escape character, and the instruction they belong to. */
export interface TokenText {
  text: string;
  escape: string;
  /** The instruction's span: a gap never reaches outside it. */
  within: Span;
}

/** One line break inside a gap: `\` + EOL, the lines BuildKit skips after it, and the next line's indent. */
export interface LineBreak {
  /** The escape character and the line ending; empty for the start of a logical line (a heredoc script line). */
  cont: string;
  /** Comment and empty lines after the continuation, each with its line ending. */
  skipped: string;
  /** Blanks before the next token (or before the next continuation of an otherwise empty line). */
  indent: string;
}

export interface Gap {
  start: number;
  end: number;
  /** Blanks before the first break (all of the gap when it has none). */
  lead: string;
  breaks: LineBreak[];
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

function eolAt(text: string, i: number): number {
  if (text[i] === '\n') return 1;
  if (text[i] === '\r' && text[i + 1] === '\n') return 2;
  return 0;
}

/** Length of a line continuation at `i` (escape character or backslash, then LF or CRLF), 0 if none. */
export function continuationAt(t: TokenText, i: number): number {
  const c = t.text[i];
  if (c !== t.escape && c !== '\\') return 0;
  const eol = eolAt(t.text, i + 1);
  return eol && i + 1 + eol <= t.within.end ? 1 + eol : 0;
}

/** Whether `[from, to)` is an empty line or a comment line (first non-blank is `#`). */
function isSkippable(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isBlank(text[i])) i++;
  return i === to || text[i] === '#' || (text[i] === '\r' && i + 1 === to);
}

/** Length of the comment or empty line starting at `i` with its line ending, when the instruction goes on after it. */
function skippedLineAt(t: TokenText, i: number): number {
  const { text } = t;
  const nl = text.indexOf('\n', i);
  if (nl < 0 || nl + 1 >= t.within.end) return 0;
  return isSkippable(text, i, nl) ? nl + 1 - i : 0;
}

export function renderGap(g: Pick<Gap, 'lead' | 'breaks'>): string {
  let out = g.lead;
  for (const b of g.breaks) out += b.cont + b.skipped + b.indent;
  return out;
}

/** The gap that starts at `pos` (right after a token); `atEnd` when no token follows on its logical line. */
export function gapAfter(t: TokenText, pos: number): Gap & { atEnd: boolean } {
  const { text } = t;
  const end = t.within.end;
  let i = pos;
  const blanks = () => {
    const s = i;
    while (i < end && isBlank(text[i])) i++;
    return text.slice(s, i);
  };
  const lead = blanks();
  const breaks: LineBreak[] = [];
  for (let c = continuationAt(t, i); c; c = continuationAt(t, i)) {
    const cont = text.slice(i, i + c);
    i += c;
    const s = i;
    for (let n = skippedLineAt(t, i); n; n = skippedLineAt(t, i)) i += n;
    breaks.push({ cont, skipped: text.slice(s, i), indent: blanks() });
  }
  const atEnd = i >= end || eolAt(text, i) > 0;
  return { start: pos, end: i, lead, breaks, atEnd };
}

/** Start of the line that holds offset `i` (not before `floor`). */
function lineStartOf(text: string, i: number, floor: number): number {
  return Math.max(floor, text.lastIndexOf('\n', i - 1) + 1);
}

/** The gap that ends at `pos` (right before a token). */
export function gapBefore(t: TokenText, pos: number): Gap {
  const { text } = t;
  const floor = t.within.start;
  let i = pos;
  while (i > floor && isBlank(text[i - 1])) i--;
  if (i === floor || text[i - 1] !== '\n') return { start: i, end: pos, lead: text.slice(i, pos), breaks: [] };
  // The token starts its line: find the continuation that leads to it, over skipped lines.
  const breaks: LineBreak[] = [];
  let lineStart = i;
  let indent = text.slice(i, pos);
  for (;;) {
    let below = lineStart;
    let found: { esc: number; lineFrom: number } | undefined;
    while (below > floor && text[below - 1] === '\n') {
      const le = below - (text[below - 2] === '\r' ? 2 : 1);
      const ls = lineStartOf(text, le, floor);
      if (ls > floor && isSkippable(text, ls, le)) {
        below = ls;
        continue;
      }
      const esc = le - 1;
      if (esc >= ls && continuationAt(t, esc) === below - esc) found = { esc, lineFrom: ls };
      break;
    }
    if (!found) {
      // No continuation: the token starts a logical line (a heredoc script line).
      breaks.unshift({ cont: '', skipped: '', indent });
      return { start: lineStart, end: pos, lead: '', breaks };
    }
    const skippedFrom = found.esc + continuationAt(t, found.esc);
    breaks.unshift({ cont: text.slice(found.esc, skippedFrom), skipped: text.slice(skippedFrom, lineStart), indent });
    let k = found.esc;
    while (k > found.lineFrom && isBlank(text[k - 1])) k--;
    if (k === found.lineFrom && k > floor && text[k - 1] === '\n') {
      // A line with nothing but the continuation: its blanks are the indent of the break before.
      lineStart = k;
      indent = text.slice(k, found.esc);
      continue;
    }
    return { start: k, end: pos, lead: text.slice(k, found.esc), breaks };
  }
}

/** Characters a shell word may follow or precede with no blank in between (quotes, parentheses, operators). */
const GLUE_LEFT = new Set(['"', "'", '(', '`', ';', '|', '&']);
const GLUE_RIGHT = new Set(['"', "'", ')', '`', ';', '|', '&']);

/** Blanks left when the token between two blank-only gaps goes: one of them, or none next to a quote or operator. */
function joinBlanks(t: TokenText, left: Gap, right: Gap): string {
  if (left.lead && right.lead) return left.lead;
  if (!left.lead && !right.lead) return ' ';
  if (!left.lead) return left.start === t.within.start || GLUE_LEFT.has(t.text[left.start - 1]) ? '' : right.lead;
  return GLUE_RIGHT.has(t.text[right.end]) ? '' : left.lead;
}

/**
 * The gap left when the token between `left` and `right` is removed. `keptFollows`: a kept token follows
 * `right` (otherwise another removed token does, and gluing is decided at the last join).
 */
function joinGaps(t: TokenText, left: Gap, right: Gap, keptFollows: boolean): Gap {
  const span = { start: left.start, end: right.end };
  if (!left.breaks.length && !right.breaks.length) return { ...span, lead: keptFollows ? joinBlanks(t, left, right) : left.lead, breaks: [] };
  if (!right.breaks.length) return { ...span, lead: left.lead, breaks: left.breaks };
  if (!left.breaks.length) {
    // The line the removed token ended goes on: the next line joins it, unless lines are skipped in between.
    if (right.breaks[0].skipped) return { ...span, lead: right.lead, breaks: right.breaks };
    const glued = left.start === t.within.start || GLUE_LEFT.has(t.text[left.start - 1]);
    return { ...span, lead: left.lead || (keptFollows && !glued ? ' ' : ''), breaks: right.breaks.slice(1) };
  }
  // The removed token's line held nothing else: it goes, the lines skipped around it stay.
  const last = left.breaks[left.breaks.length - 1];
  const [first, ...rest] = right.breaks;
  return { ...span, lead: left.lead, breaks: [...left.breaks.slice(0, -1), { cont: last.cont, skipped: last.skipped + first.skipped, indent: first.indent }, ...rest] };
}

/** The text left when the removed tokens ended their instruction (or logical line); undefined when it cannot be said. */
function joinAtEnd(left: Gap, right: Gap): string | undefined {
  if (right.breaks.length) return left.breaks.length ? undefined : renderGap(right); // a dangling continuation stays as it was
  // The line before no longer continues; the lines it skipped become lines of their own.
  let out = '';
  for (const b of left.breaks) {
    if (!b.skipped) continue;
    const eol = b.cont.slice(1);
    const body = b.skipped.endsWith('\r\n') ? b.skipped.slice(0, -2) : b.skipped.slice(0, -1);
    out += (eol || '\n') + body;
  }
  return out;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The smallest edit that turns `[start, end)` of `text` into `replacement`. Its ends never fall
 * between the CR and LF of a line break or inside a surrogate pair (an editor cannot place them there).
 */
export function minimalEdit(text: string, start: number, end: number, replacement: string): Edit {
  let p = 0;
  const max = Math.min(end - start, replacement.length);
  while (p < max && text[start + p] === replacement[p]) p++;
  if (p > 0 && (text[start + p - 1] === '\r' || isHigh(text.charCodeAt(start + p - 1)))) p--;
  let s = 0;
  while (s < max - p && text[end - 1 - s] === replacement[replacement.length - 1 - s]) s++;
  if (s > 0 && ((text[end - s] === '\n' && text[end - s - 1] === '\r') || isLow(text.charCodeAt(end - s)))) s--;
  return { start: start + p, end: end - s, text: replacement.slice(p, replacement.length - s) };
}

/**
 * Removes consecutive tokens (each pair separated by a gap and nothing else) with the gaps between
 * them, joining the gaps before and after. Undefined when the spans are not consecutive tokens of
 * the instruction.
 */
export function removeTokensEdit(t: TokenText, tokens: readonly Span[]): Edit | undefined {
  if (!tokens.length) return undefined;
  const { within } = t;
  if (tokens.some((s) => s.start < within.start || s.end > within.end || s.end <= s.start)) return undefined;
  let acc = gapBefore(t, tokens[0].start);
  for (let k = 0; k + 1 < tokens.length; k++) {
    const g = gapAfter(t, tokens[k].end);
    if (g.end !== tokens[k + 1].start) return undefined;
    acc = joinGaps(t, acc, g, false);
  }
  const right = gapAfter(t, tokens[tokens.length - 1].end);
  // `\ x` (an escaped blank) next: parsers differ on whether it continues the line; leave it alone.
  const next = t.text[right.end];
  if ((next === t.escape || next === '\\') && isBlank(t.text[right.end + 1])) return undefined;
  const replacement = right.atEnd ? joinAtEnd(acc, right) : renderGap(joinGaps(t, acc, right, true));
  if (replacement === undefined) return undefined;
  return minimalEdit(t.text, acc.start, right.end, replacement);
}

/** Whether a gap holds a comment or empty line. */
export function skipsLines(g: Gap): boolean {
  return g.breaks.some((b) => b.skipped !== '');
}
