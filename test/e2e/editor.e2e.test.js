'use strict';
/**
 * UI-level E2E: the packaged extension (dist/bosun.vsix) in a real VS Code workbench (code-server),
 * driven through headless chromium like a user would: squiggles, status bar, Problems panel, hover,
 * Ctrl+. quick fix, save. Also writes docs/screenshot.png for the README.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, openEditor } = require('./lib');
const { editorGroup, pressUntilVisible, quickOpen, waitForAttribute } = require('./workbench');

const DOCKERFILE = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nCMD ["/app/server"]\n';
const FIXED = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nCMD ["/app/server"]\n';
const COMPOSE = ['services:', '  web:', '    image: nginx:1.27', '    privileged: true', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock', ''].join('\n');
const SCREENSHOT = process.env.E2E_SCREENSHOT || path.join(ROOT, 'docs/screenshot.png');

test('UI: squiggles, Problems panel, hover and the Add USER quick fix in a real VS Code', { timeout: 120_000 }, async (t) => {
  const t0 = Date.now();
  const mark = (what) => t.diagnostic(`${((Date.now() - t0) / 1000).toFixed(1)} s  ${what}`);
  const { cs, page, fail } = await openEditor(t, { files: { Dockerfile: DOCKERFILE, 'compose.yaml': COMPOSE } });
  mark('code-server and chromium up, vsix installed');
  page.setDefaultTimeout(20_000);

  const group = (name) => editorGroup(page, name);
  const problems = page.locator('.markers-panel');
  const statusProblems = page.locator('[id="status.problems"]');

  try {
    await page.goto(cs.url());
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Dockerfile' }).waitFor({ timeout: 60_000 });
    mark('workbench loaded');

    // 1. Dockerfile: warning squiggle, status bar count, Problems panel entry.
    await quickOpen(page, 'Dockerfile');
    const dockerfile = group('Dockerfile').locator('.monaco-editor').first();
    await dockerfile.locator('.view-lines', { hasText: 'FROM alpine:3.22' }).waitFor();
    await dockerfile.locator('.squiggly-warning').first().waitFor({ timeout: 30_000 });
    mark('Dockerfile open, warning squiggle shown');
    // The workspace scan reports the compose file too, before it is ever opened: its error (DC001) counts.
    await waitForAttribute(page, statusProblems, 'aria-label', /^Errors: 1, Warnings: [2-9](, Infos: \d+)?$/);
    await page.keyboard.press('Control+Shift+M');
    const df001 = problems.locator('.monaco-list-row', { hasText: 'The final stage never sets USER, so the container runs as root.' });
    await df001.filter({ hasText: 'DF001' }).waitFor();
    await problems.locator('.monaco-list-row', { hasText: 'DC001' }).first().waitFor();
    mark('Problems panel shows DF001, and DC001 from the unopened compose.yaml');

    // 2. compose.yaml beside it: error squiggles, its findings join the Problems panel.
    await quickOpen(page, 'compose.yaml', { accept: 'Control+Enter' });
    const compose = group('compose.yaml').locator('.monaco-editor').first();
    await compose.locator('.view-lines', { hasText: 'privileged: true' }).waitFor();
    await compose.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
    // DC003 is a hint: the editor shows it, the Problems panel does not list hints.
    for (const code of ['DC001', 'DC002']) {
      await problems.locator('.monaco-list-row', { hasText: code }).first().waitFor();
    }
    await problems.locator('.monaco-list-row', { hasText: 'DF001' }).first().waitFor();
    const label = await waitForAttribute(page, statusProblems, 'aria-label', /^Errors: 1, Warnings: [2-9](, Infos: \d+)?$/);
    mark(`compose.yaml findings shown (${label})`);
    // Both files' squiggles and the Problems panel, for the README.
    await page.mouse.move(5, 840);
    await page.waitForTimeout(300); // let the panel finish rendering its rows
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    mark(`screenshot saved to ${path.relative(ROOT, SCREENSHOT)}`);

    // 3. Back to the Dockerfile: the hover names the rule.
    const line1 = dockerfile.locator('.view-line', { hasText: 'FROM alpine:3.22' });
    await line1.hover({ position: { x: 40, y: 8 } });
    const hover = page.locator('.monaco-hover', { hasText: 'Final stage runs as root' });
    try {
      await hover.first().waitFor({ timeout: 5_000 });
    } catch {
      // the first mouse move over an unfocused editor is sometimes ignored
      await line1.hover({ position: { x: 60, y: 9 } });
      await hover.first().waitFor({ timeout: 10_000 });
    }
    assert.match(await hover.first().innerText(), /DF001/);
    mark('hover shows the rule title');

    // 4. Ctrl+. → "Add USER app" → Enter.
    await page.keyboard.press('Escape');
    await line1.click({ position: { x: 5, y: 8 } });
    await group('Dockerfile').locator('.monaco-editor.focused').waitFor();
    await page.keyboard.press('Control+Home');
    const menu = page.locator('.action-widget', { hasText: 'Add USER app (created with addgroup/adduser)' });
    // Ctrl+. right after focusing the editor can be swallowed
    await pressUntilVisible(page, 'Control+.', menu, { escape: true, what: 'the quick-fix menu never appeared after Ctrl+.' });
    const menuText = await menu.innerText();
    for (const title of ['Ignore DF001 for this line', 'Show documentation for DF001 (no-root-user)']) {
      assert.ok(menuText.includes(title), `quick-fix menu lacks "${title}":\n${menuText}`);
    }
    await assert.doesNotReject(() => menu.locator('.monaco-list-row.focused', { hasText: 'Add USER app' }).waitFor({ timeout: 5_000 }), 'the Add USER fix is the selected entry');
    mark('quick-fix menu open');
    await page.keyboard.press('Enter');
    await dockerfile.locator('.view-lines', { hasText: 'USER app' }).waitFor();
    await dockerfile.locator('.squiggly-warning').first().waitFor({ state: 'detached' });
    await problems.locator('.monaco-list-row', { hasText: 'DF001' }).first().waitFor({ state: 'detached' });
    mark('fix applied: squiggle and DF001 gone');

    // 5. Save: the file on disk is exactly the fixed text.
    await page.keyboard.press('Control+S');
    const file = path.join(cs.ws, 'Dockerfile');
    const deadline = Date.now() + 10_000;
    // Until the file holds the fixed text: the save truncates the file before it writes it, and a
    // read in between saw an empty file once in a soak.
    while (fs.readFileSync(file, 'utf8') !== FIXED && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
    mark('saved file on disk is the fixed Dockerfile');
  } catch (e) {
    throw await fail(e, 'editor');
  }
});
