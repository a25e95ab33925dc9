/**
 * Dockerfile parsing by units — the prelude (directives, global ARGs) and then one unit per build
 * stage — so that an edit inside one stage re-parses only that stage.
 *
 * dockerfile-ast only parses whole texts. A stage is therefore parsed on its own behind the
 * prelude and blank lines: its nodes keep their real line numbers, the escape directive applies,
 * and variables resolve against the global ARGs exactly as in a full parse. Whenever the edit could
 * change where stages start (a new or broken FROM, a line continuation or heredoc running into the
 * next stage, added or removed lines, the prelude), the whole file is parsed again.
 */
import { DockerfileParser, type Dockerfile, type Instruction } from 'dockerfile-ast';
import type { SourceText } from '../engine/source.js';
import { changeBetween } from '../engine/text-change.js';
import { splitArgumentsOnce } from './dockerfile-ast-arguments.js';

export interface ParsedUnit {
  /** The unit's first line: 0 for the prelude, the FROM's line for a stage. */
  startLine: number;
  /** Offsets in the text, half-open. */
  start: number;
  end: number;
  /** The parse the unit's nodes come from: a chunk with only this stage, or the whole file. */
  ast: Dockerfile;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  text: string;
  /** units[0] is the prelude (possibly empty); then one unit per FROM, in order. */
  units: ParsedUnit[];
  /** How this version was read (tests and the benchmark check that edits stay incremental). */
  how: 'full' | 'incremental' | 'unchanged';
}

const lineOf = (node: Instruction) => node.getRange().start.line;

/** Parses the whole text and splits it into units at each FROM. */
export function parseWhole(file: SourceText): ParsedDockerfile {
  const { text } = file;
  splitArgumentsOnce();
  const ast = DockerfileParser.parse(text);
  const units: ParsedUnit[] = [{ startLine: 0, start: 0, end: text.length, ast, instructions: [] }];
  for (const node of ast.getInstructions()) {
    if (node.getKeyword().toUpperCase() === 'FROM') {
      const line = lineOf(node);
      const start = file.lineStarts[line] ?? text.length;
      units[units.length - 1].end = start;
      units.push({ startLine: line, start, end: text.length, ast, instructions: [] });
    }
    units[units.length - 1].instructions.push(node);
  }
  return { text, units, how: 'full' };
}

/**
 * The parse of `text`, re-using `previous` (the parse of an earlier version) where the edit leaves
 * stages untouched. The result always equals what parseWhole would give, node for node in meaning.
 */
export function parseUnits(file: SourceText, previous?: ParsedDockerfile): ParsedDockerfile {
  if (!previous) return parseWhole(file);
  if (previous.text === file.text) return { ...previous, how: 'unchanged' };
  return reparseOneStage(file.text, previous) ?? parseWhole(file);
}

function reparseOneStage(text: string, previous: ParsedDockerfile): ParsedDockerfile | undefined {
  const change = changeBetween(previous.text, text);
  const removed = previous.text.slice(change.start, change.oldEnd);
  const added = text.slice(change.start, change.newEnd);
  // Line numbers are baked into the nodes of later stages; CRs make line counting ambiguous.
  if (/[\r\n]/.test(removed) || /[\r\n]/.test(added) || text.includes('\r')) return undefined;
  const units = previous.units;
  const k = units.findIndex((u, i) => change.start >= u.start && (change.start < u.end || i === units.length - 1));
  if (k <= 0 || change.oldEnd > units[k].end) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const unit = units[k];
  const own = text.slice(unit.start, unit.end + delta);
  const prelude = text.slice(0, units[0].end);
  const padding = '\n'.repeat(unit.startLine - units[1].startLine);
  splitArgumentsOnce();
  const ast = DockerfileParser.parse(prelude + padding + own);
  const instructions = ast.getInstructions().filter((n) => lineOf(n) >= unit.startLine);
  if (!startsOneStage(instructions, unit.startLine) || !endsCleanly(own, instructions, ast.getEscapeCharacter())) return undefined;
  const next: ParsedUnit[] = units.map((u, i) =>
    i < k ? u : i === k ? { startLine: u.startLine, start: u.start, end: u.end + delta, ast, instructions } : { ...u, start: u.start + delta, end: u.end + delta },
  );
  return { text, units: next, how: 'incremental' };
}

/** Exactly one FROM, first, on the unit's first line: otherwise the stages are cut elsewhere now. */
function startsOneStage(instructions: Instruction[], line: number): boolean {
  if (!instructions.length || instructions[0].getKeyword().toUpperCase() !== 'FROM' || lineOf(instructions[0]) !== line) return false;
  for (let i = 1; i < instructions.length; i++) if (instructions[i].getKeyword().toUpperCase() === 'FROM') return false;
  return true;
}

/**
 * The stage ends where the next FROM starts only if its last instruction is complete: no line
 * continuation (comment and blank lines do not end one) and no heredoc still open at the end.
 */
function endsCleanly(own: string, instructions: Instruction[], escape: string): boolean {
  const lines = own.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lines[i].trim();
    if (t === '' || t.startsWith('#')) continue;
    if (t.endsWith(escape)) return false;
    break;
  }
  const last = instructions[instructions.length - 1];
  return !last.getTextContent().includes('<<');
}
