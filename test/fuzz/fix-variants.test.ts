/**
 * Fix property test over the docs: on each Bad example of every rule's docs page (and
 * the realistic Dockerfiles of test/corpus/dockerfile), written every way a real file may be
 * (fix-variants.ts), every fix offered for every finding (of any rule) must keep the fix
 * invariants (test/support/fix-invariants.ts: parses, no glued words, instructions, comments, BOM
 * and line endings kept) and remove the finding it was offered for. Where a fix cannot be made
 * correct in some shape, the rule must not offer it there.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { type Finding, type LintResult, allRules, applyEdits, fixesFor, lintText } from '../../rules/api.js';
import type { FilesView, LanguageId } from '../../rules/engine/types.js';
import { dirname, joinPath } from '../../rules/languages/paths.js';
import { EVERY_RULE_ON, badExamples } from '../support/docs-examples.js';
import { fixInvariantProblems } from '../support/fix-invariants.js';
import { TEST_ROOT, memoryFiles } from '../support/files-view.js';
import { type Variant, composeTokenVariants, fileVariants, tokenVariants } from './fix-variants.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

/** Token variants are made on these file variants (the others multiply the cost, not the shapes). */
const TOKEN_BASES = new Set(['as written', '# escape=`', 'CRLF, BOM and Latin-1 text']);

interface Stats {
  /** Codes whose fixes were applied. */
  codes: Set<string>;
  samples: number;
  variants: number;
  fixes: number;
  safe: number;
}

/** A file to fix, with what its lint needs. */
interface Sample {
  label: string;
  language: LanguageId;
  text: string;
  /** Companion files, relative to the linted file's folder. */
  files: Record<string, string> | undefined;
  ruleOptions: Record<string, Record<string, unknown>> | undefined;
}

function pathOf(sample: Sample): string {
  const name = sample.language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml';
  return sample.files ? `${TEST_ROOT}/${name}` : name;
}

/**
 * Every rule (those off by default too), or only the rules in `only`, with the options the sample
 * declares. A fixed text is linted again with the finding's own rule only: whether the finding is
 * gone is that rule's answer alone, and every rule again per fix was a third of the unit stage.
 */
function lint(sample: Sample, text: string, files: FilesView | undefined, only?: string[]): LintResult {
  return lintText(pathOf(sample), text, sample.language, { files, ruleOptions: sample.ruleOptions, levels: EVERY_RULE_ON, only });
}

/** Applies every fix of every finding on one variant; returns the findings that have fixes. */
function checkVariant(sample: Sample, variant: Variant, problems: string[], stats: Stats): Finding[] {
  const files = sample.files ? memoryFiles(sample.files) : undefined;
  const path = pathOf(sample);
  const result = lint(sample, variant.text, files);
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
      const where = `${finding.code} ${fix.safe ? 'safe' : 'unsafe'} fix '${fix.title}' (${sample.label}, ${variant.name}, line ${finding.range.start.line + 1})`;
      const output = applyEdits(variant.text, fix.edits);
      const broken = fixInvariantProblems(sample.language, variant.text, fix.edits, output);
      if (broken.length) {
        problems.push(`${where}: ${broken.join('; ')}\n  input:  ${JSON.stringify(variant.text)}\n  output: ${JSON.stringify(output)}`);
        continue;
      }
      const changed = new Map<string, string>();
      for (const o of fix.otherFiles ?? []) changed.set(o.path, applyEdits(o.create ? '' : (files?.read(o.path) ?? ''), o.edits));
      const view = changed.size ? overlay(sample.files ?? {}, dirname(path), changed) : files;
      const same = (f: Finding) => f.code === finding.code && f.report?.messageId === finding.report?.messageId && f.message === finding.message;
      const after = lint(sample, output, view, [finding.code]).findings.filter(same).length;
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

/** Every variant of a sample, and the token variants of each finding that has a fix. */
function checkSample(sample: Sample, problems: string[], stats: Stats): void {
  stats.samples++;
  for (const base of fileVariants(sample.language, sample.text)) {
    const fixed = checkVariant(sample, base, problems, stats);
    if (!TOKEN_BASES.has(base.name)) continue;
    for (const finding of fixed) {
      const shapes = sample.language === 'dockerfile' ? tokenVariants(base.text, finding.span) : composeTokenVariants(base.text, finding.span);
      for (const v of shapes) checkVariant(sample, { name: `${base.name}, ${v.name}`, text: v.text }, problems, stats);
    }
  }
}

const REALISTIC_DIR = join(__dirname, '..', 'corpus', 'dockerfile');

describe("every fix of every rule, on the docs' Bad examples and realistic files written every way", () => {
  const stats: Stats = { codes: new Set(), samples: 0, variants: 0, fixes: 0, safe: 0 };

  for (const rule of allRules) {
    it(`${rule.meta.code} ${rule.meta.name} (its Bad examples)`, () => {
      const problems: string[] = [];
      badExamples(rule).forEach((example, i) => {
        checkSample({ label: `${rule.meta.code} Bad example ${i + 1}`, language: rule.meta.language, ...example }, problems, stats);
      });
      assert.deepEqual(problems.slice(0, 12), [], `${problems.length} broken fixes`);
    });
  }

  it('the realistic Dockerfiles of test/corpus/dockerfile', () => {
    const problems: string[] = [];
    for (const name of readdirSync(REALISTIC_DIR)
      .filter((f) => f.endsWith('.Dockerfile'))
      .sort()) {
      const text = readFileSync(join(REALISTIC_DIR, name), 'utf8');
      checkSample({ label: name, language: 'dockerfile', text, files: undefined, ruleOptions: undefined }, problems, stats);
    }
    assert.deepEqual(problems.slice(0, 12), [], `${problems.length} broken fixes`);
  });

  it('checked a fix in every shape (the count a run reports)', (t) => {
    t.diagnostic(
      `${stats.samples} samples (docs Bad examples of ${allRules.length} rules, realistic Dockerfiles), ${stats.variants} variants, ${stats.fixes} fix applications (${stats.safe} safe)`,
    );
    const missing = allRules.filter((r) => r.meta.fix && !stats.codes.has(r.meta.code)).map((r) => r.meta.code);
    assert.deepEqual(missing, [], 'rules whose fix was never applied');
  });
});
