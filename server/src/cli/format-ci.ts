/**
 * Output for CI systems: GitHub workflow annotations (`--format github`), Checkstyle XML
 * (`--format checkstyle`) and GitLab Code Quality JSON (`--format gitlab`).
 */
import { findRule, type Level } from '../../../rules/api.js';
import { visible } from './escape.js';
import { fingerprints } from './fingerprint.js';
import type { RunReport } from './report.js';

const GITHUB_COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * Escaping as the Actions toolkit does: data escapes %, CR, LF; properties also `:` and `,`. Control
 * characters from the workspace are made visible first (escape.ts), so none reaches the log raw.
 */
function escapeData(s: string): string {
  return visible(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(report: RunReport): string {
  const lines: string[] = [];
  for (const f of report.files) {
    for (const x of f.findings) {
      const title = `${x.code} ${findRule(x.code)?.meta.title ?? x.rule}`;
      const props = [
        `file=${escapeProperty(f.target.display)}`,
        `line=${x.range.start.line + 1}`,
        `endLine=${x.range.end.line + 1}`,
        `col=${x.range.start.character + 1}`,
        `endColumn=${x.range.end.character + 1}`,
        `title=${escapeProperty(title)}`,
      ];
      lines.push(`::${GITHUB_COMMAND[x.level]} ${props.join(',')}::${escapeData(x.message)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** XML 1.0 cannot carry most control characters, not even as references: they are shown escaped (escape.ts). */
function xml(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const CHECKSTYLE_SEVERITY: Record<Level, string> = { error: 'error', warning: 'warning', info: 'info', hint: 'info' };

export function formatCheckstyle(report: RunReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const f of report.files) {
    out.push(`  <file name="${xml(f.target.display)}">`);
    for (const x of f.findings) {
      out.push(
        `    <error line="${x.range.start.line + 1}" column="${x.range.start.character + 1}" severity="${CHECKSTYLE_SEVERITY[x.level]}" message="${xml(x.message)}" source="bosun.${xml(x.code)}"/>`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return `${out.join('\n')}\n`;
}

const GITLAB_SEVERITY: Record<Level, string> = { error: 'critical', warning: 'major', info: 'minor', hint: 'info' };

export function formatGitlab(report: RunReport): string {
  const issues = report.files.flatMap((f) => {
    const prints = fingerprints(f.target.display, f.result, f.findings);
    return f.findings.map((x, i) => ({
      description: `${x.code}: ${visible(x.message)}`,
      check_name: `${x.code} ${x.rule}`,
      fingerprint: prints[i],
      severity: GITLAB_SEVERITY[x.level],
      location: { path: f.target.display, lines: { begin: x.range.start.line + 1, end: x.range.end.line + 1 } },
    }));
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
}
