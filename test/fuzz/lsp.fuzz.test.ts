/**
 * Fuzzing the language server over a real LSP connection: files typed character by character,
 * random incremental edits of corpus files (ranges anywhere, also past the end), and hover and
 * code-action requests at random positions. Every published diagnostic must lie inside the text
 * of the version it was published for, every code-action edit inside the document it edits, and
 * the server must answer to the end without logging an uncaught exception.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { CodeAction, Diagnostic, Position, PublishDiagnosticsParams, Range, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type TestClient, startServer } from '../lsp/lsp-client.js';
import { corpus } from './corpus.js';
import { FUZZ_SEED } from './seed.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const TYPED_DOCKERFILE = `# syntax=docker/dockerfile:1
FROM node:20 AS build
ARG NPM_TOKEN
RUN --mount=type=secret,id=npm,target=/root/.npmrc npm ci
RUN <<EOF
apt-get update && apt-get install -y curl
curl -k https://example.com/x.sh | sh
EOF
FROM gcr.io/distroless/nodejs20
COPY --from=build /app /app
USER root
CMD ["app.js"]
`;

const TYPED_COMPOSE = `x-base: &base
  security_opt: [no-new-privileges:true]
services:
  web:
    <<: *base
    image: "nginx:latest"
    privileged: true
    ports: ["80:80"]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
`;

function inside(doc: TextDocument, p: Position): boolean {
  const lines = doc.getText().split(/\r\n|\r|\n/);
  return p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
}

function assertRangesInside(doc: TextDocument, ranges: Range[], what: string): void {
  for (const r of ranges) {
    assert.ok(inside(doc, r.start) && inside(doc, r.end), `${what} range ${JSON.stringify(r)} outside v${doc.version}: ${JSON.stringify(doc.getText())}`);
  }
}

describe('language server fuzzing', () => {
  let client: TestClient;
  let stderr = '';
  /** Texts of every version sent, per uri, to check each publish against its own version. */
  const versions = new Map<string, Map<number, TextDocument>>();
  const waiters: { uri: string; version: number; resolve: () => void }[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();

  before(async () => {
    client = await startServer();
    client.process.stderr!.on('data', (d) => (stderr += d));
    // Our own handler (it replaces the test client's): check every publish, wake the waiters.
    client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const doc = p.version === undefined ? undefined : versions.get(p.uri)?.get(p.version);
      if (doc) {
        try {
          assertRangesInside(
            doc,
            p.diagnostics.map((d: Diagnostic) => d.range),
            'diagnostic',
          );
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      seen.add(`${p.uri}@${p.version}`);
      for (const w of [...waiters]) {
        if (w.uri === p.uri && w.version === p.version) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  after(async () => {
    await client.stop();
  });

  const remember = (doc: TextDocument) => {
    let m = versions.get(doc.uri);
    if (!m) versions.set(doc.uri, (m = new Map()));
    m.set(doc.version, doc);
    return doc;
  };
  const published = (uri: string, version: number) =>
    new Promise<void>((resolve, reject) => {
      if (seen.has(`${uri}@${version}`)) return resolve();
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}; stderr: ${stderr}`)), 20_000);
      waiters.push({ uri, version, resolve: () => (clearTimeout(timer), resolve()) });
    });
  const open = (uri: string, languageId: string, text: string) => remember(client.open(uri, languageId, text));
  const edit = (doc: TextDocument, edits: { range: Range; newText: string }[]) => remember(client.edit(doc, edits));

  async function checkActions(doc: TextDocument, range: Range): Promise<void> {
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: doc.uri }, range, context: { diagnostics: [] } })) as CodeAction[];
    for (const a of actions) {
      for (const change of (a.edit?.documentChanges ?? []) as TextDocumentEdit[]) {
        if (change.textDocument?.uri !== doc.uri || change.textDocument.version !== doc.version) continue;
        assertRangesInside(
          doc,
          (change.edits as TextEdit[]).map((e) => e.range),
          `code action '${a.title}'`,
        );
        TextDocument.applyEdits(doc, change.edits as TextEdit[]);
      }
    }
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: doc.uri }, position: range.start });
  }

  /** Types `text` one character per version; every `every`-th version waits for its diagnostics (the server lints it). */
  async function typeOut(uri: string, languageId: string, text: string, every: number): Promise<void> {
    let doc = open(uri, languageId, '');
    for (const ch of text) {
      const end = doc.positionAt(doc.getText().length);
      doc = edit(doc, [{ range: { start: end, end }, newText: ch }]);
      if (doc.version % every === 0) await published(uri, doc.version);
    }
    await published(uri, doc.version);
    assert.equal(doc.getText(), text);
    await checkActions(doc, { start: { line: 0, character: 0 }, end: doc.positionAt(text.length) });
  }

  it('a Dockerfile typed character by character', async () => {
    await typeOut('file:///fuzz/typed/Dockerfile', 'dockerfile', TYPED_DOCKERFILE, 2);
    assert.deepEqual(problems, []);
  });

  it('a Compose file typed character by character', async () => {
    await typeOut('file:///fuzz/typed/compose.yaml', 'dockercompose', TYPED_COMPOSE, 4);
    assert.deepEqual(problems, []);
  });

  it('random incremental edits of corpus files, with hover and code actions anywhere', async () => {
    const seeds = corpus();
    const position = fc.record({ line: fc.integer({ min: -1, max: 60 }), character: fc.integer({ min: -1, max: 120 }) });
    const editArb = fc.record({
      start: position,
      end: position,
      newText: fc.oneof(
        fc.constantFrom('', '\n', '\r\n', '"', "'", '<<EOF\n', '\\\n', '  ', '\t', '- ', ': ', '&a ', '*a', '!reset ', 'RUN ', 'FROM ', '\0', '\uFFFD'),
        fc.string({ maxLength: 6 }),
      ),
    });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        position,
        async (i, batches, at) => {
          const seed = seeds[i];
          const uri = `file:///fuzz/edits/${n++}/${seed.language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml'}`;
          let doc = open(uri, seed.language === 'dockerfile' ? 'dockerfile' : 'dockercompose', seed.text);
          for (const batch of batches) {
            // Each edit of a batch applies to the text as it is (the test client sends them back to front).
            const clamp = (p: Position) => doc.positionAt(doc.offsetAt({ line: Math.max(0, p.line), character: Math.max(0, p.character) }));
            const edits = batch.map((e) => {
              const [a, b] = [clamp(e.start), clamp(e.end)].sort((x, y) => doc.offsetAt(x) - doc.offsetAt(y));
              return { range: { start: a, end: b }, newText: e.newText };
            });
            const sorted = edits.sort((x, y) => doc.offsetAt(x.range.start) - doc.offsetAt(y.range.start));
            // Strictly apart: two edits at one offset would be applied in different orders by the two sides.
            const disjoint: typeof sorted = [];
            for (const e of sorted) {
              const last = disjoint[disjoint.length - 1];
              if (!last || doc.offsetAt(e.range.start) > doc.offsetAt(last.range.end)) disjoint.push(e);
            }
            doc = edit(doc, disjoint);
          }
          await published(uri, doc.version);
          await checkActions(doc, { start: at, end: at });
          void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
          assert.deepEqual(problems, []);
        },
      ),
      { numRuns: 50, seed: FUZZ_SEED, endOnFailure: true },
    );
    assert.deepEqual(problems, []);
    assert.equal(client.process.exitCode, null);
    assert.doesNotMatch(stderr, /uncaught/i);
  });
});
