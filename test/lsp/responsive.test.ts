/**
 * Typing in an open file never waits behind the background lint of another file: with
 * big Compose files in the workspace (thousands of services, seconds of lint each), the diagnostics
 * of each edit of a small open Compose file come about as fast as in a workspace without them. Over
 * a real LSP connection; the latency with the big files is compared with the latency without them,
 * measured the same way on the same machine (a ratio, not a budget): before the scan lint was cut
 * into steps, an edit waited for the rest of a whole big file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { lintText } from '../../rules/api.js';
import { HANG_CEILING_MS } from '../support/scaling.js';
import { type TestClient, startServer } from './lsp-client.js';

const BIG_FILES = 3;
const SERVICES = 2000;
/** Edits measured while the big files are being linted. */
const EDITS = 6;
/** Waiting behind a big file's lint made edits hundreds of times slower (×2,000 measured); without it they are about as fast (×1–3 on a busy machine). */
const MAX_RATIO = 10;

const bigCompose = (tag: number) => {
  let text = 'services:\n';
  for (let i = 0; i < SERVICES; i++) text += `  s${tag}x${i}:\n    image: nginx:1.27\n    ports:\n      - "${10000 + i}:80"\n`;
  return text;
};
const SMALL = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

function workspace(withBigFiles: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-responsive-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'compose.yaml'), SMALL);
  for (let b = 0; withBigFiles && b < BIG_FILES; b++) {
    mkdirSync(join(dir, `big${b}`));
    writeFileSync(join(dir, `big${b}`, 'compose.yaml'), bigCompose(b));
  }
  return dir;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Opens app/compose.yaml and times edit → diagnostics of that version, EDITS times. `scanning()`
 * says whether the big files are still being linted; only edits answered while it holds count.
 */
async function editLatencies(client: TestClient, dir: string, scanning: () => boolean): Promise<number[]> {
  const uri = pathToFileURL(join(dir, 'app', 'compose.yaml')).href;
  let doc = client.open(uri, 'dockercompose', SMALL);
  await client.diagnostics(uri, 1);
  const times: number[] = [];
  for (let i = 0; times.length < EDITS && i < 4 * EDITS; i++) {
    const t0 = performance.now();
    doc = client.edit(doc, [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } }, newText: i % 2 ? '' : ' ' }]);
    await client.diagnostics(uri, doc.version);
    const ms = performance.now() - t0;
    if (scanning()) times.push(ms);
  }
  return times;
}

describe('an open file while big workspace files are linted in the background', () => {
  const dirs: string[] = [];
  const clients: TestClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it(`gets the diagnostics of each edit about as fast as without them (${BIG_FILES} files of ${SERVICES} services)`, { timeout: 3 * HANG_CEILING_MS }, async (t) => {
    // Without the big files: the latency of an edit on this machine, now.
    const quiet = workspace(false);
    dirs.push(quiet);
    const alone = await startServer({ workspaceFolders: [pathToFileURL(quiet).href] });
    clients.push(alone);
    const baseline = await editLatencies(alone, quiet, () => true);

    const busy = workspace(true);
    dirs.push(busy);
    const client = await startServer({ workspaceFolders: [pathToFileURL(busy).href] });
    clients.push(client);
    const bigUris = Array.from({ length: BIG_FILES }, (_, b) => pathToFileURL(join(busy, `big${b}`, 'compose.yaml')).href);
    const scanning = () => bigUris.some((u) => !client.published.some((p) => p.uri === u));
    const during = await editLatencies(client, busy, scanning);
    const ratio = median(during) / median(baseline);
    const message = `edit → diagnostics: median ${median(baseline).toFixed(0)} ms alone, ${median(during).toFixed(0)} ms while ${BIG_FILES} big files were linted (×${ratio.toFixed(1)}; ${during.length} edits during the scan)`;
    t.diagnostic(message);
    assert.ok(during.length >= 3, `only ${during.length} edits were answered while the big files were linted: ${message}`);
    assert.ok(ratio <= MAX_RATIO, message);
    // The big files are reported in full, as a lint of the same text here finds them.
    const expected = lintText(join(busy, 'big0', 'compose.yaml'), bigCompose(0), 'compose').findings.map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`);
    for (const uri of bigUris) {
      const p = await client.next(uri, () => true);
      assert.equal(p.diagnostics.length, expected.length, `${uri}: ${p.diagnostics.length} diagnostics`);
    }
    const big0 = (await client.next(bigUris[0], () => true)).diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
    assert.deepEqual(big0.sort(), expected.sort());
  });
});
