'use strict';
/**
 * The web extension in a real VS Code: dist/bosun-web.vsix is the package without its desktop entry
 * (`npm run package -- --web-only`), so the workbench can only run it in the browser's web worker
 * extension host — as on vscode.dev and github.dev — with the language server in a web worker that
 * reads the workspace through the editor. Shown in Chromium: the extension's own output says which
 * host it runs in; squiggles, the Problems panel and a quick fix in a Dockerfile and in a Compose
 * file; a cross-file rule (DF080 reads the folder and its .dockerignore through the client);
 * Dockerfile completion offering instructions. Also writes docs/screenshot-web.png for the README.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, openEditor } = require('./lib');
const { editorGroup, problemsFilter, quickFix, quickOpen, runCommand } = require('./workbench');

const WEB_VSIX = process.env.E2E_WEB_VSIX || path.join(ROOT, 'dist/bosun-web.vsix');
const SCREENSHOT = process.env.E2E_WEB_SCREENSHOT || path.join(ROOT, 'docs/screenshot-web.png');
const DOCKERFILE = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nCMD ["/app/server"]\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
const APP_DOCKERFILE = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n';
const FILES = {
  Dockerfile: DOCKERFILE,
  'compose.yaml': COMPOSE,
  // DF080 here: the build context holds an .env and no .dockerignore excludes it.
  'app/Dockerfile': APP_DOCKERFILE,
  'app/.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n',
  // The same, with a .dockerignore that excludes it: no DF080, if the server really read that file.
  'ignored/Dockerfile': APP_DOCKERFILE,
  'ignored/.env': 'DB_PASSWORD=s3cr3t-Passw0rd\n',
  'ignored/.dockerignore': '.env\n',
};

test('web: the web-only build runs in the web worker host: squiggles, Problems, quick fixes, cross-file rule, completion', { timeout: 180_000 }, async (t) => {
  assert.ok(fs.existsSync(WEB_VSIX), `${WEB_VSIX} missing — run \`node scripts/package.mjs --web-only\``);
  const t0 = Date.now();
  const mark = (what) => t.diagnostic(`${((Date.now() - t0) / 1000).toFixed(1)} s  ${what}`);
  const { cs, page, fail } = await openEditor(t, { files: FILES, vsix: WEB_VSIX });
  mark('code-server and chromium up, web-only vsix installed');
  page.setDefaultTimeout(30_000);
  const group = (name) => editorGroup(page, name);
  const problems = page.locator('.markers-panel');
  const filter = problemsFilter(page);

  try {
    await page.goto(cs.url());
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor({ timeout: 60_000 });
    mark('workbench loaded');

    // 1. The Dockerfile: a warning squiggle from the web worker server, and DF001 in the Problems panel.
    await quickOpen(page, 'Dockerfile');
    const dockerfile = group('Dockerfile').locator('.monaco-editor').first();
    await dockerfile.locator('.view-lines', { hasText: 'FROM alpine:3.22' }).waitFor();
    await dockerfile.locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
    mark('Dockerfile squiggle');
    await page.keyboard.press('Control+Shift+M');
    await filter.fill('DF001');
    await problems.locator('.monaco-list-row', { hasText: 'The final stage never sets USER' }).first().waitFor();
    await filter.fill('');
    mark('DF001 in the Problems panel');

    // 2. Which extension host: the extension's own output channel says so.
    await runCommand(page, 'Bosun: Show output');
    const outputFilter = page.locator('.panel input[placeholder^="Filter"]:visible').first();
    if ((await outputFilter.count()) && (await outputFilter.inputValue())) await outputFilter.fill('');
    const output = page.locator('.panel .monaco-editor .view-lines');
    // The editor shows only the lines in view: once the channel holds more than the panel's height
    // (a busy machine logs the workspace scan before the panel opens), its first lines are above it.
    await output.first().click();
    await page.keyboard.press('Control+Home');
    await output.filter({ hasText: 'extension host: web worker (DedicatedWorkerGlobalScope)' }).first().waitFor();
    // The panel wraps long lines into rows, and the editor keeps its row elements in any order (it
    // places each by its `top`): read them top to bottom.
    const rows = await output
      .first()
      .locator('.view-line')
      .evaluateAll((els) =>
        els
          .map((e) => [Number.parseFloat(e.style.top) || 0, e.textContent ?? ''])
          .sort((a, b) => a[0] - b[0])
          .map((r) => r[1])
          .join(''),
      );
    // Compared without white space: a wrap may fall on a space, and a row boundary is not one.
    const text = rows.replace(/\s+/g, '');
    assert.match(text, /languageserverinawebworker/);
    assert.match(text, /startedwith\d+rules\(webworker/, 'the server reports its own worker');
    mark('output channel: web worker extension host, server in a web worker');

    // 3. A cross-file rule: DF080 for app/ (its .env is copied), none for ignored/ (its .dockerignore excludes it).
    await page.keyboard.press('Control+Shift+M');
    await filter.fill('DF080');
    const df080 = problems.locator('.monaco-list-row', { hasText: '.env will be in the image' });
    await df080.first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1_000); // the workspace scan publishes ignored/ too: let it
    assert.equal(await df080.count(), 1, 'DF080 once: for app/, not for ignored/');
    const fileRows = await problems.locator('.monaco-list-row').allInnerTexts();
    assert.ok(
      fileRows.some((r) => /Dockerfile\s*app/.test(r.replace(/\n/g, ' '))),
      `DF080 is app/Dockerfile's: ${JSON.stringify(fileRows)}`,
    );
    assert.ok(!fileRows.some((r) => /ignored/.test(r)), `nothing for ignored/: ${JSON.stringify(fileRows)}`);
    mark('cross-file rule DF080: app/ flagged, ignored/ not');

    // 4. Quick fix in the Dockerfile: Add USER.
    await filter.fill('');
    await quickFix(page, dockerfile, dockerfile.locator('.view-line', { hasText: 'FROM alpine:3.22' }), 'Add USER app (created with addgroup/adduser)');
    await dockerfile.locator('.view-lines', { hasText: 'USER app' }).waitFor();
    await dockerfile
      .locator('.squiggly-warning')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await filter.fill('DF001');
    await problems.locator('.monaco-list-row', { hasText: 'The final stage never sets USER' }).first().waitFor({ state: 'detached' });
    mark('Dockerfile quick fix applied, DF001 gone');

    // 5. Dockerfile completion offers instructions (Bosun's server: no other Dockerfile server runs here).
    await filter.fill('');
    await dockerfile.locator('.view-line', { hasText: 'CMD' }).click();
    await group('Dockerfile').locator('.monaco-editor.focused').waitFor();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('HEALTH');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget .monaco-list-row', { hasText: 'HEALTHCHECK' });
    await suggest.first().waitFor();
    mark('completion offers HEALTHCHECK');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 'HEALTH'.length; i++) await page.keyboard.press('Backspace');

    // 6. Quick fix in the Compose file: DC001 privileged.
    await quickOpen(page, 'compose.yaml');
    const compose = group('compose.yaml').locator('.monaco-editor').first();
    await compose.locator('.view-lines', { hasText: 'privileged: true' }).waitFor();
    await compose.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await filter.fill('DC001');
    await problems.locator('.monaco-list-row', { hasText: 'DC001' }).first().waitFor();
    mark('compose.yaml: error squiggle, DC001 in the Problems panel');
    await page.mouse.move(5, 840);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    await quickFix(page, compose, compose.locator('.view-line', { hasText: 'privileged: true' }), 'Remove privileged: true');
    await compose.locator('.view-lines', { hasText: 'privileged' }).waitFor({ state: 'detached' });
    await problems.locator('.monaco-list-row', { hasText: 'DC001' }).first().waitFor({ state: 'detached' });
    mark('Compose quick fix applied, DC001 gone');

    // 7. Saved through the web extension host: the files on disk are the fixed ones.
    await runCommand(page, 'File: Save All');
    const deadline = Date.now() + 10_000;
    const read = (name) => fs.readFileSync(path.join(cs.ws, name), 'utf8');
    const saved = () => !/privileged/.test(read('compose.yaml')) && /^USER app$/m.test(read('Dockerfile'));
    while (!saved() && Date.now() < deadline) await page.waitForTimeout(100);
    assert.doesNotMatch(read('compose.yaml'), /privileged/);
    assert.match(read('Dockerfile'), /^USER app$/m);
    mark('both files saved fixed');
  } catch (e) {
    throw await fail(e, 'web');
  }
});
