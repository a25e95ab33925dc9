/**
 * An editor lints every version of a document with the result of the one before it. What it keeps
 * must not grow with the number of edits: a version two edits old is garbage once nothing but the
 * latest result is held (the language server holds one result per document).
 */
import assert from 'node:assert/strict';
import { setImmediate as turn } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { compose as generatedCompose, dockerfile as generatedDockerfile } from '../../bench/generate.js';
import { type LanguageId, type LintResult, lintText } from '../../rules/api.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { collectGarbage } from '../support/scaling.js';

before(() => loadShellGrammar());

const EDITS = 40;

/**
 * Types `typed` one character at a time after the first `after` in `text`, then deletes it again,
 * for EDITS lints in all; returns weak references to every version's model and the last result.
 */
function typeAndLint(path: string, language: LanguageId, text: string, after: string, typed: string) {
  const at = text.indexOf(after) + after.length;
  assert.ok(at >= after.length, `no '${after}' to type after`);
  const versions: string[] = [];
  while (versions.length < EDITS) {
    for (let i = 1; i <= typed.length && versions.length < EDITS; i++) versions.push(text.slice(0, at) + typed.slice(0, i) + text.slice(at));
    for (let i = typed.length - 1; i >= 0 && versions.length < EDITS; i--) versions.push(text.slice(0, at) + typed.slice(0, i) + text.slice(at));
  }
  let result: LintResult<unknown> = lintText(path, text, language, { incremental: true });
  const models: WeakRef<object>[] = [new WeakRef(result.model as object)];
  for (const version of versions) {
    result = lintText(path, version, language, { incremental: true }, result);
    models.push(new WeakRef(result.model as object));
  }
  return { models, result, text: versions[versions.length - 1] };
}

/** How many of the models between the first and the last two are still reachable after a full GC. */
async function middleModelsAlive(models: WeakRef<object>[]): Promise<number> {
  // WeakRefs created in this job keep their targets until it ends.
  await turn();
  collectGarbage();
  await turn();
  collectGarbage();
  return models.slice(1, -2).filter((m) => m.deref() !== undefined).length;
}

describe('what incremental lints keep across versions', () => {
  it('a Compose document typed at keeps no chain of old models', async () => {
    const { models, result } = typeAndLint('/project/compose.yaml', 'compose', generatedCompose(300), '    image: ', 'x2y3z');
    assert.ok(result.memory && result.memory.unchangedUnits > 0, 'the last lint re-used the previous version');
    assert.equal(await middleModelsAlive(models), 0);
  });

  it('a Dockerfile typed at keeps no chain of old models', async () => {
    const { models, result } = typeAndLint('/project/Dockerfile', 'dockerfile', generatedDockerfile(200), 'apt-get install -y --no-install-recommends', ' htop');
    assert.ok(result.memory && result.memory.unchangedUnits > 0, 'the last lint re-used the previous version');
    assert.equal(await middleModelsAlive(models), 0);
  });

  it('the incremental Compose lint still finds what a lint from scratch finds (memos carried over)', () => {
    const { result, text } = typeAndLint('/project/compose.yaml', 'compose', generatedCompose(300), '    image: ', 'x2y3z');
    const scratch = lintText('/project/compose.yaml', text, 'compose');
    const seen = (r: LintResult<unknown>) => r.findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character} ${f.message}`);
    assert.deepEqual(seen(result), seen(scratch));
  });
});
