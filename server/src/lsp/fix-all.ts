/**
 * Fix-all in the editor: every safe fix, applied in passes until the text is stable (re-linting
 * between passes, as `bosun --fix` does), sent as ONE edit replacing the smallest changed range.
 * One edit per file is trivially sorted and non-overlapping, and carries the document version so a
 * stale fix is refused by the client.
 */
import { type AnnotatedTextEdit, type ChangeAnnotation, type TextEdit, TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { type Edit, type LintOptions, type LintResult, SourceText, findRule, fixAllSafe, fixesFor, lintText } from '../../../rules/api.js';

/** The smallest single edit turning `before` into `after` (never splitting a CRLF or a surrogate pair). */
export function minimalEdit(before: string, after: string): Edit | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  const splits = (text: string, i: number) => {
    if (i <= 0 || i >= text.length) return false;
    const a = text.charCodeAt(i - 1);
    const b = text.charCodeAt(i);
    return (a === 13 && b === 10) || (a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff);
  };
  while (p > 0 && (splits(before, p) || splits(after, p))) p--;
  while (s > 0 && (splits(before, before.length - s) || splits(after, after.length - s))) s--;
  return { start: p, end: before.length - s, text: after.slice(p, after.length - s) };
}

/**
 * Re-lints text the way `result` was linted (same path, language, options and files view). The
 * first call with the original text answers with `result` itself: it is that text's lint.
 */
function relinter(result: LintResult, extra: Partial<LintOptions> = {}): (text: string) => LintResult {
  const options: LintOptions = { ...result.options, isCancelled: undefined, ...extra };
  const lang = result.languageId as 'dockerfile' | 'compose';
  let first = extra.only === undefined;
  return (text) => {
    if (first && text === result.file.text) {
      first = false;
      return result;
    }
    return lintText(result.file.path, text, lang, options);
  };
}

export interface FileFix {
  /** The one edit, in offsets of the linted text. */
  edit: Edit;
  /** Fixes applied over all passes. */
  applied: number;
}

/** All safe fixes of the file (or of one rule, with `code`), in passes until stable. */
export function fixAllOf(result: LintResult, code?: string): FileFix | undefined {
  const before = result.file.text;
  const fixed = fixAllSafe(before, relinter(result, code ? { only: [code] } : {}));
  const edit = minimalEdit(before, fixed.text);
  return edit && { edit, applied: fixed.applied };
}

/** How many findings of `code` have a safe fix (0 when its rule has no safe fix at all). */
export function safelyFixable(result: LintResult, code: string): number {
  const kind = findRule(code)?.meta.fix;
  if (kind !== 'safe' && kind !== 'both') return 0;
  let n = 0;
  for (const f of result.findings) if (f.code === code && fixesFor(result, f).some((x) => x.safe)) n++;
  return n;
}

export function toLspEdit(text: string, edit: Edit): TextEdit {
  return { range: new SourceText('', text).rangeOf(edit), newText: edit.text };
}

export const FIX_ALL_LABEL = 'Fix all safe Bosun problems';
const ANNOTATION_ID = 'bosun.fixAll';

export interface WorkspaceFixTarget {
  uri: string;
  /** The open document's version; null for a file on disk (not open). */
  version: number | null;
  text: string;
  fix: FileFix;
}

export interface WorkspaceFixSummary {
  files: number;
  fixes: number;
  applied: boolean;
  failureReason?: string;
}

/**
 * One WorkspaceEdit over every file with safe fixes, in path order. With change annotations, every
 * edit is annotated `needsConfirmation`, so the editor shows a preview before applying.
 */
export function workspaceFixEdit(targets: readonly WorkspaceFixTarget[], caps: { documentChanges: boolean; changeAnnotations: boolean }): WorkspaceEdit {
  const sorted = [...targets].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  if (!caps.documentChanges) {
    const changes: Record<string, TextEdit[]> = {};
    for (const t of sorted) changes[t.uri] = [toLspEdit(t.text, t.fix.edit)];
    return { changes };
  }
  const annotation: ChangeAnnotation = {
    label: FIX_ALL_LABEL,
    needsConfirmation: true,
    description: `${sorted.reduce((n, t) => n + t.fix.applied, 0)} safe fixes in ${sorted.length} files`,
  };
  const documentChanges = sorted.map((t) => {
    const edit = toLspEdit(t.text, t.fix.edit);
    const annotated: TextEdit | AnnotatedTextEdit = caps.changeAnnotations ? { ...edit, annotationId: ANNOTATION_ID } : edit;
    return TextDocumentEdit.create({ uri: t.uri, version: t.version }, [annotated]);
  });
  return caps.changeAnnotations ? { documentChanges, changeAnnotations: { [ANNOTATION_ID]: annotation } } : { documentChanges };
}
