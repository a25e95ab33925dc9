/**
 * Rule docs without a docs website: every diagnostic links a real page (the one installed with the
 * server, or where the client says its copy is), hovers link it too (VS Code: a command that renders
 * it), and "Show documentation" is offered only when the client can show a page — its own command
 * (VS Code), else `window/showDocument` — never as a command the client does not have.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { docsOptionsFrom } from '../../server/src/lsp/docs-links.js';
import { type TestClient, type StartOptions, startServer } from './lsp-client.js';

const DOCKERFILE = 'FROM alpine:3.22\nRUN echo hi\n';
const URI = 'file:///ws/Dockerfile';

async function df001(client: TestClient): Promise<{ d: Diagnostic; docs?: CodeAction }> {
  client.open(URI, 'dockerfile', DOCKERFILE);
  const { diagnostics } = await client.diagnostics(URI, 1);
  const d = diagnostics.find((x) => x.code === 'DF001')!;
  const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
  return { d, docs: actions.find((a) => a.title === 'Show documentation for DF001 (no-root-user)') };
}

describe('docs links', () => {
  const clients: TestClient[] = [];
  const start = async (opts: StartOptions) => {
    const c = await startServer(opts);
    clients.push(c);
    return c;
  };
  after(async () => {
    for (const c of clients) await c.stop();
  });

  it('another editor: the installed page, shown through window/showDocument', async () => {
    const client = await start({});
    const { d, docs } = await df001(client);
    const href = d.codeDescription!.href;
    assert.ok(existsSync(fileURLToPath(href)), href);
    assert.equal(docs?.command?.command, 'bosun.server.showRuleDocs');
    await client.connection.sendRequest('workspace/executeCommand', docs!.command);
    assert.deepEqual(
      client.shown.map((s) => s.uri),
      [href],
    );
  });

  it('a client that can show no page gets no Show documentation action (the link stays)', async () => {
    const client = await start({ capabilities: { window: { showDocument: { support: false } } } });
    const { d, docs } = await df001(client);
    assert.equal(docs, undefined);
    assert.ok(d.codeDescription?.href);
  });

  it('VS Code: its copy of the pages, its own command, and a command link in the hover', async () => {
    const client = await start({ initializationOptions: { docs: { baseUri: 'vscode-remote://host/ext/dist/docs', command: 'bosun.showRuleDocs' } } });
    const { d, docs } = await df001(client);
    assert.equal(d.codeDescription?.href, 'vscode-remote://host/ext/dist/docs/dockerfile/no-root-user.md');
    assert.deepEqual(docs?.command?.arguments, ['dockerfile', 'no-root-user']);
    assert.equal(docs?.command?.command, 'bosun.showRuleDocs');
    const h = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 1 } })) as Hover;
    const value = (h.contents as { value: string }).value;
    assert.ok(value.includes(`[no-root-user documentation](command:bosun.showRuleDocs?${encodeURIComponent('["dockerfile","no-root-user"]')})`), value);
  });

  it('keeps only well-formed docs options', () => {
    assert.deepEqual(docsOptionsFrom({ baseUri: 'not a uri', command: 'x; rm -rf' }), { baseUri: undefined, command: undefined });
    assert.deepEqual(docsOptionsFrom('nonsense'), { baseUri: undefined, command: undefined });
    assert.deepEqual(docsOptionsFrom({ baseUri: 'https://h/docs', command: 'bosun.showRuleDocs' }), { baseUri: 'https://h/docs', command: 'bosun.showRuleDocs' });
  });
});
