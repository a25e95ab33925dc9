/** Engine → LSP translation. The only place that knows both shapes. */
import { pathToFileURL } from 'node:url';
import {
  type Diagnostic,
  DiagnosticRelatedInformation,
  DiagnosticSeverity,
  Location,
  type TextEdit,
} from 'vscode-languageserver';
import { type Edit, type Finding, findRule, docsUrl, type SourceText } from '../../../rules/api.js';
import type { Presenter } from '../present.js';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export const SOURCE = 'bosun';

/** `present`: the message as shown (present.ts: no absolute path of the machine, a note when a file outside the workspace counts). */
export function toDiagnostic(uri: string, finding: Finding, withRelated: boolean, present?: Presenter): Diagnostic {
  const rule = findRule(finding.code);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.level],
    code: finding.code,
    source: SOURCE,
    message: present ? present.message(finding) : finding.message,
  };
  if (rule) diagnostic.codeDescription = { href: docsUrl(rule.meta) };
  if (withRelated && finding.related.length) {
    diagnostic.relatedInformation = finding.related.map((r) =>
      DiagnosticRelatedInformation.create(Location.create(r.path ? pathToFileURL(r.path).href : uri, r.range), present ? present.related(r.message) : r.message),
    );
  }
  return diagnostic;
}

export function toTextEdit(file: SourceText, edit: Edit): TextEdit {
  return { range: file.rangeOf(edit), newText: edit.text };
}
