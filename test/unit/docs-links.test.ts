/** A diagnostic's docs link (server/src/lsp/docs-links.ts): worked out once per rule, not once per diagnostic. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type RuleMeta, findRule } from '../../rules/api.js';
import { docsLinks } from '../../server/src/lsp/docs-links.js';

/** The rule's metadata, counting how often its name is read (the link is made from it). */
function watched(code: string): { meta: RuleMeta; reads: () => number } {
  const meta = findRule(code)!.meta;
  let reads = 0;
  const copy = Object.create(meta, { name: { get: () => (reads++, meta.name) } }) as RuleMeta;
  return { meta: copy, reads: () => reads };
}

test('a rule linked by a thousand diagnostics: its link is worked out once', () => {
  const links = docsLinks({ baseUri: 'file:///ext/docs' });
  const { meta, reads } = watched('DF001');
  const first = links.href(meta);
  for (let i = 0; i < 1000; i++) assert.equal(links.href(meta), first);
  assert.ok(reads() <= 2, `name read ${reads()} times`);
  assert.match(first ?? '', /^file:\/\/\/ext\/docs\/dockerfile\/[a-z-]+\.md$/);
});

test('each rule keeps its own link; no docs folder, no link', () => {
  const links = docsLinks({ baseUri: 'file:///ext/docs/' });
  const a = links.href(findRule('DF001')!.meta);
  const b = links.href(findRule('DC001')!.meta);
  assert.notEqual(a, b);
  assert.match(b ?? '', /\/compose\//);
  assert.equal(docsLinks({}).href(findRule('DF001')!.meta), undefined);
});
