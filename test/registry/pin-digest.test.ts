/**
 * "Pin to digest" end to end: the real language server over stdio, a real registry on loopback.
 * The quick fix is listed without network (no edit), resolved with codeAction/resolve when picked,
 * and the resolved edit applied; the digest is the one the registry reports. Also: Compose
 * `image:` in place with its quotes, --platform/AS kept, ARG references left alone with a reason,
 * unknown tags, untrusted workspaces, the "Pin all images" command, clients without resolve, the
 * off switch and offline mode. Latencies (cold and cached) are printed as test diagnostics.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type RegistryFixture, startRegistries } from './fixture.js';
import { type PinClient, startPinClient } from './lsp.js';

let seq = 0;
const uriFor = (name: string) => `file:///ws/pin${++seq}/${name}`;

async function actionsAt(c: PinClient, uri: string, line: number, only?: string[]): Promise<CodeAction[]> {
  return (await c.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 200 } },
    context: { diagnostics: [], only },
  })) as CodeAction[];
}

async function resolve(c: PinClient, action: CodeAction): Promise<{ action: CodeAction; ms: number }> {
  const t0 = performance.now();
  const resolved = (await c.connection.sendRequest('codeAction/resolve', action)) as CodeAction;
  return { action: resolved, ms: performance.now() - t0 };
}

function pinAction(actions: CodeAction[]): CodeAction {
  const a = actions.find((x) => x.title.startsWith('Pin to '));
  assert.ok(a, `no Pin action in ${JSON.stringify(actions.map((x) => x.title))}`);
  return a;
}

// One registry set for the whole file (started once, stopped at the end: no process outlives the run).
let fx: RegistryFixture;
before(async () => {
  fx = await startRegistries();
});
after(async () => {
  await fx?.stop();
});

describe('Pin to digest through the language server', () => {
  let c: PinClient;
  let storage: string;
  const latency: Record<string, number> = {};
  before(async () => {
    storage = mkdtempSync(join(tmpdir(), 'bosun-pin-storage-'));
    c = await startPinClient({ env: { DOCKER_CONFIG: fx.dockerConfigDir }, initializationOptions: { workspaceTrusted: true, globalStoragePath: storage } });
  });
  after(async () => {
    await c?.stop();
    rmSync(storage, { recursive: true, force: true });
    if (Object.keys(latency).length) console.log(`# pin latency (ms): ${JSON.stringify(latency)}`);
  });

  it('FROM …/demo/app:latest → …/demo/app:latest@<digest the registry reports>, with one quick fix', async (t) => {
    const uri = uriFor('Dockerfile');
    const text = `FROM ${fx.anonymous}/demo/app:latest\nUSER app\n`;
    c.open(uri, 'dockerfile', text);
    const { diagnostics } = await c.diagnostics(uri, 1);
    const ours = diagnostics.filter((d: Diagnostic) => ['DF003', 'DF070'].includes(String(d.code)));
    assert.deepEqual(ours.map((d) => [d.code, d.severity]).sort(), [
      ['DF003', 3],
      ['DF070', 4],
    ]);
    const actions = await actionsAt(c, uri, 0, ['quickfix']);
    const pin = pinAction(actions);
    assert.equal(pin.title, `Pin to latest@sha256:… (resolves the tag latest now in ${fx.anonymous})`);
    assert.equal(pin.edit, undefined, 'listed without an edit: the network is used only when picked');
    assert.equal(actions.filter((a) => a.title.startsWith('Pin to ')).length, 1, 'one Pin action for DF003 + DF070 on the same FROM');
    const { action, ms } = await resolve(c, pin);
    latency.coldResolve = Math.round(ms);
    const doc = c.apply(action.edit!);
    assert.equal(doc.getText(), `FROM ${fx.anonymous}/demo/app:latest@${fx.pushed.index}\nUSER app\n`);
    const after = await c.diagnostics(uri, 2);
    assert.deepEqual(
      after.diagnostics.filter((d) => ['DF003', 'DF070'].includes(String(d.code))),
      [],
    );
    assert.ok(
      c.messages.some((m) => m.type === 3 && m.message.includes('resolved the tag latest')),
      JSON.stringify(c.messages),
    );
    t.diagnostic(`cold resolve ${ms.toFixed(1)} ms`);
  });

  it('a second lookup of the same tag comes from the cache', async (t) => {
    const uri = uriFor('Dockerfile');
    c.open(uri, 'dockerfile', `FROM ${fx.anonymous}/demo/app:latest\n`);
    await c.diagnostics(uri, 1);
    const { action, ms } = await resolve(c, pinAction(await actionsAt(c, uri, 0)));
    latency.cachedResolve = Math.round(ms);
    assert.equal(c.apply(action.edit!).getText(), `FROM ${fx.anonymous}/demo/app:latest@${fx.pushed.index}\n`);
    t.diagnostic(`cached resolve ${ms.toFixed(1)} ms`);
  });

  it('no tag: "Pin to latest@…" says docker uses latest; --platform and AS name are kept', async () => {
    const uri = uriFor('Dockerfile');
    c.open(uri, 'dockerfile', `FROM --platform=linux/amd64 ${fx.anonymous}/demo/app AS base\nRUN true\n`);
    await c.diagnostics(uri, 1);
    const pin = pinAction(await actionsAt(c, uri, 0));
    assert.match(pin.title, /^Pin to latest@sha256:… \(no tag written, so docker uses latest; resolves it now in /);
    const { action } = await resolve(c, pin);
    assert.equal(c.apply(action.edit!).getText(), `FROM --platform=linux/amd64 ${fx.anonymous}/demo/app:latest@${fx.pushed.index} AS base\nRUN true\n`);
  });

  it('a version tag pins the single manifest; builder stages too', async () => {
    const uri = uriFor('Dockerfile');
    c.open(uri, 'dockerfile', `FROM ${fx.anonymous}/demo/app:1.0 AS build\nFROM ${fx.anonymous}/demo/docker:2\n`);
    await c.diagnostics(uri, 1);
    const pin = pinAction(await actionsAt(c, uri, 0));
    assert.equal(pin.title, `Pin to 1.0@sha256:… (digest from ${fx.anonymous})`);
    const { action } = await resolve(c, pin);
    assert.equal(c.apply(action.edit!).getText(), `FROM ${fx.anonymous}/demo/app:1.0@${fx.pushed.manifest} AS build\nFROM ${fx.anonymous}/demo/docker:2\n`);
  });

  it('Compose image: edited in place, quotes and comment kept', async () => {
    const uri = uriFor('compose.yaml');
    const text = `services:\n  web:\n    image: "${fx.anonymous}/demo/app:latest" # the app\n  db:\n    image: ${fx.anonymous}/demo/app:1.0\n`;
    c.open(uri, 'yaml', text);
    const { diagnostics } = await c.diagnostics(uri, 1);
    assert.ok(
      diagnostics.some((d) => d.code === 'DC070' && d.range.start.line === 2),
      JSON.stringify(diagnostics),
    );
    const actions = await actionsAt(c, uri, 2, ['quickfix']);
    const pin = pinAction(actions);
    assert.equal(pin.title, `Pin to latest@sha256:… (resolves the tag latest now in ${fx.anonymous})`);
    assert.ok(actions.some((a) => a.title === 'Pin all 2 images in this file to digests'));
    const { action } = await resolve(c, pin);
    const doc = c.apply(action.edit!);
    assert.equal(doc.getText(), text.replace(`/demo/app:latest"`, `/demo/app:latest@${fx.pushed.index}"`));
    const after = await c.diagnostics(uri, 2);
    assert.deepEqual(
      after.diagnostics.filter((d) => d.code === 'DC070').map((d) => d.range.start.line),
      [4],
    );
  });

  it('ARG references are left alone, with the reason on a disabled action', async () => {
    const uri = uriFor('Dockerfile');
    c.open(uri, 'dockerfile', `ARG TAG=1.0\nFROM ${fx.anonymous}/demo/app:\${TAG}\n`);
    await c.diagnostics(uri, 1);
    const pin = (await actionsAt(c, uri, 1)).find((a) => a.title === 'Pin to digest');
    assert.ok(pin?.disabled, 'a disabled action explains why');
    assert.match(pin.disabled.reason, /uses ARG TAG; Bosun leaves ARG references alone\. Pin the ARG's default value/);
    assert.equal(pin.data, undefined);
  });

  it('an unknown tag: no edit, and a clear message', async () => {
    const uri = uriFor('Dockerfile');
    c.open(uri, 'dockerfile', `FROM ${fx.anonymous}/demo/app:nope\n`);
    await c.diagnostics(uri, 1);
    const before = c.messages.length;
    const { action } = await resolve(c, pinAction(await actionsAt(c, uri, 0)));
    assert.equal(action.edit, undefined);
    const msg = c.messages.slice(before).find((m) => m.type === 1);
    assert.match(msg?.message ?? '', /could not pin .*demo\/app:nope: .*not found: .* has no tag "nope" in demo\/app \(HTTP 404\)/);
  });

  it('registry down: a timeout message after bosun.registry.timeoutMs; listing actions never waits for it', async () => {
    c.settings['bosun.registry'] = { timeoutMs: 3000 };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    try {
      const uri = uriFor('Dockerfile');
      c.open(uri, 'dockerfile', `FROM ${fx.hanging}/demo/app:1.0\n`);
      await c.diagnostics(uri, 1);
      const pin = pinAction(await actionsAt(c, uri, 0));
      const before = c.messages.length;
      // While the lookup waits on the registry that never answers, listing is answered first.
      let resolved = false;
      const lookup = resolve(c, pin).finally(() => (resolved = true));
      assert.ok(pinAction(await actionsAt(c, uri, 0)));
      assert.equal(resolved, false, 'listing the actions waited for the lookup');
      const { action, ms } = await lookup;
      assert.equal(action.edit, undefined);
      assert.ok(ms >= 2900, `gave up after ${ms} ms, before its timeout`);
      assert.match(
        c.messages
          .slice(before)
          .map((m) => m.message)
          .join('\n'),
        /did not answer within 3000 ms/,
      );
    } finally {
      c.settings['bosun.registry'] = {};
      await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }
  });

  it('token auth with credentials from docker config.json, only when allowed', async () => {
    const uri = uriFor('Dockerfile');
    c.open(uri, 'dockerfile', `FROM ${fx.token}/private/app:1.0\n`);
    await c.diagnostics(uri, 1);
    let before = c.messages.length;
    let { action } = await resolve(c, pinAction(await actionsAt(c, uri, 0)));
    assert.equal(action.edit, undefined);
    assert.match(
      c.messages
        .slice(before)
        .map((m) => m.message)
        .join('\n'),
      /needs credentials .*bosun\.registry\.useDockerCredentials/,
    );
    c.settings['bosun.registry'] = { useDockerCredentials: true };
    before = c.messages.length;
    ({ action } = await resolve(c, pinAction(await actionsAt(c, uri, 0))));
    c.settings['bosun.registry'] = {};
    assert.equal(c.apply(action.edit!).getText(), `FROM ${fx.token}/private/app:1.0@${fx.pushed.manifest}\n`);
  });

  it('"Pin all images in this file": server command → workspace/applyEdit', async (t) => {
    const uri = uriFor('Dockerfile');
    const text = `FROM ${fx.anonymous}/demo/app:1.0 AS a\nFROM ${fx.basic}/demo/app:latest AS b\nFROM a\nFROM ${fx.anonymous}/library/tiny\n`;
    c.open(uri, 'dockerfile', text);
    await c.diagnostics(uri, 1);
    const source = await actionsAt(c, uri, 0, ['source']);
    assert.deepEqual(
      source.map((a) => [a.title, a.kind]),
      [['Pin all images in this file to digests (3)', 'source.bosun.pinDigests']],
    );
    c.settings['bosun.registry'] = { useDockerCredentials: true };
    const t0 = performance.now();
    const result = (await c.connection.sendRequest('workspace/executeCommand', { command: 'bosun.server.pinAllImages', arguments: [uri] })) as {
      pinned: { reference: string }[];
      failed: unknown[];
    };
    latency.pinAll3 = Math.round(performance.now() - t0);
    c.settings['bosun.registry'] = {};
    assert.deepEqual(result.failed, []);
    assert.equal(result.pinned.length, 3);
    assert.equal(
      c.docs.get(uri)!.getText(),
      `FROM ${fx.anonymous}/demo/app:1.0@${fx.pushed.manifest} AS a\nFROM ${fx.basic}/demo/app:latest@${fx.pushed.index} AS b\nFROM a\nFROM ${fx.anonymous}/library/tiny:latest@${fx.pushed.index}\n`,
    );
    assert.equal(c.applied.at(-1)?.label, 'Pin all images to digests');
    t.diagnostic(`pin all (3 images) ${latency.pinAll3} ms`);
  });

  it('the source action resolves lazily too', async () => {
    const uri = uriFor('compose.yaml');
    c.open(uri, 'yaml', `services:\n  a:\n    image: ${fx.anonymous}/demo/app:1.0\n  b:\n    image: '${fx.anonymous}/demo/docker:2'\n`);
    await c.diagnostics(uri, 1);
    const [source] = await actionsAt(c, uri, 0, ['source.bosun']);
    assert.equal(source.edit, undefined);
    const { action } = await resolve(c, source);
    assert.equal(
      c.apply(action.edit!).getText(),
      `services:\n  a:\n    image: ${fx.anonymous}/demo/app:1.0@${fx.pushed.manifest}\n  b:\n    image: '${fx.anonymous}/demo/docker:2@${fx.pushed.dockerV2}'\n`,
    );
  });

  it('bosun.registry.enabled: false removes the actions; offline mode uses only the cache', async () => {
    const uri = uriFor('Dockerfile');
    c.open(uri, 'dockerfile', `FROM ${fx.anonymous}/demo/app:latest\nFROM ${fx.anonymous}/demo/app:never-looked-up\n`);
    await c.diagnostics(uri, 1);
    c.settings['bosun.registry'] = { enabled: false };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(
      (await actionsAt(c, uri, 0)).filter((a) => a.title.startsWith('Pin')),
      [],
    );
    c.settings['bosun.registry'] = { offline: true };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const cached = await resolve(c, pinAction(await actionsAt(c, uri, 0)));
    assert.ok(cached.action.edit, 'cached digest used offline');
    const before = c.messages.length;
    const missing = await resolve(c, pinAction(await actionsAt(c, uri, 1)));
    assert.equal(missing.action.edit, undefined);
    assert.match(
      c.messages
        .slice(before)
        .map((m) => m.message)
        .join('\n'),
      /offline mode \(bosun\.registry\.offline\) and no cached digest/,
    );
    c.settings['bosun.registry'] = {};
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });
});

/**
 * A loopback proxy in front of the registry that holds every manifest request until released, so a
 * test can type while a resolve is in flight.
 */
async function gatedRegistry(upstream: string) {
  let release!: () => void;
  let arrived!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const reached = new Promise<void>((r) => (arrived = r));
  const server = http.createServer(async (req, res) => {
    if (req.url?.includes('/manifests/')) {
      arrived();
      await released;
    }
    const [host, port] = upstream.split(':');
    const up = http.request({ host, port: Number(port), path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    reached,
    release,
    close: () => (server.closeAllConnections(), new Promise((r) => server.close(r))),
  };
}

describe('Pin to digest while typing', () => {
  let c: PinClient;
  before(async () => {
    c = await startPinClient({ initializationOptions: { workspaceTrusted: true } });
  });
  after(async () => {
    await c?.stop();
  });

  /** Types `change` (an LSP content change) into the client's copy and the server's. */
  function type(uri: string, change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }) {
    const doc = c.docs.get(uri)!;
    const next = TextDocument.create(uri, doc.languageId, doc.version + 1, TextDocument.applyEdits(doc, [{ range: change.range, newText: change.text }]));
    c.docs.set(uri, next);
    void c.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [change] });
    return next;
  }
  const at = (line: number, character: number) => ({ line, character });

  /** Opens `text`, picks the Pin action on `line`, and types `change` while the registry is held. */
  async function pinWhileTyping(text: string, line: number, change: Parameters<typeof type>[1], gateFor?: (host: string) => string) {
    const gate = await gatedRegistry(fx.anonymous);
    try {
      const uri = uriFor('Dockerfile');
      c.open(uri, 'dockerfile', gateFor ? gateFor(gate.host) : text.replaceAll('REG', gate.host));
      await c.diagnostics(uri, 1);
      const pending = resolve(c, pinAction(await actionsAt(c, uri, line)));
      await gate.reached;
      type(uri, change);
      await c.diagnostics(uri, 2); // the server has the new text before the registry answers
      gate.release();
      const { action } = await pending;
      return { uri, action, host: gate.host };
    } finally {
      await gate.close();
    }
  }

  it('a line inserted above while the digest is looked up: the edit is made for the new text', async () => {
    const { uri, action, host } = await pinWhileTyping('FROM REG/demo/app:1.0\nUSER app\n', 0, { range: { start: at(0, 0), end: at(0, 0) }, text: '# base image\n' });
    assert.ok(action.edit, 'an edit');
    const doc = c.apply(action.edit); // refuses an edit stamped with another version than the client's
    assert.equal(doc.getText(), `# base image\nFROM ${host}/demo/app:1.0@${fx.pushed.manifest}\nUSER app\n`);
    assert.equal(doc.uri, uri);
  });

  it('text typed at the end of the reference itself: no edit (the reference is not the one resolved)', async () => {
    const before = c.messages.length;
    const { action } = await pinWhileTyping(
      'FROM REG/demo/app:1.0\nUSER app\n',
      0,
      { range: { start: at(0, 999), end: at(0, 999) }, text: '.1' },
      (h) => `FROM ${h}/demo/app:1.0\nUSER app\n`,
    );
    assert.equal(action.edit, undefined);
    assert.match(
      c.messages
        .slice(before)
        .map((m) => m.message)
        .join('\n'),
      /the text changed; ask for the fix again/,
    );
  });

  it('an edit after the reference, on another line, leaves the pin as computed (looks risky, is fine)', async () => {
    const { action, host } = await pinWhileTyping('FROM REG/demo/app:1.0\nUSER app\n', 0, { range: { start: at(1, 8), end: at(1, 8) }, text: 'user' });
    assert.equal(c.apply(action.edit!).getText(), `FROM ${host}/demo/app:1.0@${fx.pushed.manifest}\nUSER appuser\n`);
  });
});

describe('Pin to digest: workspace trust and clients without resolve', () => {
  it('untrusted workspace: the action is disabled and nothing is contacted until trust is granted', async () => {
    const c = await startPinClient({ initializationOptions: { workspaceTrusted: false } });
    try {
      const uri = uriFor('Dockerfile');
      c.open(uri, 'dockerfile', `FROM ${fx.anonymous}/demo/app:1.0\n`);
      await c.diagnostics(uri, 1);
      const pin = (await actionsAt(c, uri, 0)).find((a) => a.title.startsWith('Pin to '));
      assert.match(pin?.disabled?.reason ?? '', /untrusted workspace/);
      // A resolve request sent anyway is refused without network.
      const forced = (await c.connection.sendRequest('codeAction/resolve', {
        ...pin,
        disabled: undefined,
        data: { bosunPin: 1, uri, version: 1, items: [{ start: 5, end: 5 + `${fx.anonymous}/demo/app:1.0`.length, written: `${fx.anonymous}/demo/app:1.0` }] },
      })) as CodeAction;
      assert.equal(forced.edit, undefined);
      await c.connection.sendNotification('bosun/workspaceTrust', { trusted: true });
      const { action } = await resolve(c, pinAction(await actionsAt(c, uri, 0)));
      assert.equal(c.apply(action.edit!).getText(), `FROM ${fx.anonymous}/demo/app:1.0@${fx.pushed.manifest}\n`);
    } finally {
      await c.stop();
    }
  });

  it('a credential helper committed to the workspace is not run, even with the workspace on PATH', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'bosun-pin-ws-'));
    const bin = join(ws, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'docker-credential-planted'), `#!/bin/sh\ntouch '${join(ws, 'ran')}'\necho '{"Username":"tester","Secret":"s3cret"}'\n`, { mode: 0o755 });
    const docker = join(ws, 'docker-config');
    mkdirSync(docker);
    writeFileSync(join(docker, 'config.json'), JSON.stringify({ credsStore: 'planted' }));
    const c = await startPinClient({
      rootUri: pathToFileURL(ws).href,
      env: { PATH: `${bin}:${process.env.PATH}`, DOCKER_CONFIG: docker },
      initializationOptions: { workspaceTrusted: true },
    });
    try {
      c.settings['bosun.registry'] = { useDockerCredentials: true, credentialHelpers: true };
      const uri = pathToFileURL(join(ws, 'Dockerfile')).href;
      c.open(uri, 'dockerfile', `FROM ${fx.basic}/demo/app:1.0\n`);
      await c.diagnostics(uri, 1);
      const { action } = await resolve(c, pinAction(await actionsAt(c, uri, 0)));
      assert.equal(action.edit, undefined);
      assert.equal(existsSync(join(ws, 'ran')), false, 'the planted helper ran');
      assert.match(c.messages.map((m) => m.message).join('\n'), /refused to run .*docker-credential-planted: it is inside the workspace/);
    } finally {
      await c.stop();
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('a client without codeAction/resolve gets a command that applies the edit', async () => {
    const c = await startPinClient({ noResolve: true });
    try {
      const uri = uriFor('compose.yaml');
      c.open(uri, 'dockercompose', `services:\n  app:\n    image: ${fx.anonymous}/demo/app\n`);
      await c.diagnostics(uri, 1);
      const pin = pinAction(await actionsAt(c, uri, 2));
      assert.equal(pin.command?.command, 'bosun.server.pinImage');
      await c.connection.sendRequest('workspace/executeCommand', pin.command);
      assert.equal(c.docs.get(uri)!.getText(), `services:\n  app:\n    image: ${fx.anonymous}/demo/app:latest@${fx.pushed.index}\n`);
    } finally {
      await c.stop();
    }
  });
});
