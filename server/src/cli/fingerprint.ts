/**
 * Fingerprints that survive unrelated edits: rule, file, the flagged line's text (white space
 * folded) and the occurrence index among identical keys — no line numbers. Used for SARIF
 * `partialFingerprints` and baselines alike.
 */
import type { Finding, LintResult } from '../../../rules/api.js';

export function fingerprints(relativePath: string, result: LintResult<unknown>, findings: readonly Finding[]): string[] {
  // Required here, not imported: node:crypto takes ~10 ms to load, and only SARIF and baselines need it.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const lines: string[] = [];
    for (let l = f.range.start.line; l <= Math.min(f.range.end.line, f.range.start.line + 4); l++) {
      lines.push(result.file.lineText(l).trim().replace(/\s+/g, ' '));
    }
    const key = `${f.code}\u0000${relativePath}\u0000${lines.join('\n')}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(`${key}\u0000${n}`).digest('hex').slice(0, 32);
  });
}
