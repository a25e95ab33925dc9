/**
 * No safe fix turns a building file into a broken one (fix-all and `--fix` apply them unseen): on every file
 * of the shared corpus (../shared/corpus, see test/support/shared-corpus.ts), every safe fix is
 * applied on its own — the output keeps the fix invariants (parses, no glued words, instructions,
 * comments, BOM and line endings kept) and loses its finding — and then all of them together the
 * way `bosun --fix` does (fixAllSafe): the result parses as well as the file did, keeps its comment
 * lines, and offers no safe fix any more. Skipped where the corpus is not next to the repository.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { type Edit, type Finding, type LintResult, applyEdits, detectLanguage, fixAllSafe, fixesFor, lintText, normaliseEdits } from '../../rules/api.js';
import type { FilesView, LanguageId } from '../../rules/engine/types.js';
import { fixInvariantProblems } from '../support/fix-invariants.js';
import { SHARED_CORPUS_MISSING, corpusFiles, corpusName, corpusView, sharedCorpusDir } from '../support/shared-corpus.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const dir = sharedCorpusDir();
const targets = dir
  ? corpusFiles(dir)
      .map((path) => ({ path, language: detectLanguage(path) }))
      .filter((t): t is { path: string; language: LanguageId } => t.language !== undefined)
  : [];

const lint = (path: string, text: string, language: LanguageId, files: FilesView, only?: string[]) => lintText(path, text, language, { files, only });

/** The file's safe fixes, one at a time: problems found (empty when all are fine). */
function checkEachSafeFix(path: string, text: string, language: LanguageId, result: LintResult): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const finding of result.findings) {
    if (!finding.report) continue;
    for (const fix of fixesFor(result, finding).filter((f) => f.safe)) {
      const key = JSON.stringify([finding.code, fix.edits, fix.otherFiles ?? []]);
      if (seen.has(key)) continue;
      seen.add(key);
      const where = `${finding.code} '${fix.title}' (line ${finding.range.start.line + 1})`;
      const output = applyEdits(text, fix.edits);
      const broken = fixInvariantProblems(language, text, fix.edits, output);
      if (broken.length) problems.push(`${where}: ${broken.join('; ')}`);
      const changed = new Map<string, string>();
      for (const o of fix.otherFiles ?? []) changed.set(o.path, applyEdits(o.create ? '' : (corpusView(dir!).read(o.path) ?? ''), o.edits));
      const same = (f: Finding) => f.code === finding.code && f.report?.messageId === finding.report?.messageId && f.message === finding.message;
      const after = lint(path, output, language, corpusView(dir!, changed), [finding.code]);
      if (after.errors.length) problems.push(`${where}: the output makes the rule fail: ${after.errors.join('; ')}`);
      if (after.findings.filter(same).length >= result.findings.filter(same).length) problems.push(`${where}: the finding is still there`);
    }
  }
  return problems;
}

/** The edits one pass of fix-all applies: the first safe fix of each finding, skipping those that overlap. */
function passEdits(result: LintResult): Edit[] {
  const edits: Edit[] = [];
  for (const finding of result.findings) {
    const fix = fixesFor(result, finding).find((f) => f.safe);
    if (!fix) continue;
    const before = edits.length;
    edits.push(...fix.edits);
    if (normaliseEdits(edits).length < edits.length) edits.length = before;
  }
  return normaliseEdits(edits);
}

/** Findings of a result that still offer a safe fix of the file itself (fix-all applies only those edits). */
function safelyFixable(result: LintResult): string[] {
  return result.findings.filter((f) => f.report && fixesFor(result, f).some((x) => x.safe && x.edits.length)).map((f) => `${f.code} ${f.message}`);
}

describe('safe fixes on the shared corpus', { skip: dir ? false : SHARED_CORPUS_MISSING }, () => {
  it('has files to check', () => {
    assert.ok(targets.length >= 100, `${targets.length} Dockerfiles and Compose files in ${dir}`);
  });

  for (const { path, language } of targets) {
    it(corpusName(dir!, path), () => {
      const text = readFileSync(path, 'utf8');
      const files = corpusView(dir!);
      const result = lint(path, text, language, files);
      assert.deepEqual(result.errors, [], 'engine errors');
      const problems = checkEachSafeFix(path, text, language, result);
      assert.deepEqual(problems, [], `safe fixes that break ${corpusName(dir!, path)}`);

      // Each pass of fix-all is checked with the edits it applied (the same choice fixAllSafe makes).
      const passes: { text: string; edits: Edit[] }[] = [];
      const all = fixAllSafe(text, (t) => {
        const r = lint(path, t, language, files);
        passes.push({ text: t, edits: passEdits(r) });
        return r;
      });
      if (all.text === text) return;
      for (let i = 0; i + 1 < passes.length; i++) {
        const { text: before, edits } = passes[i];
        const after = passes[i + 1].text;
        const known = applyEdits(before, edits) === after;
        const broken = fixInvariantProblems(language, before, known ? edits : [{ start: 0, end: before.length, text: after }], after);
        assert.deepEqual(broken, [], `pass ${i + 1} of fix-all breaks the file:\n${after}`);
      }
      assert.deepEqual(fixInvariantProblems(language, text, [{ start: 0, end: text.length, text: all.text }], all.text), [], 'fix-all breaks the file');
      assert.deepEqual(safelyFixable(lint(path, all.text, language, files)), [], `fix-all left findings it can fix:\n${all.text}`);
    });
  }
});
