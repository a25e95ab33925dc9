import type { SourceText } from './source.js';
import type { Edit, RuleMeta } from './types.js';

/**
 * Suppression comments. Ours: `# bosun-ignore CODE[,CODE] -- reason` in the comment block right
 * above a statement, `# bosun-ignore-file CODE` anywhere. Other tools' pragmas for the same concern
 * are honoured through the ids in each rule's `others`, so a repository that already silenced a
 * finding in hadolint, Trivy, Checkov or BuildKit is not flagged again.
 */

const IGNORE_LINE = /^\s*#\s*bosun-ignore(?!-file)\s+([^\n]*?)(?:\s+--(?:\s.*)?)?\s*$/;
const IGNORE_FILE = /^\s*#\s*bosun-ignore-file\s+([^\n]*?)(?:\s+--(?:\s.*)?)?\s*$/;
const HADOLINT_LINE = /^\s*#\s*hadolint\s+ignore\s*=\s*([\w,\s-]+)/i;
const HADOLINT_FILE = /^\s*#\s*hadolint\s+global\s+ignore\s*=\s*([\w,\s-]+)/i;
const TRIVY_LINE = /^\s*#\s*trivy:ignore:([\w-]+)/i;
const CHECKOV_FILE = /^\s*#\s*checkov:skip=([\w]+)/i;
const BUILDKIT_FILE = /^\s*#\s*check\s*=\s*(?:[^;]*;)?\s*skip\s*=\s*([\w,]+)/i;

function splitCodes(list: string): string[] {
  return list
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function isComment(line: string): boolean {
  return /^\s*#/.test(line);
}

/** Every name by which a suppression can refer to this rule, upper-cased. */
function aliasesOf(meta: RuleMeta): Set<string> {
  const o = meta.others;
  const ids = [meta.code, meta.name, ...(meta.aliases ?? []), ...(o.hadolint ?? []), ...(o.trivy ?? []), ...(o.checkov ?? []), ...(o.buildkit ?? [])];
  const set = new Set(ids.map((s) => s.toUpperCase()));
  // Trivy accepts both DS-0002 and AVD-DS-0002.
  for (const t of o.trivy ?? []) set.add(`AVD-${t}`.toUpperCase());
  return set;
}

export class Suppressions {
  private readonly fileCodes = new Set<string>();
  private readonly aliasCache = new Map<string, Set<string>>();
  /** codesAbove's answer by line: findings often share a statement (a file with thousands of findings asked for each). */
  private readonly above = new Map<number, string[]>();

  /** Lines that are comments: a statement with none right above it has nothing to read (most findings of a big file). */
  private readonly commentLines = new Set<number>();

  constructor(private readonly file: SourceText) {
    const scanLines = Math.min(file.lineCount, 200_000);
    // Only lines with a `#` can be comments: found by searching the text, not by reading every line.
    for (let at = file.text.indexOf('#'); at >= 0; ) {
      const line = file.positionAt(at).line;
      at = file.text.indexOf('#', file.lineEnd(line));
      const text = file.lineText(line);
      if (!isComment(text)) continue;
      this.commentLines.add(line);
      if (line >= scanLines) continue;
      const m = IGNORE_FILE.exec(text) ?? HADOLINT_FILE.exec(text) ?? CHECKOV_FILE.exec(text) ?? BUILDKIT_FILE.exec(text);
      if (m) for (const c of splitCodes(m[1])) this.fileCodes.add(c.toUpperCase());
    }
  }

  private aliases(meta: RuleMeta): Set<string> {
    let set = this.aliasCache.get(meta.code);
    if (!set) this.aliasCache.set(meta.code, (set = aliasesOf(meta)));
    return set;
  }

  /** Codes named by the comment block directly above `statementLine`. */
  codesAbove(statementLine: number): string[] {
    const codes: string[] = [];
    for (let line = statementLine - 1; line >= 0; line--) {
      if (!this.commentLines.has(line)) break;
      const text = this.file.lineText(line);
      const m = IGNORE_LINE.exec(text) ?? HADOLINT_LINE.exec(text) ?? TRIVY_LINE.exec(text);
      if (m) codes.push(...splitCodes(m[1]).map((c) => c.toUpperCase()));
      else if (/^\s*#\s*kics-scan\s+ignore-line\b/i.test(text)) codes.push('*KICS*');
    }
    return codes;
  }

  isSuppressed(meta: RuleMeta, statementLine: number): boolean {
    // No comment anywhere that could name the rule: nothing to look up (every finding of a big file asks).
    if (this.fileCodes.size === 0 && !this.commentLines.has(statementLine - 1)) return false;
    const names = this.aliases(meta);
    for (const c of this.fileCodes) if (names.has(c)) return true;
    let codes = this.above.get(statementLine);
    if (!codes) this.above.set(statementLine, (codes = this.codesAbove(statementLine)));
    for (const c of codes) {
      if (names.has(c)) return true;
      if (c === '*KICS*' && (meta.others.kics?.length ?? 0) > 0) return true;
    }
    return false;
  }
}

export const IGNORE_REASON_PLACEHOLDER = 'TODO: say why this is acceptable';

/**
 * The edit behind "Ignore CODE for this line": adds CODE to a `# bosun-ignore` comment already
 * in the block above the statement, or inserts a new comment line with the statement's indentation.
 */
export function ignoreCommentEdit(file: SourceText, statementLine: number, code: string): Edit {
  for (let line = statementLine - 1; line >= 0; line--) {
    const text = file.lineText(line);
    if (!isComment(text)) break;
    const m = IGNORE_LINE.exec(text);
    if (!m) continue;
    const lineStart = file.lineStarts[line];
    const listStart = text.indexOf(m[1], text.indexOf('bosun-ignore') + 'bosun-ignore'.length);
    const listEnd = listStart + m[1].length;
    if (splitCodes(m[1]).some((c) => c.toUpperCase() === code.toUpperCase())) {
      return { start: lineStart + listEnd, end: lineStart + listEnd, text: '' };
    }
    return { start: lineStart + listEnd, end: lineStart + listEnd, text: `,${code}` };
  }
  const lineStart = file.lineStarts[statementLine] ?? file.text.length;
  const indent = /^[ \t]*/.exec(file.lineText(statementLine))?.[0] ?? '';
  return {
    start: lineStart,
    end: lineStart,
    text: `${indent}# bosun-ignore ${code} -- ${IGNORE_REASON_PLACEHOLDER}${file.eol}`,
  };
}
