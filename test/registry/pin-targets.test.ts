/**
 * Pin to digest, the pure half (server/src/registry/pin-targets.ts, pin-resolve.ts): which findings
 * offer it (rule metadata), where a file's image references are, and where they are after an edit.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { allRules, lintText } from '../../rules/api.js';
import { placeItems } from '../../server/src/registry/pin-resolve.js';
import { offersPin, pinTargets } from '../../server/src/registry/pin-targets.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

before(() => loadShellGrammar());

const targetsOf = (path: string, text: string) => pinTargets(lintText(path, text, path.endsWith('.yaml') ? 'compose' : 'dockerfile', { only: [] }));

describe('pin targets', () => {
  it('the findings that offer the fix are those of rules whose metadata says so', () => {
    const offering = allRules.filter((r) => offersPin(r.meta.code)).map((r) => r.meta.code);
    assert.deepEqual(
      offering,
      allRules.filter((r) => r.meta.registryFix === 'pin-digest').map((r) => r.meta.code),
    );
    assert.ok(offering.length >= 2, 'the Dockerfile and Compose digest rules offer it');
    assert.equal(offersPin('DF001'), false);
  });

  it('finds unpinned references, explains the ones it cannot pin, skips pinned ones', () => {
    const text = `ARG BASE=alpine\nFROM node:20 AS build\nFROM \${BASE}\nFROM redis@sha256:${'a'.repeat(64)}\n`;
    const targets = targetsOf('/p/Dockerfile', text);
    assert.deepEqual(
      targets.map((t) => [t.written, t.blocked === undefined]),
      [
        ['node:20', true],
        ['${BASE}', false],
      ],
    );
    assert.equal(text.slice(targets[0].start, targets[0].end), 'node:20');
  });

  it('Compose: one target per written value, with every service that uses it (aliases followed)', () => {
    const text = 'services:\n  a:\n    image: &img "redis:7"\n  b:\n    image: *img\n  c:\n    build: .\n    image: mine\n';
    const targets = targetsOf('/p/compose.yaml', text);
    assert.deepEqual(
      targets.map((t) => [t.written, t.services]),
      [['redis:7', ['a', 'b']]],
    );
  });
});

describe('placing pins after an edit', () => {
  const before = 'FROM node:20\nFROM alpine:3.20\n';
  const items = targetsOf('/p/Dockerfile', before).map(({ start, end, written }) => ({ start, end, written }));

  it('an edit elsewhere moves the items with the text', () => {
    const after = `# a comment\n${before}`;
    const placed = placeItems(before, after, items, () => targetsOf('/p/Dockerfile', after));
    assert.deepEqual(
      [...placed.values()].map((p) => after.slice(p.start, p.end)),
      ['node:20', 'alpine:3.20'],
    );
  });

  it('looks risky but is refused: typing right after a reference (the same offsets would cut the new word)', () => {
    const after = before.replace('node:20', 'node:20-slim');
    const placed = placeItems(before, after, items, () => targetsOf('/p/Dockerfile', after));
    assert.deepEqual(
      [...placed.keys()].map((i) => i.written),
      ['alpine:3.20'],
    );
  });
});
