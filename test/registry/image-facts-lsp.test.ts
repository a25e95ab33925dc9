/**
 * Image facts in the language server, against a real registry: fetched in the background after a
 * document is opened (never while a lint waits), the document linted again when they arrive, shown
 * on hover with their digest; nothing is requested in an untrusted workspace or offline (asserted on
 * the registry's own access log); 200 images in one Compose file are fetched at most four at a time.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { type RegistryFixture, type RegistryProcess, startRegistries, startRegistryProcess } from './fixture.js';
import { type PushedImage, pushConfigImage, retag } from './images.js';
import { type PinClient, startPinClient } from './lsp.js';

let seq = 0;
const uriFor = (name: string) => `file:///ws/facts${++seq}/${name}`;
const codes = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.map((d) => String(d.code));

async function hoverText(c: PinClient, uri: string, line: number, character: number): Promise<string> {
  const h = (await c.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null;
  const contents = h?.contents as { value?: string } | undefined;
  return contents?.value ?? '';
}

/** A loopback proxy in front of the registry: counts requests in flight, and can hold them all. */
async function countingProxy(upstream: string, opts: { delayMs?: number; held?: boolean } = {}) {
  let inFlight = 0;
  let release!: () => void;
  const open = opts.held ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  const stats = { peak: 0, requests: 0, configs: 0, reached: false };
  const [host, port] = upstream.split(':');
  const server = http.createServer(async (req, res) => {
    inFlight++;
    stats.requests++;
    stats.reached = true;
    stats.peak = Math.max(stats.peak, inFlight);
    res.on('close', () => inFlight--);
    await open;
    await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
    if (req.url?.includes('/blobs/')) stats.configs++;
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
    stats,
    release: () => release?.(),
    close: () => (server.closeAllConnections(), new Promise((r) => server.close(r))),
  };
}

describe('image facts in the language server', () => {
  let fx: RegistryFixture;
  let nonroot: PushedImage;
  before(async () => {
    fx = await startRegistries();
    nonroot = await pushConfigImage(fx.anonymous, 'facts/nonroot', '1', 'oci', [
      { platform: 'linux/amd64', config: { User: '65532', ExposedPorts: { '8080/tcp': {} }, Cmd: ['/app'] } },
      { platform: 'linux/arm64', config: { User: '1000' } },
    ]);
    await pushConfigImage(fx.anonymous, 'facts/many', 't0', 'oci', [{ platform: 'linux/amd64', config: { User: 'app' } }]);
    await retag(
      fx.anonymous,
      'facts/many',
      't0',
      Array.from({ length: 199 }, (_, i) => `t${i + 1}`),
    );
  });
  after(async () => {
    await fx?.stop();
  });

  describe('trusted workspace', () => {
    let c: PinClient;
    before(async () => {
      c = await startPinClient({ initializationOptions: { workspaceTrusted: true } });
      // DF056 is off by default: the editor's settings turn it on to see what the facts say about health checks.
      c.settings.bosun = { rules: { DF056: 'hint' } };
    });
    after(async () => {
      await c?.stop();
    });

    it('opened: linted at once by name, then again when the facts arrive; hover shows them and the digest', async () => {
      const uri = uriFor('Dockerfile');
      c.open(uri, 'dockerfile', `FROM ${fx.anonymous}/facts/nonroot:1\nCMD ["/app"]\n`);
      const first = await c.diagnostics(uri, 1);
      assert.ok(codes(first).includes('DF001'), 'no facts yet: judged by the name');
      const withFacts = await c.until(uri, (p) => p.version === 1 && !codes(p).includes('DF001'));
      assert.match(String(withFacts.diagnostics.find((d) => d.code === 'DF056')?.message ?? ''), /has none in its config either \(sha256:[0-9a-f]{12}…, from its registry\)/);
      const hover = await hoverText(c, uri, 0, 8);
      assert.match(hover, /\*\*Bosun image facts\*\* · linux\/amd64, from the cache, fetched \d{4}-\d\d-\d\d/);
      assert.ok(hover.includes(`digest       ${nonroot.manifests['linux/amd64']}`), hover);
      assert.ok(hover.includes(`index        ${nonroot.digest}`), hover);
      assert.match(hover, /user {9}65532\n/);
      assert.match(hover, /ports {8}8080\/tcp/);
    });

    it('typing never waits for the registry: edits are linted while every request is held', async () => {
      const gate = await countingProxy(fx.anonymous, { held: true });
      try {
        const uri = uriFor('Dockerfile');
        c.open(uri, 'dockerfile', `FROM ${gate.host}/facts/nonroot:1\nCMD ["/app"]\n`);
        await c.diagnostics(uri, 1);
        for (let i = 0; !gate.stats.reached && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
        assert.ok(gate.stats.reached, 'the background fetch started');
        for (let v = 2; v <= 4; v++) {
          const doc = c.docs.get(uri)!;
          void c.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri, version: v },
            contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `RUN echo ${v}\n` }],
          });
          c.docs.set(uri, { ...doc, version: v } as typeof doc);
          const p = await c.diagnostics(uri, v);
          assert.ok(codes(p).includes('DF001'), `v${v} linted without facts while the registry is held`);
        }
        gate.release();
        await c.until(uri, (p) => p.version === 4 && !codes(p).includes('DF001'));
      } finally {
        gate.release();
        await gate.close();
      }
    });

    it('200 images in one Compose file: at most four fetches at a time, all of them arrive', async (t) => {
      const proxy = await countingProxy(fx.anonymous, { delayMs: 2 });
      try {
        const uri = uriFor('compose.yaml');
        const services = Array.from({ length: 200 }, (_, i) => `  s${i}:\n    image: ${proxy.host}/facts/many:t${i}\n`).join('');
        c.open(uri, 'dockercompose', `services:\n${services}`);
        await c.diagnostics(uri, 1);
        const t0 = performance.now();
        let last = '';
        for (let i = 0; i < 600 && !last.includes('Bosun image facts'); i++) {
          await new Promise((r) => setTimeout(r, 100));
          last = proxy.stats.configs >= 200 ? await hoverText(c, uri, 2 + 2 * 199, 14) : '';
        }
        t.diagnostic(`200 images fetched in ${Math.round(performance.now() - t0)} ms, ${proxy.stats.requests} requests, peak ${proxy.stats.peak} in flight`);
        assert.match(last, /user {9}app/);
        assert.equal(proxy.stats.configs, 200);
        assert.ok(proxy.stats.peak <= 4, `peak ${proxy.stats.peak} requests in flight`);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('untrusted workspace and offline mode: no request reaches the registry', () => {
    let logged: RegistryProcess;
    before(async () => {
      // Its own registry process over the same storage, with its access log on.
      logged = await startRegistryProcess(fx.dir, 'logged', '', { accessLog: true });
    });
    after(async () => {
      logged.child.kill();
    });
    const requests = () =>
      logged
        .log()
        .split('\n')
        .filter((l) => l.includes('/v2/facts/'));

    it('untrusted: nothing is asked until trust is granted, then the facts come', async () => {
      const c = await startPinClient({ initializationOptions: { workspaceTrusted: false } });
      try {
        const uri = uriFor('Dockerfile');
        c.open(uri, 'dockerfile', `FROM 127.0.0.1:${logged.port}/facts/nonroot:1\nCMD ["/app"]\n`);
        await c.diagnostics(uri, 1);
        await new Promise((r) => setTimeout(r, 1500)); // well past the moment a trusted workspace would fetch
        assert.deepEqual(requests(), []);
        await c.connection.sendNotification('bosun/workspaceTrust', { trusted: true });
        await c.until(uri, (p) => !codes(p).includes('DF001'));
        assert.ok(requests().length > 0, 'the access log shows the requests once trusted');
      } finally {
        await c.stop();
      }
    });

    it('offline: cached facts only, no request', async () => {
      const c = await startPinClient({ initializationOptions: { workspaceTrusted: true } });
      try {
        c.settings['bosun.registry'] = { offline: true };
        const before = requests().length;
        const uri = uriFor('Dockerfile');
        c.open(uri, 'dockerfile', `FROM 127.0.0.1:${logged.port}/facts/nonroot:1\nCMD ["/app"]\n`);
        assert.ok(codes(await c.diagnostics(uri, 1)).includes('DF001'));
        await new Promise((r) => setTimeout(r, 1500));
        assert.equal(requests().length, before);
      } finally {
        await c.stop();
      }
    });
  });
});
