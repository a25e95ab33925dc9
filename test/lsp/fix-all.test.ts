/** The fix-all edit helpers of the language server, in process: one minimal edit, workspace edits. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { AnnotatedTextEdit, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyEdits, lintText } from '../../rules/api.js';
import { fixAllOf, minimalEdit, safelyFixable, workspaceFixEdit } from '../../server/src/lsp/fix-all.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

describe('fix-all edits', () => {
  it('minimalEdit replaces only the changed range and never splits a CRLF or a surrogate pair', () => {
    const cases: [string, string][] = [
      ['abc', 'abc'],
      ['FROM a\nRUN x\nCMD y\n', 'FROM a\nCMD y\n'],
      ['a\r\nb\r\n', 'a\r\nc\r\nb\r\n'],
      ['a\r\n', 'a\n'],
      ['x😀y', 'x😁y'],
      ['', 'new'],
      ['old', ''],
      ['aaa', 'aaaa'],
    ];
    for (const [before, after] of cases) {
      const e = minimalEdit(before, after);
      if (before === after) {
        assert.equal(e, undefined);
        continue;
      }
      assert.ok(e);
      assert.equal(applyEdits(before, [e]), after, JSON.stringify([before, after]));
      const splits = (t: string, i: number) => i > 0 && i < t.length && ((t[i - 1] === '\r' && t[i] === '\n') || /[\uD800-\uDBFF]/.test(t[i - 1]));
      assert.ok(!splits(before, e.start) && !splits(before, e.end), JSON.stringify([before, after, e]));
    }
    assert.deepEqual(minimalEdit('FROM a\nRUN x\nCMD y\n', 'FROM a\nCMD y\n'), { start: 7, end: 13, text: '' });
  });

  it("fixAllOf applies safe fixes in passes; with a code, only that rule's", () => {
    const text = 'FROM node:20\nRUN sudo npm config set strict-ssl false && npm ci\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 GIT_SSL_NO_VERIFY=true\nUSER node\n';
    const result = lintText('/w/Dockerfile', text, 'dockerfile');
    const all = fixAllOf(result)!;
    assert.equal(applyEdits(text, [all.edit]), 'FROM node:20\nRUN npm ci\nUSER node\n');
    assert.equal(all.applied, 4);
    assert.equal(safelyFixable(result, 'DF027'), 2);
    assert.equal(safelyFixable(result, 'DF001'), 0, 'a rule without a safe fix');
    const env = fixAllOf(result, 'DF027')!;
    assert.equal(applyEdits(text, [env.edit]), text.replace('ENV NODE_TLS_REJECT_UNAUTHORIZED=0 GIT_SSL_NO_VERIFY=true\n', ''));
    assert.equal(fixAllOf(lintText('/w/Dockerfile', 'FROM alpine:3.20\nUSER app\n', 'dockerfile')), undefined);
  });

  it('workspaceFixEdit: sorted, one versioned edit per file, annotated when the client can preview', () => {
    const t = (uri: string, version: number | null) => ({ uri, version, text: 'ab\n', fix: { edit: { start: 0, end: 1, text: 'x' }, applied: 1 } });
    const targets = [t('file:///w/b/Dockerfile', null), t('file:///w/a/Dockerfile', 3)];
    const annotated = workspaceFixEdit(targets, { documentChanges: true, changeAnnotations: true });
    const changes = annotated.documentChanges as TextDocumentEdit[];
    assert.deepEqual(
      changes.map((c) => [c.textDocument.uri, c.textDocument.version]),
      [
        ['file:///w/a/Dockerfile', 3],
        ['file:///w/b/Dockerfile', null],
      ],
    );
    assert.deepEqual(changes[0].edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: 'x', annotationId: 'bosun.fixAll' }]);
    assert.equal(annotated.changeAnnotations?.['bosun.fixAll'].needsConfirmation, true);
    const plain = workspaceFixEdit(targets, { documentChanges: true, changeAnnotations: false });
    assert.equal(plain.changeAnnotations, undefined);
    assert.equal(((plain.documentChanges as TextDocumentEdit[])[0].edits[0] as AnnotatedTextEdit).annotationId, undefined);
    assert.deepEqual(Object.keys(workspaceFixEdit(targets, { documentChanges: false, changeAnnotations: true }).changes ?? {}), [
      'file:///w/a/Dockerfile',
      'file:///w/b/Dockerfile',
    ]);
  });
});
