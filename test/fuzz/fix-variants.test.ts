/**
 * Fix property test over the docs (issue 18): on each Bad example of every rule's docs page,
 * written every way a real file may be (fix-variants.ts), every fix offered for every finding (of
 * any rule) must keep the fix invariants (test/support/fix-invariants.ts: parses, no glued words,
 * instructions, comments, BOM and line endings kept) and remove the finding it was offered for.
 * Where a fix cannot be made correct in some shape, the rule must not offer it there.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Finding, type LintResult, type Rule, allRules, applyEdits, fixesFor, lintText } from '../../rules/api.js';
import type { FilesView } from '../../rules/engine/types.js';
import { dirname, joinPath } from '../../rules/languages/paths.js';
import { type BadExample, badExamples } from '../support/docs-examples.js';
import { fixInvariantProblems } from '../support/fix-invariants.js';
import { TEST_ROOT, memoryFiles } from '../support/files-view.js';
import { type Variant, composeTokenVariants, fileVariants, tokenVariants } from './fix-variants.js';

/** Token variants are made on these file variants (the others multiply the cost, not the shapes). */
const TOKEN_BASES = new Set(['as written', '# escape=`', 'CRLF, BOM and Latin-1 text']);

interface Stats {
  /** Codes whose fixes were applied. */
  codes: Set<string>;
  examples: number;
  variants: number;
  fixes: number;
  safe: number;
}

function fileName(rule: Rule, example: BadExample): string {
  const name = rule.meta.language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml';
  return example.files ? `${TEST_ROOT}/${name}` : name;
}

/** Every rule, with the options the docs page declares for its own. */
function lint(rule: Rule, example: BadExample, text: string, files: FilesView | undefined): LintResult {
  return lintText(fileName(rule, example), text, rule.meta.language, { files, ruleOptions: example.ruleOptions });
}

/** Applies every fix of every finding on one variant; returns the findings that have fixes. */
function checkVariant(rule: Rule, example: BadExample, variant: Variant, problems: string[], stats: Stats): Finding[] {
  const files = example.files ? memoryFiles(example.files) : undefined;
  const path = fileName(rule, example);
  const result = lint(rule, example, variant.text, files);
  stats.variants++;
  const withFixes: Finding[] = [];
  const seen = new Set<string>();
  for (const finding of result.findings) {
    const fixes = finding.report ? fixesFor(result, finding) : [];
    if (fixes.length) withFixes.push(finding);
    for (const fix of fixes) {
      const key = JSON.stringify([finding.code, fix.edits, fix.otherFiles ?? []]);
      if (seen.has(key)) continue;
      seen.add(key);
      stats.fixes++;
      stats.codes.add(finding.code);
      if (fix.safe) stats.safe++;
      const where = `${finding.code} ${fix.safe ? 'safe' : 'unsafe'} fix '${fix.title}' (${rule.meta.code} example, ${variant.name}, line ${finding.range.start.line + 1})`;
      const output = applyEdits(variant.text, fix.edits);
      const broken = fixInvariantProblems(rule.meta.language, variant.text, fix.edits, output);
      if (broken.length) {
        problems.push(`${where}: ${broken.join('; ')}\n  input:  ${JSON.stringify(variant.text)}\n  output: ${JSON.stringify(output)}`);
        continue;
      }
      const changed = new Map<string, string>();
      for (const o of fix.otherFiles ?? []) changed.set(o.path, applyEdits(o.create ? '' : (files?.read(o.path) ?? ''), o.edits));
      const view = changed.size ? overlay(example.files ?? {}, dirname(path), changed) : files;
      const same = (f: Finding) => f.code === finding.code && f.report?.messageId === finding.report?.messageId && f.message === finding.message;
      const after = lint(rule, example, output, view).findings.filter(same).length;
      if (after >= result.findings.filter(same).length) problems.push(`${where}: does not remove its finding\n  output: ${JSON.stringify(output)}`);
    }
  }
  return withFixes;
}

function overlay(entries: Record<string, string>, root: string, changed: Map<string, string>): FilesView {
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) all[joinPath(root, k)] = v;
  for (const [k, v] of changed) all[k] = v;
  return memoryFiles(all, '/');
}

describe('every fix of every rule, on the docs\' Bad examples written every way', () => {
  const stats: Stats = { codes: new Set(), examples: 0, variants: 0, fixes: 0, safe: 0 };
  const rules = allRules;

  for (const rule of rules) {
    it(`${rule.meta.code} ${rule.meta.name}`, () => {
      const problems: string[] = [];
      for (const example of badExamples(rule)) {
        stats.examples++;
        for (const base of fileVariants(rule.meta.language, example.text)) {
          const fixed = checkVariant(rule, example, base, problems, stats);
          if (!TOKEN_BASES.has(base.name)) continue;
          for (const finding of fixed) {
            const shapes = rule.meta.language === 'dockerfile' ? tokenVariants(base.text, finding.span) : composeTokenVariants(base.text, finding.span);
            for (const v of shapes) checkVariant(rule, example, { name: `${base.name}, ${v.name}`, text: v.text }, problems, stats);
          }
        }
      }
      assert.deepEqual(problems.slice(0, 12), [], `${problems.length} broken fixes`);
    });
  }

  it('checked a fix in every shape (the count a run reports)', (t) => {
    t.diagnostic(`Bad examples of ${rules.length} rules: ${stats.examples} examples, ${stats.variants} variants, ${stats.fixes} fix applications (${stats.safe} safe)`);
    const withFix = new Set(stats.codes);
    const missing = allRules.filter((r) => r.meta.fix && !withFix.has(r.meta.code)).map((r) => r.meta.code);
    assert.deepEqual(missing, [], 'rules whose fix was never applied');
  });
});
