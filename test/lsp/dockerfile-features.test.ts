/**
 * Dockerfile language features (dockerfile-language-service) over a real connection: off unless the
 * client asks (another Dockerfile language server may be running); when on, completion offers
 * instructions, hovers document them (after Bosun's own), formatting, symbols and semantic tokens
 * answer for Dockerfiles and nothing for Compose files; a client that can register them per
 * language gets them for Dockerfiles only. Tag completion never contacts a registry.
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, Hover, SemanticTokens, SymbolInformation, TextEdit } from 'vscode-languageserver-protocol';
import { DockerfileFeatures } from '../../server/src/lsp/dockerfile-features.js';
import { type TestClient, startServer } from './lsp-client.js';

const DOCKERFILE = 'FROM alpine:3.22\n   RUN apk add --no-cache curl\n\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n';
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : JSON.stringify(h?.contents));

describe('Dockerfile language features, when the client turns them on', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ initializationOptions: { dockerfileLanguageFeatures: true } });
    client.open('file:///ws/Dockerfile', 'dockerfile', DOCKERFILE);
    client.open('file:///ws/compose.yaml', 'dockercompose', COMPOSE);
  });
  after(() => client.stop());

  const at = (uri: string, line: number, character: number) => ({ textDocument: { uri }, position: { line, character } });

  it('declares them (statically: this client cannot register them per language)', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.completionProvider && caps.documentFormattingProvider && caps.documentSymbolProvider, JSON.stringify(caps));
    const legend = (caps.semanticTokensProvider as { legend: { tokenTypes: string[] } }).legend;
    assert.equal(legend.tokenTypes[0], 'keyword');
  });

  it('completion offers instructions on an empty line', async () => {
    const items = (await client.connection.sendRequest('textDocument/completion', at('file:///ws/Dockerfile', 2, 0))) as CompletionItem[];
    const labels = items.map((i) => i.label);
    for (const keyword of ['RUN', 'USER', 'COPY', 'WORKDIR']) assert.ok(labels.includes(keyword), labels.join(' '));
  });

  it('answers nothing for a Compose file', async () => {
    assert.equal(await client.connection.sendRequest('textDocument/completion', at('file:///ws/compose.yaml', 2, 4)), null);
    assert.equal(
      await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri: 'file:///ws/compose.yaml' }, options: { tabSize: 2, insertSpaces: true } }),
      null,
    );
  });

  it('hover: Bosun’s finding first, then the instruction’s documentation', async () => {
    const onFrom = (await client.connection.sendRequest('textDocument/hover', at('file:///ws/Dockerfile', 0, 1))) as Hover;
    const text = hoverText(onFrom);
    const bosun = text.indexOf('**Bosun DF001');
    const docs = text.search(/`FROM` must be the first instruction/);
    assert.ok(bosun >= 0 && docs > bosun, text);
    const onRun = (await client.connection.sendRequest('textDocument/hover', at('file:///ws/Dockerfile', 1, 4))) as Hover;
    assert.match(hoverText(onRun), /execute any commands|new layer/i);
  });

  it('formatting removes the indentation of an instruction, and only that', async () => {
    const edits = (await client.connection.sendRequest('textDocument/formatting', {
      textDocument: { uri: 'file:///ws/Dockerfile' },
      options: { tabSize: 4, insertSpaces: true },
    })) as TextEdit[];
    assert.deepEqual(edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: '' }]);
  });

  it('symbols and semantic tokens', async () => {
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///ws/Dockerfile' } })) as SymbolInformation[];
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['FROM', 'RUN'],
    );
    const tokens = (await client.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: 'file:///ws/Dockerfile' } })) as SemanticTokens;
    // The first token: line 0, column 0, length 4 (FROM), type 0 (keyword).
    assert.deepEqual(tokens.data.slice(0, 4), [0, 0, 4, 0]);
  });
});

describe('Dockerfile language features, off', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer();
    client.open('file:///ws/Dockerfile', 'dockerfile', DOCKERFILE);
  });
  after(() => client.stop());

  it('are not declared, and Bosun’s own hover stays', async () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.completionProvider, undefined);
    assert.equal(caps.documentFormattingProvider, undefined);
    assert.equal(caps.semanticTokensProvider, undefined);
    assert.equal(caps.hoverProvider, true);
    const h = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///ws/Dockerfile' }, position: { line: 0, character: 1 } })) as Hover;
    assert.match(hoverText(h), /\*\*Bosun DF001/);
    assert.doesNotMatch(hoverText(h), /must be the first instruction/, 'no instruction documentation');
  });
});

describe('Dockerfile language features, registered per language', () => {
  let client: TestClient;
  before(async () => {
    const dynamic = { dynamicRegistration: true };
    client = await startServer({
      initializationOptions: { dockerfileLanguageFeatures: true },
      capabilities: {
        textDocument: {
          completion: dynamic,
          formatting: dynamic,
          rangeFormatting: dynamic,
          documentSymbol: dynamic,
          semanticTokens: { ...dynamic, requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
        },
      },
    });
  });
  after(() => client.stop());

  it('registers each for Dockerfiles only, and declares none for every document', async () => {
    const methods = ['textDocument/completion', 'textDocument/formatting', 'textDocument/rangeFormatting', 'textDocument/documentSymbol', 'textDocument/semanticTokens'];
    for (let i = 0; i < 100 && client.registrations.filter((r) => methods.includes(r.method)).length < methods.length; i++) await new Promise((r) => setTimeout(r, 20));
    for (const method of methods) {
      const r = client.registrations.find((x) => x.method === method);
      assert.deepEqual(r?.registerOptions?.documentSelector, [{ language: 'dockerfile' }], method);
    }
    assert.equal(client.initializeResult.capabilities.completionProvider, undefined);
    assert.equal(client.initializeResult.capabilities.documentFormattingProvider, undefined);
  });
});

describe('Dockerfile completion contacts no registry', () => {
  it('completing an image tag asks nobody for the tags', async (t) => {
    const get = t.mock.method(https, 'get', () => {
      throw new Error('no network in this test');
    });
    const features = new DockerfileFeatures({});
    const items = await features.completion('FROM node:2', { line: 0, character: 11 });
    assert.deepEqual(items, []);
    assert.equal(get.mock.callCount(), 0);
  });
});
