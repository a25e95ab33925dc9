/**
 * Privacy and trust. Statically: only server/src/registry talks to the network or runs a
 * program; nothing sends telemetry or evaluates code; the extension declares limited support for
 * untrusted workspaces and keeps credential settings out of workspace reach. Over a real LSP
 * connection: in an untrusted workspace every way to ask for "Pin to digest" (code action, forged
 * resolve, both commands) makes no connection and runs no credential helper, even with every
 * credential setting on; once the workspace is trusted the same request does both, which shows
 * the test would see them.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { type PinClient, startPinClient } from '../registry/lsp.js';
import { sourceFiles } from '../support/source-files.js';

const ROOT = join(__dirname, '..', '..');

describe('privacy: what the shipped code can do', () => {
  const files = ['server/src', 'rules', 'client/src'].flatMap((d) => sourceFiles(join(ROOT, d))).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));

  it('only server/src/registry opens network connections', () => {
    const network = /from ['"](?:node:)?(?:http|https|http2|net|tls|dgram|dns)['"]|\bfetch\(|XMLHttpRequest|WebSocket|\bundici\b/;
    const users = files.filter((f) => f.text.split('\n').some((line) => network.test(line) && !/import \{ isIP \} from 'node:net'/.test(line)));
    assert.deepEqual(
      users.map((f) => f.path).filter((p) => !p.startsWith('server/src/registry/')),
      [],
    );
  });

  it('only the credential-helper lookup runs a program, and nothing evaluates code', () => {
    const spawning = files.filter((f) => /from ['"](?:node:)?child_process['"]|\bexecSync\(|\bspawnSync\(/.test(f.text)).map((f) => f.path);
    assert.deepEqual(spawning, ['server/src/registry/helpers.ts']);
    const evaluating = files.filter((f) => /\beval\(|new Function\(|from ['"](?:node:)?vm['"]|\brequire\(\s*[^'"\s)]|\bimport\(\s*[^'"\s)]/.test(f.text)).map((f) => f.path);
    // The CLI launcher runs Bosun's own bundle (dist/cli-main.js and the chunks beside it) through a V8
    // code cache; the paths come from its own folder and fixed names, never from a workspace.
    // The server's idle compaction evaluates one fixed word, `gc`, to reach V8's collector.
    const ownCode = ['server/src/cli/launcher.ts', 'server/src/lsp/idle-compaction.ts'];
    assert.deepEqual(
      evaluating.filter((p) => !ownCode.includes(p)),
      [],
      'configuration and workspace files are data: nothing is evaluated or loaded by a computed path',
    );
    const launcher = files.find((f) => f.path === ownCode[0])!.text;
    assert.match(launcher, /load\(join\(bundleDir, MAIN_BUNDLE\)\)/, 'the launcher starts from the bundle next to it');
    const compaction = files.find((f) => f.path === ownCode[1])!.text;
    assert.deepEqual(compaction.match(/runInNewContext\([^)]*\)/g), ["runInNewContext('gc')"], 'idle compaction evaluates nothing but the word gc');
  });

  it('sends no telemetry', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const deps = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
    assert.deepEqual(
      deps.filter((d) => /telemetry|applicationinsights|sentry|analytics|segment|mixpanel|posthog/i.test(d)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => /createTelemetryLogger|telemetry/i.test(f.text)).map((f) => f.path),
      [],
    );
  });

  it('declares limited support for untrusted workspaces and keeps credential settings machine-scoped', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    for (const key of ['bosun.registry.enabled', 'bosun.registry.useDockerCredentials', 'bosun.registry.credentialHelpers', 'bosun.registry.insecureRegistries']) {
      assert.ok(untrusted.restrictedConfigurations.includes(key), key);
    }
    const props = pkg.contributes.configuration.properties;
    for (const key of ['bosun.registry.useDockerCredentials', 'bosun.registry.credentialHelpers', 'bosun.registry.insecureRegistries']) {
      assert.equal(props[key].scope, 'machine', `${key}: a workspace's settings must not turn it on`);
    }
  });
});

describe('privacy: an untrusted workspace makes no connection and reads no credentials', () => {
  let registry: Server;
  let port = 0;
  let connections = 0;
  let dir: string;
  let marker: string;
  const image = () => `127.0.0.1:${port}/demo/app:1.0`;

  before(async () => {
    // A "registry" that counts every TCP connection and asks for credentials.
    registry = createServer((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test"' });
      res.end();
    });
    registry.on('connection', () => connections++);
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    port = (registry.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'bosun-privacy-'));
    marker = join(dir, 'helper-ran');
    // A docker config naming a credential helper, and the helper: it leaves a mark when run.
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ credHelpers: { [`127.0.0.1:${port}`]: 'bosuntest' }, auths: { [`127.0.0.1:${port}`]: { auth: Buffer.from('u:p').toString('base64') } } }),
    );
    const helper = join(dir, 'docker-credential-bosuntest');
    writeFileSync(helper, `#!/bin/sh\necho ran >> "${marker}"\necho '{"Username":"u","Secret":"p"}'\n`);
    chmodSync(helper, 0o755);
  });
  after(async () => {
    registry.closeAllConnections(); // keep-alive connections would hold close() open
    await new Promise<void>((resolve) => registry.close(() => resolve()));
  });

  async function client(trusted: boolean, registrySettings: Record<string, unknown>): Promise<PinClient> {
    const c = await startPinClient({ env: { DOCKER_CONFIG: dir, PATH: `${dir}:${process.env.PATH ?? ''}` }, initializationOptions: { workspaceTrusted: trusted } });
    c.settings['bosun.registry'] = { timeoutMs: 3000, ...registrySettings };
    return c;
  }

  it('code action, forged resolve and both commands: no connection, no helper run, no credentials read', async () => {
    // Every credential setting on: only workspace trust stands between the file and the network.
    // (Credentials are read only after a registry answered 401, so no connection also means no read.)
    const c = await client(false, { useDockerCredentials: true, credentialHelpers: true });
    try {
      const uri = 'file:///ws/untrusted/Dockerfile';
      c.open(uri, 'dockerfile', `FROM ${image()}\nUSER app\n`);
      await c.diagnostics(uri, 1);
      const actions = (await c.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
        context: { diagnostics: [] },
      })) as CodeAction[];
      const pin = actions.find((a) => a.title.startsWith('Pin to '));
      assert.match(pin?.disabled?.reason ?? '', /untrusted workspace/);
      const data = { bosunPin: 1, uri, version: 1, items: [{ start: 5, end: 5 + image().length, written: image() }] };
      const forced = (await c.connection.sendRequest('codeAction/resolve', { title: 'Pin', data })) as CodeAction;
      assert.equal(forced.edit, undefined);
      await c.connection.sendRequest('workspace/executeCommand', { command: 'bosun.server.pinImage', arguments: [data] });
      await c.connection.sendRequest('workspace/executeCommand', { command: 'bosun.server.pinAllImages', arguments: [uri] });
      assert.equal(connections, 0, 'no connection to the registry');
      assert.equal(existsSync(marker), false, 'no credential helper was run');
      assert.match(c.messages.map((m) => m.message).join('\n'), /untrusted workspace/);
    } finally {
      await c.stop();
    }
  });

  it('the same request in a trusted workspace connects and asks the helper (the test can see both)', async () => {
    const c = await client(true, { credentialHelpers: true });
    try {
      const uri = 'file:///ws/trusted/Dockerfile';
      c.open(uri, 'dockerfile', `FROM ${image()}\nUSER app\n`);
      await c.diagnostics(uri, 1);
      await c.connection.sendRequest('workspace/executeCommand', { command: 'bosun.server.pinAllImages', arguments: [uri] });
      assert.ok(connections > 0, 'the registry was contacted');
      assert.equal(existsSync(marker), true, 'the credential helper was run');
      assert.match(c.messages.map((m) => m.message).join('\n'), /could not pin/);
    } finally {
      await c.stop();
    }
  });
});
