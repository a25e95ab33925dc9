/**
 * What every fix of every rule must keep, checked wherever tests apply fixes (the
 * RuleTester, the fix property tests, the corpus check):
 *  - the output parses with no new parse errors (Dockerfile: dockerfile-utils' validator errors,
 *    empty continuation lines counted as errors; Compose: YAML errors);
 *  - no two words are glued: every shell word of every RUN that no edit touches is, after the
 *    fix, still a word with the same text at the same (shifted) place;
 *  - every instruction no edit touches is still an instruction with the same keyword and extent
 *    (a dangling continuation would swallow the next one, a bad escape would split one), and an
 *    exec-form (JSON) instruction stays valid JSON;
 *  - comment lines survive (parser directives may change; in Compose, those nested in a block the fix
 *    removes go with it), and so do a BOM and the file's line endings.
 *  - no edit ends between the CR and LF of a line break or inside a surrogate pair.
 * Bytes outside the edits are identical by construction (applyEdits); these checks make sure the
 * edits themselves respect the token structure around them.
 */
import { validate } from 'dockerfile-utils';
import { parseDocument } from 'yaml';
import { SourceText } from '../../rules/api.js';
import type { Edit, LanguageId } from '../../rules/engine/types.js';
import { type DInstruction, type DockerfileModel, parseDockerfile } from '../../rules/languages/dockerfile.js';
import { runShells } from '../../rules/languages/shell.js';

/**
 * Offset `at` of the text before the edits, in the text after them (edits sorted, none across `at`).
 * An insertion right at `at` comes before a start offset and after an end offset.
 */
function shift(edits: readonly Edit[], at: number, isEnd = false): number {
  let delta = 0;
  for (const e of edits) {
    if (e.end > at || (isEnd && e.start === at)) break;
    delta += e.text.length - (e.end - e.start);
  }
  return at + delta;
}

/** An edit overlaps `[start, end)`, or inserts strictly inside it. */
const overlaps = (edits: readonly Edit[], start: number, end: number) =>
  edits.some((e) => (e.start < end && e.end > start) || (e.start === e.end && e.start > start && e.start < end));

/** An edit changes an instruction `[start, end)`: overlaps it, inserts inside it, or starts right at its end (extends it). */
const touches = (edits: readonly Edit[], start: number, end: number) => overlaps(edits, start, end) || edits.some((e) => e.start === end);

function counts(items: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return m;
}

/** Items of `after` beyond their count in `before` (what appeared), or of `before` beyond `after` (what went). */
function surplus(more: Iterable<string>, less: Iterable<string>): string[] {
  const a = counts(more);
  const b = counts(less);
  const out: string[] = [];
  for (const [k, n] of a) if (n > (b.get(k) ?? 0)) out.push(k);
  return out;
}

function dockerfileErrors(text: string): string[] {
  // Without the BOM (checked on its own). dockerfile-ast's resolveVariable recurses forever on an
  // instruction before FROM that does not start its line (BOM, blank): the validator's failure then
  // counts as one error, which the fix must not add.
  try {
    return validate(text.replace(/^\uFEFF/, ''), { emptyContinuationLine: 2 })
      .filter((d) => d.severity === 1)
      .map((d) => `${d.code} ${d.message}`);
  } catch (e) {
    return [`the validator failed: ${e instanceof Error ? e.name : String(e)}`];
  }
}

function yamlErrors(text: string): string[] {
  return parseDocument(text, { prettyErrors: false }).errors.map((e) => `${e.code} ${e.message.split('\n')[0]}`);
}

/** Comment lines, parser directives (`# syntax=`, which fixes may raise) aside. */
const commentLines = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)
    .filter((l) => l.trimStart().startsWith('#') && !/^\s*#\s*(syntax|escape|check)\s*=/i.test(l));

function lineEndingProblems(before: string, after: string): string[] {
  const lone = (t: string) => (t.match(/(^|[^\r])\n/g) ?? []).length;
  const out: string[] = [];
  if (before.includes('\r\n') && lone(before) === 0 && lone(after) > 0) out.push('a LF line ending in a CRLF file');
  if (!before.includes('\r') && after.includes('\r')) out.push('a CR in a LF file');
  if (before.startsWith('\uFEFF') && !after.startsWith('\uFEFF')) out.push('the BOM is gone');
  if ((after.match(/\uFEFF/g) ?? []).length > (before.match(/\uFEFF/g) ?? []).length) out.push('a BOM was added');
  return out;
}

function dockerfileStructureProblems(before: string, edits: readonly Edit[], after: string): string[] {
  const out: string[] = [];
  const m0 = parseDockerfile(new SourceText('Dockerfile', before));
  const m1 = parseDockerfile(new SourceText('Dockerfile', after));
  const instrAfter = new Map(m1.instructions.map((i) => [`${i.span.start}:${i.span.end}`, i.keyword]));
  for (const i of m0.instructions) {
    if (touches(edits, i.span.start, i.span.end)) continue;
    const key = `${shift(edits, i.span.start)}:${shift(edits, i.span.end, true)}`;
    if (instrAfter.get(key) !== i.keyword) out.push(`instruction ${i.keyword} at ${m0.file.positionAt(i.span.start).line + 1} is no longer the same instruction`);
  }
  // An exec-form array stays a JSON array of strings (BuildKit runs anything else through a shell).
  const byStart = new Map(m1.instructions.map((i) => [i.span.start, i]));
  for (const i of m0.instructions) {
    if (execArray(m0, i) !== 'array') continue;
    const later = byStart.get(shift(edits, i.span.start));
    if (later && later.keyword === i.keyword && execArray(m1, later) !== 'array')
      out.push(`${i.keyword} at ${m0.file.positionAt(i.span.start).line + 1} is no longer a JSON array`);
  }
  const wordsAfter = new Map<string, string>();
  for (const run of runShells(m1)) for (const c of run.all) for (const w of c.words) wordsAfter.set(`${w.span.start}:${w.span.end}`, w.value);
  for (const run of runShells(m0)) {
    for (const c of run.all) {
      for (const w of c.words) {
        if (overlaps(edits, w.span.start, w.span.end)) continue;
        const key = `${shift(edits, w.span.start)}:${shift(edits, w.span.end, true)}`;
        if (wordsAfter.get(key) !== w.value) {
          const near = [...wordsAfter].find(([k]) => Number(k.split(':')[0]) <= shift(edits, w.span.start) && Number(k.split(':')[1]) >= shift(edits, w.span.end, true));
          out.push(
            `word ${JSON.stringify(w.value)} (line ${m0.file.positionAt(w.span.start).line + 1}) is ${near ? `now part of ${JSON.stringify(near[1])}` : 'no longer a word of a RUN'}`,
          );
        }
      }
    }
  }
  return out;
}

/** Whether an instruction's arguments are written as a JSON array of strings ('array'), look like one but are not ('broken'), or are not one. */
function execArray(model: DockerfileModel, instr: DInstruction): 'array' | 'broken' | undefined {
  const { text } = model.file;
  let start = instr.keywordSpan.end;
  if (instr.keyword === 'RUN') start = model.run(instr).scriptSpan.start;
  else if (instr.keyword !== 'CMD' && instr.keyword !== 'ENTRYPOINT' && instr.keyword !== 'SHELL') return undefined;
  const escape = model.escape;
  // The logical line as BuildKit reads it: continuations joined, comment lines inside dropped.
  const lines = text.slice(start, instr.span.end).split(/\r?\n/);
  let joined = '';
  for (const line of lines) {
    if (joined && line.trimStart().startsWith('#')) continue;
    joined += line.trimEnd().endsWith(escape) ? line.trimEnd().slice(0, -1) : line;
  }
  joined = joined.trim();
  if (!joined.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(joined);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? 'array' : 'broken';
  } catch {
    return 'broken';
  }
}

/**
 * Compose: comment lines inside a YAML block an edit removes whole (below a removed key that is
 * less indented) go with the block, as the block's own lines do.
 */
function commentsOfRemovedBlocks(before: string, edits: readonly Edit[]): string[] {
  const out: string[] = [];
  const indent = (l: string) => l.length - l.trimStart().length;
  for (const e of edits) {
    if (e.end <= e.start) continue;
    let keyIndent = Infinity;
    for (const line of before.slice(e.start, e.end).split(/\r?\n/)) {
      const trimmed = line.trimStart();
      if (trimmed.startsWith('#')) {
        if (indent(line) > keyIndent) out.push(line);
      } else if (trimmed) keyIndent = Math.min(keyIndent, indent(line));
    }
  }
  return out;
}

/** Edit ends an editor cannot place: between the CR and LF of a line break, inside a surrogate pair. */
function splitCharacters(before: string, edits: readonly Edit[]): string[] {
  const splits = (at: number) => {
    const a = before.charCodeAt(at - 1);
    const b = before.charCodeAt(at);
    return (a === 13 && b === 10) || (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff);
  };
  return edits
    .flatMap((e) => [e.start, e.end])
    .filter(splits)
    .map((at) => `an edit ends at ${at}, inside a line break or character`);
}

/** Problems of a fix's output; empty when it keeps every invariant. */
export function fixInvariantProblems(language: LanguageId, before: string, edits: readonly Edit[], after: string): string[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: string[] = [...splitCharacters(before, sorted)];
  const errors = language === 'dockerfile' ? dockerfileErrors : yamlErrors;
  for (const e of surplus(errors(after), errors(before))) out.push(`new parse error: ${e}`);
  const nested = language === 'compose' ? commentsOfRemovedBlocks(before, sorted) : [];
  for (const c of surplus(commentLines(before), [...commentLines(after), ...nested])) out.push(`comment line lost: ${JSON.stringify(c)}`);
  out.push(...lineEndingProblems(before, after));
  if (language === 'dockerfile') out.push(...dockerfileStructureProblems(before, sorted, after));
  return out;
}
