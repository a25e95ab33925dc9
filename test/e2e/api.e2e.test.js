'use strict';
/**
 * API-level E2E: runs test/e2e/api/suite.js inside the real VS Code extension host (code-server with
 * the smoke-test driver), with the extension loaded from the repo root through
 * extensionDevelopmentPath — like @vscode/test-electron's runTests(). Build first: it loads dist/.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, openEditor, withTimeout } = require('./lib');

const DOCKERFILE = 'FROM alpine:3.22\nRUN apk add --no-cache curl\nCMD ["/app/server"]\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
const FILES = {
  Dockerfile: DOCKERFILE,
  'ignore/Dockerfile': DOCKERFILE,
  'restart/Dockerfile': DOCKERFILE,
  'compose.yaml': COMPOSE,
  'as-yaml/compose.yaml': COMPOSE,
  '.vscode/settings.json': JSON.stringify({ 'files.associations': { '**/as-yaml/compose.yaml': 'yaml' } }),
};
const SUITE = process.env.E2E_API_SUITE || path.join(__dirname, 'api/suite.js');

test('API: the extension-host suite passes against the real VS Code API', { timeout: 120_000 }, async (t) => {
  for (const f of ['dist/client.js', 'dist/server.js']) {
    assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} missing — run \`npm run build\` first`);
  }
  const t0 = Date.now();
  const { cs, page, fail } = await openEditor(t, { files: FILES, vsix: false, smokeTestDriver: true });
  t.diagnostic(`${((Date.now() - t0) / 1000).toFixed(1)} s  code-server and chromium up`);
  const lines = [];
  let exit;
  const exited = new Promise((r) => {
    exit = r;
  });
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map(String).join(' ');
    lines.push(`[${type}] ${text}`);
    if (text.includes('[bosun-api]')) {
      for (const l of text.slice(text.indexOf('[bosun-api]')).split('\n').slice(0, 12)) t.diagnostic(l.replace(/\t/g, '  '));
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  const payload = [
    ['extensionDevelopmentPath', cs.remoteUri(ROOT)],
    ['extensionTestsPath', cs.remoteUri(SUITE)],
  ];
  let code;
  try {
    await page.goto(cs.url(`&payload=${encodeURIComponent(JSON.stringify(payload))}`));
    code = await withTimeout(
      Promise.race([exited, cs.exited.then((c) => `code-server exited (${c})`)]),
      90_000,
      'the extension-host suite to finish (is the smoke-test driver on?)',
    );
  } catch (e) {
    throw await fail(e, 'api');
  }
  t.diagnostic(`${((Date.now() - t0) / 1000).toFixed(1)} s  suite exited with ${code}`);
  if (code !== 0) {
    // The suite logs each step and, on failure, the step name and stack; the rest is workbench noise.
    const relevant = lines.filter((l) => l.includes('[bosun-api]') || l.includes(SUITE));
    assert.fail(`extension-host suite exit code ${code}\n${relevant.join('\n').slice(-6000) || lines.slice(-30).join('\n').slice(-6000)}`);
  }
});
