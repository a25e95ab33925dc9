/**
 * As-you-type linting re-uses the previous version's parse and findings (rules/engine/units.ts):
 * over a real LSP connection, a document typed into must end with exactly the diagnostics of the
 * same text opened fresh.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dockerfile } from '../../bench/generate.js';
import { type TestClient, startServer } from './lsp-client.js';

describe('as-you-type linting over LSP', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer();
  });
  after(() => client.stop());

  it('edits typed into a multi-stage Dockerfile end with the diagnostics of a fresh open', async () => {
    const text = dockerfile(300);
    const uri = 'file:///ws/typed/Dockerfile';
    let doc = client.open(uri, 'dockerfile', text);
    await client.diagnostics(uri, 1);
    // A user's session: type into several stages, add a USER to a base stage, break and fix a heredoc.
    const lines = text.split('\n');
    const at = (pattern: RegExp, nth = 0) => lines.map((l, i) => (pattern.test(l) ? i : -1)).filter((i) => i >= 0)[nth];
    const steps: { line: number; character: number; insert: string }[] = [
      { line: at(/apt-get install/), character: 10, insert: 'x' },
      { line: at(/^FROM /, 1), character: 5, insert: 'my' },
      { line: at(/^WORKDIR/, 2), character: 0, insert: 'USER root\n' },
      { line: at(/^EOF$/), character: 0, insert: '#' },
      { line: at(/^ENV /, 3), character: 4, insert: 'API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 ' },
    ];
    for (const s of steps) {
      doc = client.edit(doc, [{ range: { start: { line: s.line, character: s.character }, end: { line: s.line, character: s.character } }, newText: s.insert }]);
      await client.diagnostics(uri, doc.version);
    }
    // Undo the heredoc break: the stage structure returns.
    const broken = doc.getText().split('\n').indexOf('#EOF');
    doc = client.edit(doc, [{ range: { start: { line: broken, character: 0 }, end: { line: broken, character: 1 } }, newText: '' }]);
    const typed = await client.diagnostics(uri, doc.version);
    const fresh = 'file:///ws/fresh/Dockerfile';
    client.open(fresh, 'dockerfile', doc.getText());
    const opened = await client.diagnostics(fresh, 1);
    assert.ok(typed.diagnostics.length > 20, 'the file has findings to compare');
    // Related locations name their document: compare them as if both were the same file.
    const same = (d: unknown) => JSON.parse(JSON.stringify(d).replaceAll(fresh, uri));
    assert.deepEqual(typed.diagnostics, same(opened.diagnostics));
  });
});
