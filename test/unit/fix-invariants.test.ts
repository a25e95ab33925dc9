/**
 * The fix invariants catch the broken outputs fixes once produced (glued words, lost instructions,
 * before fixes were made token-level), and pass a correct output of the same shape.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { applyEdits } from '../../rules/api.js';
import type { Edit } from '../../rules/engine/types.js';
import { fixInvariantProblems } from '../support/fix-invariants.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

/** Deletes `cut` (its first occurrence at or after `from`) from `text`. */
function deletion(text: string, cut: string, from = 0): Edit {
  const start = text.indexOf(cut, from);
  assert.ok(start >= 0, cut);
  return { start, end: start + cut.length, text: '' };
}

function problems(text: string, edits: Edit[], language: 'dockerfile' | 'compose' = 'dockerfile'): string[] {
  return fixInvariantProblems(language, text, edits, applyEdits(text, edits));
}

describe('fix invariants', () => {
  it('glued words: sudo removed with the line break before it', () => {
    const text = 'FROM alpine:3.20\nRUN if true; then \\\n    sudo apk add curl; \\\nfi\n';
    const bad = problems(text, [deletion(text, ' \\\n    sudo ')]);
    // `then` is a keyword of the if, not a word of a command: the word that got glued to it is `apk`.
    assert.ok(
      bad.some((p) => p.includes('"apk"') && p.includes('thenapk')),
      bad.join('\n'),
    );
    assert.deepEqual(problems(text, [deletion(text, 'sudo ')]), []);
  });

  it('glued words: an option removed with the continuation before it', () => {
    const text = 'FROM debian:12\nRUN apt-get install -y \\\n--allow-unauthenticated curl\n';
    const bad = problems(text, [deletion(text, ' \\\n--allow-unauthenticated ')]);
    assert.ok(
      bad.some((p) => p.includes('-ycurl')),
      bad.join('\n'),
    );
    assert.deepEqual(problems(text, [deletion(text, '--allow-unauthenticated ')]), []);
  });

  it('a new unknown instruction: a backslash continuation under # escape=`', () => {
    const text = '# escape=`\nFROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n';
    const start = text.indexOf('\nRUN apt-get install');
    const bad = problems(text, [{ start, end: start + 5, text: ' && \\\n    ' }]);
    assert.ok(
      bad.some((p) => p.startsWith('new parse error')),
      bad.join('\n'),
    );
    assert.ok(
      bad.some((p) => p.includes('no longer a word of a RUN')),
      bad.join('\n'),
    );
    assert.deepEqual(problems(text, [{ start, end: start + 5, text: ' && `\n    ' }]), []);
  });

  it('a dangling continuation swallows the next instruction', () => {
    const text = 'FROM alpine:3.20\nRUN curl https://x \\\n    -k\nUSER app\n';
    const bad = problems(text, [deletion(text, '    -k\n')]);
    assert.ok(
      bad.some((p) => p.includes('instruction USER')),
      bad.join('\n'),
    );
    assert.deepEqual(problems(text, [deletion(text, ' \\\n    -k')]), []);
  });

  it('a comment line inside a continuation deleted', () => {
    const text = 'FROM node:20\nENV APP_ENV=prod \\\n# for the proxy\n    NODE_TLS_REJECT_UNAUTHORIZED=0\n';
    const bad = problems(text, [deletion(text, ' \\\n# for the proxy\n    NODE_TLS_REJECT_UNAUTHORIZED=0')]);
    assert.deepEqual(bad, ['comment line lost: "# for the proxy"']);
  });

  it('an exec-form array left with a trailing comma (no longer JSON)', () => {
    const text = 'FROM alpine:3.20\nRUN ["curl", "x", "-k"]\n';
    const bad = problems(text, [deletion(text, '"-k"')]);
    assert.deepEqual(bad, ['RUN at 2 is no longer a JSON array']);
    assert.deepEqual(problems(text, [deletion(text, ', "-k"')]), []);
  });

  it('line endings and the BOM', () => {
    const crlf = 'FROM a\r\nRUN b\r\n';
    assert.deepEqual(problems(crlf, [{ start: crlf.length, end: crlf.length, text: 'USER app\n' }]), ['a LF line ending in a CRLF file']);
    const bom = '\uFEFFFROM a\n';
    assert.deepEqual(problems(bom, [{ start: 0, end: 1, text: '' }]), ['the BOM is gone']);
    assert.deepEqual(problems(bom, [{ start: 1, end: 1, text: '# syntax=docker/dockerfile:1\n' }]), []);
  });

  it('an edit end between CR and LF', () => {
    const crlf = 'FROM a\r\nRUN b\r\n';
    assert.deepEqual(problems(crlf, [{ start: 7, end: 8, text: '\n' }]), ['an edit ends at 7, inside a line break or character']);
    assert.deepEqual(problems(crlf, [{ start: 6, end: 8, text: '\r\n' }]), []);
  });

  it('Compose: a new YAML error', () => {
    const text = 'services:\n  web:\n    image: nginx\n    privileged: true\n';
    assert.ok(problems(text, [{ start: text.length, end: text.length, text: '    cap_add: [NET_ADMIN\n' }], 'compose').some((p) => p.startsWith('new parse error')));
    assert.deepEqual(problems(text, [deletion(text, '    privileged: true\n')], 'compose'), []);
  });
});
