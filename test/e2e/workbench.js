'use strict';
/**
 * Driving the VS Code workbench in the E2E tests like a user would: keyboard shortcuts that are
 * retried (a key press during start-up, or right after focusing an editor, can be lost), Quick Open,
 * the command palette, the quick-fix menu, and the locators every test reads.
 */

/** The editor group whose active tab is `name`. */
const editorGroup = (page, name) => page.locator('.editor-group-container').filter({ has: page.locator('.tab.active', { hasText: name }) });

/** The Problems panel's filter box. */
const problemsFilter = (page) => page.locator('.markers-panel-container [placeholder^="Filter"], .panel [placeholder^="Filter (e.g."]').first();

/**
 * Presses `key` until `locator` shows (waiting 5 s each time), `attempts` times at most; with
 * `escape`, presses Escape between attempts (to close whatever a half-taken key press opened).
 */
async function pressUntilVisible(page, key, locator, { attempts = 3, escape = false, what = `${key} did not open ${locator}` } = {}) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    const shown = await locator.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (shown) return;
    if (attempt === attempts) throw new Error(what);
    if (escape) await page.keyboard.press('Escape');
  }
}

/** Opens the quick input with `key`, types `text`, waits for a row holding `rowText` and accepts it with `accept`. */
async function quickInput(page, key, text, rowText, accept, what) {
  const input = page.locator('.quick-input-widget input');
  await pressUntilVisible(page, key, input, { what });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first().waitFor();
  await page.keyboard.press(accept);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Ctrl+P `name`: opens the file (in a side group with `accept: 'Control+Enter'`). */
function quickOpen(page, name, { rowText = name, accept = 'Enter' } = {}) {
  return quickInput(page, 'Control+P', name, rowText, accept, 'Ctrl+P did not open Quick Open');
}

/** F1 `command`: runs a command from the palette. */
function runCommand(page, command) {
  return quickInput(page, 'F1', `>${command}`, command, 'Enter', 'F1 did not open the command palette');
}

/** Ctrl+. on `line` of `editor` until the quick-fix menu holding `title` opens, then picks it. */
async function quickFix(page, editor, line, title) {
  await line.click({ position: { x: 5, y: 8 } });
  await editor.locator('xpath=ancestor-or-self::*[contains(@class,"monaco-editor")]').first().waitFor();
  const menu = page.locator('.action-widget', { hasText: title });
  await pressUntilVisible(page, 'Control+.', menu, { attempts: 4, escape: true, what: `the quick-fix menu with "${title}" never appeared` });
  await menu.locator('.monaco-list-row', { hasText: title }).first().click();
}

/** Waits until `locator`'s attribute `name` matches `re`; returns its value. */
async function waitForAttribute(page, locator, name, re, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await locator.getAttribute(name).catch(() => null);
    if (value !== null && re.test(value)) return value;
    if (Date.now() > end) throw new Error(`${name} of ${locator} is ${JSON.stringify(value)}, expected ${re}`);
    await page.waitForTimeout(100);
  }
}

module.exports = { editorGroup, problemsFilter, pressUntilVisible, quickOpen, runCommand, quickFix, waitForAttribute };
