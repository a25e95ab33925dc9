/**
 * The editor's image facts while the user types (server/src/lsp/image-facts.ts): a keystroke's lint
 * costs nothing more than noting the result; the file's image references are read once they have
 * been still for a moment, and only then is a fetch considered. No network: the stages are built
 * `FROM scratch`, which has no facts to fetch.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import { type LintResult, lintText } from '../../rules/api.js';
import { EditorImageFacts } from '../../server/src/lsp/image-facts.js';
import { DEFAULT_REGISTRY_SETTINGS } from '../../server/src/lsp/registry-settings.js';

const SETTINGS = { ...DEFAULT_REGISTRY_SETTINGS, enabled: true, imageFacts: true, offline: false };

function facts(root: string, logs: string[] = []) {
  return new EditorImageFacts({
    trusted: () => true,
    rootOf: () => root,
    lockSettings: () => undefined,
    workspaceFolders: () => [root],
    arrived: () => {},
    publishLock: () => {},
    log: (m) => logs.push(m),
  });
}

/** A lint result whose model counts how often its stages are read (what finding image sites walks). */
function counted(text: string): { result: LintResult; reads: () => number } {
  const result = lintText('/w/Dockerfile', text, 'dockerfile');
  let reads = 0;
  const model = result.model as { stages: unknown[] };
  const stages = model.stages;
  const watched = Object.create(model, { stages: { get: () => (reads++, stages) } });
  return { result: { ...result, model: watched }, reads: () => reads };
}

describe('image facts while typing', () => {
  // Scoped to this suite: the unit stage runs every test file in one process (test/support/in-process.ts).
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  test('typing: image references are read once they have settled, not on every keystroke', () => {
    const root = mkdtempSync(join(tmpdir(), 'bosun-facts-typing-'));
    const f = facts(root);
    const lints = Array.from({ length: 20 }, (_, i) => counted(`FROM scratch AS s${i}\nUSER app\n`));
    for (const { result } of lints) {
      f.afterLint('file:///w/Dockerfile', '/w/Dockerfile', result, { read: () => undefined, list: () => undefined }, SETTINGS);
      mock.timers.tick(30); // the next key comes before the references settle
    }
    assert.equal(
      lints.reduce((n, l) => n + l.reads(), 0),
      0,
      'no keystroke walked the stages',
    );
    mock.timers.tick(1000);
    assert.deepEqual(
      lints.map((l) => l.reads()),
      [...Array(19).fill(0), 1],
      'only the last version, once',
    );
    f.forget('file:///w/Dockerfile');
  });

  test('facts switched off: a lint never reads its image references', () => {
    const root = mkdtempSync(join(tmpdir(), 'bosun-facts-typing-'));
    const f = facts(root);
    const lint = counted('FROM scratch\n');
    f.afterLint('file:///w/Dockerfile', '/w/Dockerfile', lint.result, { read: () => undefined, list: () => undefined }, { ...SETTINGS, imageFacts: false });
    mock.timers.tick(5000);
    assert.equal(lint.reads(), 0);
  });
});
