/**
 * Code actions for Bosun findings: each rule fix (safe ones preferred), "Fix all CODE problems in
 * this file", "Ignore CODE for this line", "Show documentation", and `source.fixAll.bosun`.
 * Everything is derived from the cached lint of the document's current version; edits carry that
 * version so a stale fix is refused by the client.
 */
import { type CodeAction, CodeActionKind, type Command, CreateFile, type Diagnostic, type Range, TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver';
import {
  dirname,
  type Edit,
  type FilesView,
  type Finding,
  findRule,
  type Fix,
  fixesFor,
  ignoreEdit,
  type LintResult,
  normaliseEdits,
  relativePath,
  type RuleMeta,
  SourceText,
} from '../../../rules/api.js';
import { type ContainedFix, containFix } from '../fs/contain-fixes.js';
import type { FolderContainment } from '../fs/folders.js';
import type { Presenter } from '../present.js';
import { DEFAULT_LINKS, type Links, toDiagnostic, toTextEdit } from './convert.js';
import { fixAllOf, safelyFixable } from './fix-all.js';

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
  /** More quick fixes for a finding, listed after the rule's own (e.g. the lazily resolved Pin to digest). */
  extraActions?: (finding: Finding) => CodeAction[];
  /** Other files as the lint saw them, for fixes that change another file (`Fix.otherFiles`). */
  files?: FilesView;
  /** The open document at a path (its uri and version), so an edit of it is stamped like this one's. */
  openDocument?: (path: string) => { uri: string; version: number } | undefined;
  /** The workspace folders: no edit writes outside them (containment.ts); undefined: no check (tests of edit shapes). */
  containment?: FolderContainment;
  /** The document's file path (undefined: not a file). */
  path?: string;
  /** The client shows actions it cannot apply greyed out, with the reason (CodeAction.disabled). */
  disabledSupport?: boolean;
  /** Messages as the published diagnostics show them. */
  present?: Presenter;
  /** Uris of other files and docs links (default: `file:` uris, no docs links). */
  links?: Links;
  /**
   * The command that shows a rule's page, or undefined when this client cannot show one (then no
   * "Show documentation" action). Default: VS Code's `bosun.showRuleDocs`.
   */
  showDocs?: (meta: RuleMeta) => Command | undefined;
}

/**
 * Whether the document's own edits may be offered: its buffer is what the user edits and sees,
 * unless it is a file inside a workspace folder reached through a symbolic link that leads out —
 * saving it would write outside the workspace.
 */
function documentEscapes(t: ActionTarget): boolean {
  return !!(t.containment && t.path && t.containment.where(t.path) === 'escapes');
}

/** A path as the user reads it in a message: relative to the document's folder. */
function shown(t: ActionTarget, path: string): string {
  return t.path ? relativePath(dirname(t.path), path) : path;
}

/** The finding's fixes as they may be offered: those that would write outside the workspace are blocked (contain-fixes.ts). */
function offeredFixes(t: ActionTarget, finding: Finding): ContainedFix[] {
  const fixes = fixesFor(t.result, finding);
  const containment = t.containment;
  if (!containment) return fixes;
  const mainPath = documentEscapes(t) ? t.path : undefined;
  return fixes.map((fix) =>
    containFix(
      fix,
      mainPath,
      (p) => containment.checkWrite(p),
      (p) => shown(t, p),
    ),
  );
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
    actions.push(...fixAllOfCodeActions(t, here));
    if (t.extraActions) for (const finding of here) actions.push(...t.extraActions(finding));
    for (const finding of here) actions.push(...helperActions(t, finding));
  }
  if (only && wants(FIX_ALL_KIND)) {
    const all = fixAll(t);
    if (all) actions.push(all);
  }
  return actions;
}

/**
 * A fix that also changes other files (create or append a `.dockerignore`): document changes with
 * CreateFile and one TextDocumentEdit per file. Undefined when the client cannot apply it (no
 * documentChanges support) or the other file cannot be read any more.
 */
function fixEdit(t: ActionTarget, fix: Fix): WorkspaceEdit | undefined {
  if (!fix.otherFiles?.length) return workspaceEdit(t, fix.edits);
  if (!t.useDocumentChanges || !t.files) return undefined;
  const changes: NonNullable<WorkspaceEdit['documentChanges']> = [];
  if (fix.edits.length) changes.push(...(workspaceEdit(t, fix.edits).documentChanges ?? []));
  for (const other of fix.otherFiles) {
    const text = other.create ? '' : t.files.read(other.path);
    if (text === undefined) return undefined;
    const file = new SourceText(other.path, text);
    const edits = normaliseEdits(other.edits).map((e) => toTextEdit(file, e));
    const open = other.create ? undefined : t.openDocument?.(other.path);
    const uri = open?.uri ?? (t.links ?? DEFAULT_LINKS).uriOf(other.path);
    if (other.create) changes.push(CreateFile.create(uri, { ignoreIfExists: true }));
    changes.push(TextDocumentEdit.create({ uri, version: open?.version ?? null }, edits));
  }
  return { documentChanges: changes };
}

function fixActions(t: ActionTarget, finding: Finding): CodeAction[] {
  const diagnostic: Diagnostic = toDiagnostic(t.uri, finding, false, t.present, t.links);
  const fixes = offeredFixes(t, finding);
  const actions: CodeAction[] = [];
  for (const fix of fixes) {
    if (fix.blocked) {
      // Shown, never sent as an edit: the user sees why it cannot be applied.
      if (t.disabledSupport) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason: fix.blocked } });
      continue;
    }
    const edit = fixEdit(t, fix);
    if (!edit) continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: actions.length === 0 && fix.safe,
      edit,
    });
  }
  return actions;
}

function helperActions(t: ActionTarget, finding: Finding): CodeAction[] {
  const diagnostic: Diagnostic = toDiagnostic(t.uri, finding, false, t.present, t.links);
  const actions: CodeAction[] = [];
  if (!documentEscapes(t)) {
    actions.push({
      title: `Ignore ${finding.code} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(t, [ignoreEdit(t.result, finding)]),
    });
  }
  const rule = findRule(finding.code);
  const command = rule && (t.showDocs ? t.showDocs(rule.meta) : { title: 'Show documentation', command: 'bosun.showRuleDocs', arguments: [rule.meta.language, rule.meta.name] });
  if (rule && command) {
    actions.push({
      title: `Show documentation for ${finding.code} (${rule.meta.name})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command,
    });
  }
  return actions;
}

/**
 * "Fix all CODE problems in this file" for each code under the cursor with at least two findings
 * that have a safe fix: that rule's safe fixes in passes, as one versioned edit.
 */
function fixAllOfCodeActions(t: ActionTarget, here: readonly Finding[]): CodeAction[] {
  const actions: CodeAction[] = [];
  if (documentEscapes(t)) return actions;
  for (const code of new Set(here.map((f) => f.code))) {
    if (safelyFixable(t.result, code) < 2) continue;
    const fix = fixAllOf(t.result, code);
    if (!fix) continue;
    actions.push({
      title: `Fix all ${code} problems in this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: t.result.findings.filter((f) => f.code === code).map((f) => toDiagnostic(t.uri, f, false, t.present, t.links)),
      edit: workspaceEdit(t, [fix.edit]),
    });
  }
  return actions;
}

/**
 * All safe fixes of the document, applied in passes until stable (a fix can reveal or unblock
 * another), as one edit of the smallest changed range — `editor.codeActionsOnSave` fixes everything
 * in one go.
 */
export function fixAll(t: ActionTarget): CodeAction | undefined {
  if (documentEscapes(t)) return undefined;
  const fix = fixAllOf(t.result);
  if (!fix) return undefined;
  return { title: 'Fix all safe Bosun problems', kind: FIX_ALL_KIND, edit: workspaceEdit(t, [fix.edit]) };
}
