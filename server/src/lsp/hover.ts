/** Hover on a finding: the rule's title, why it matters, and its docs link. */
import type { Hover, Position } from 'vscode-languageserver';
import { type LintResult, findRule } from '../../../rules/api.js';
import { type DocsLinks, NO_DOCS_LINKS } from './docs-links.js';

function contains(range: { start: Position; end: Position }, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function hover(result: LintResult, position: Position, docs: DocsLinks = NO_DOCS_LINKS): Hover | null {
  const parts: string[] = [];
  for (const f of result.findings) {
    if (!contains(f.range, position)) continue;
    const rule = findRule(f.code);
    if (!rule) continue;
    const { meta } = rule;
    const link = docs.hoverLink(meta);
    parts.push(`**Bosun ${meta.code} · ${meta.title}**\n\n${meta.why}${link ? `\n\n[${meta.name} documentation](${link})` : ''}`);
  }
  return parts.length ? { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') } } : null;
}
