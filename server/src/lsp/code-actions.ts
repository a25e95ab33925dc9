/**
 * Code actions for Bosun findings: each rule fix (safe ones preferred), "Ignore CODE for this line",
 * "Show documentation", and `source.fixAll.bosun`. Everything is derived from the cached lint of
 * the document's current version; edits carry that version so a stale fix is refused by the client.
 */
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type Range,
  TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { type Edit, type Finding, type LintResult, fixesFor, findRule, ignoreEdit, normaliseEdits } from '../../../rules/api.js';
import { toDiagnostic, toTextEdit } from './convert.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.bosun`;

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export interface ActionTarget {
  uri: string;
  version: number;
  result: LintResult;
  useDocumentChanges: boolean;
}

function workspaceEdit(t: ActionTarget, edits: Edit[]): WorkspaceEdit {
  const textEdits = normaliseEdits(edits).map((e) => toTextEdit(t.result.file, e));
  if (t.useDocumentChanges) {
    return { documentChanges: [TextDocumentEdit.create({ uri: t.uri, version: t.version }, textEdits)] };
  }
  return { changes: { [t.uri]: textEdits } };
}

export function codeActions(t: ActionTarget, range: Range, only: string[] | undefined): CodeAction[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const here = t.result.findings.filter((f) => overlaps(f.range, range));
    for (const finding of here) actions.push(...fixActions(t, finding));
    for (const finding of here) actions.push(...helperActions(t, finding));
  }
  if (only && wants(FIX_ALL_KIND)) {
    const all = fixAll(t);
    if (all) actions.push(all);
  }
  return actions;
}

function fixActions(t: ActionTarget, finding: Finding): CodeAction[] {
  const diagnostic: Diagnostic = toDiagnostic(t.uri, finding, false);
  const fixes = fixesFor(t.result, finding);
  return fixes.map((fix, i) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: i === 0 && fix.safe,
    edit: workspaceEdit(t, fix.edits),
  }));
}

function helperActions(t: ActionTarget, finding: Finding): CodeAction[] {
  const diagnostic: Diagnostic = toDiagnostic(t.uri, finding, false);
  const actions: CodeAction[] = [
    {
      title: `Ignore ${finding.code} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(t, [ignoreEdit(t.result, finding)]),
    },
  ];
  const rule = findRule(finding.code);
  if (rule) {
    actions.push({
      title: `Show documentation for ${finding.code} (${rule.meta.name})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: 'Show documentation', command: 'bosun.showRuleDocs', arguments: [rule.meta.language, rule.meta.name] },
    });
  }
  return actions;
}

/** All safe fixes of the document in one edit (non-overlapping; later passes happen on the next save). */
export function fixAll(t: ActionTarget): CodeAction | undefined {
  const edits: Edit[] = [];
  for (const finding of t.result.findings) {
    const safe = fixesFor(t.result, finding).find((f) => f.safe);
    if (safe) edits.push(...safe.edits);
  }
  if (!edits.length) return undefined;
  return { title: 'Fix all safe Bosun problems', kind: FIX_ALL_KIND, edit: workspaceEdit(t, edits) };
}
