/** Engine → LSP translation. The only place that knows both shapes. */
import { type Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, type TextEdit } from 'vscode-languageserver';
import { type Edit, type Finding, findRule, type SourceText } from '../../../rules/api.js';
import type { Presenter } from '../present.js';
import { type DocsLinks, NO_DOCS_LINKS } from './docs-links.js';
import { fileUri } from '../uris.js';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
} as const;

export const SOURCE = 'bosun';

/** What a diagnostic links to: other files (related locations) and the rule's docs page. */
export interface Links {
  uriOf(path: string): string;
  docs: DocsLinks;
}

export const DEFAULT_LINKS: Links = { uriOf: fileUri, docs: NO_DOCS_LINKS };

/** `present`: the message as shown (present.ts: no absolute path of the machine, a note when a file outside the workspace counts). */
export function toDiagnostic(uri: string, finding: Finding, withRelated: boolean, present?: Presenter, links: Links = DEFAULT_LINKS): Diagnostic {
  const rule = findRule(finding.code);
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITY[finding.level],
    code: finding.code,
    source: SOURCE,
    message: present ? present.message(finding) : finding.message,
  };
  const href = rule && links.docs.href(rule.meta);
  if (href) diagnostic.codeDescription = { href };
  if (withRelated && finding.related.length) {
    diagnostic.relatedInformation = finding.related.map((r) =>
      DiagnosticRelatedInformation.create(Location.create(r.path ? links.uriOf(r.path) : uri, r.range), present ? present.related(r.message) : r.message),
    );
  }
  return diagnostic;
}

export function toTextEdit(file: SourceText, edit: Edit): TextEdit {
  return { range: file.rangeOf(edit), newText: edit.text };
}
