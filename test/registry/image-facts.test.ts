/**
 * Image facts from a real registry (Debian's docker-registry on loopback) with images pushed here:
 * an OCI index with two platforms whose configs differ, a Docker v2 manifest list, a single OCI
 * manifest with a healthcheck, labels and an old build date. The config comes from the platform
 * asked for; every body is checked against its digest; the cache answers by tag (TTL) and by digest;
 * fetches run at most four at a time. Cold and cached latencies are printed as test diagnostics.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { imageFactsKey } from '../../rules/languages/image-facts.js';
import { DigestCache } from '../../server/src/registry/cache.js';
import { RegistryClient } from '../../server/src/registry/client.js';
import { FactsCache } from '../../server/src/registry/facts-cache.js';
import { FactsFetcher } from '../../server/src/registry/facts-fetcher.js';
import { type RegistryFixture, startRegistries } from './fixture.js';
import { type PushedImage, pushConfigImage, retag } from './images.js';

describe('image facts from a real registry', () => {
  let fx: RegistryFixture;
  let multi: PushedImage;
  let dockerList: PushedImage;
  let single: PushedImage;
  const latency: Record<string, number> = {};
  before(async () => {
    fx = await startRegistries();
    multi = await pushConfigImage(fx.anonymous, 'facts/app', '1', 'oci', [
      { platform: 'linux/amd64', config: { User: '65532', Cmd: ['/app'] } },
      { platform: 'linux/arm64/v8', config: { User: '1000:1000', Cmd: ['/app'] } },
    ]);
    dockerList = await pushConfigImage(fx.anonymous, 'facts/distroless', 'nonroot', 'docker', [
      { platform: 'linux/amd64', config: { Entrypoint: ['/bin/sh'] } },
      { platform: 'linux/arm64', config: { User: 'nonroot' } },
    ]);
    single = await pushConfigImage(fx.anonymous, 'facts/api', '2', 'oci', [
      {
        platform: 'linux/amd64',
        created: '2023-01-15T08:00:00Z',
        config: {
          User: 'app',
          Env: ['PATH=/usr/bin', 'API_PORT=8080'],
          ExposedPorts: { '8080/tcp': {}, 'not a port': {} },
          Entrypoint: ['/api'],
          Cmd: ['serve'],
          Healthcheck: { Test: ['CMD', '/api', 'health'], Interval: 30e9 },
          Labels: {
            'org.opencontainers.image.base.name': 'docker.io/library/debian:buster-slim',
            'org.opencontainers.image.version': '2.0.1',
            'com.example.private': 'x',
            'org.opencontainers.image.title': 'api\u001b[31mred',
          },
        },
      },
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
    if (Object.keys(latency).length) console.log(`# image facts latency (ms): ${JSON.stringify(latency)}`);
  });

  const fetcher = () => new FactsFetcher(new RegistryClient(new DigestCache(undefined)));
  const key = (text: string, platform?: string) => imageFactsKey(`${fx.anonymous}/${text}`, platform)!;

  it('an OCI index: the config of the platform asked for, and both digests', async (t) => {
    const f = fetcher();
    const amd = await f.fetchFacts(key('facts/app:1'), {});
    assert.ok(amd.ok, !amd.ok ? amd.error : '');
    latency.cold = Math.round(amd.ms);
    t.diagnostic(`cold fetch (index → manifest → config) ${amd.ms.toFixed(1)} ms`);
    assert.equal(amd.facts.user, '65532');
    assert.equal(amd.facts.digest, multi.manifests['linux/amd64']);
    assert.equal(amd.facts.indexDigest, multi.digest);
    assert.deepEqual([amd.facts.os, amd.facts.architecture, amd.facts.cmd], ['linux', 'amd64', ['/app']]);
    const arm = await f.fetchFacts(key('facts/app:1', 'linux/arm64'), {});
    assert.ok(arm.ok);
    assert.equal(arm.facts.user, '1000:1000', 'linux/arm64 matches the linux/arm64/v8 entry');
    assert.equal(arm.facts.digest, multi.manifests['linux/arm64/v8']);
  });

  it('a Docker v2 manifest list and a pinned digest', async () => {
    const f = fetcher();
    const byTag = await f.fetchFacts(key('facts/distroless:nonroot'), {});
    assert.ok(byTag.ok, !byTag.ok ? byTag.error : '');
    assert.equal(byTag.facts.user, '', 'no User in the amd64 config: root, whatever the tag says');
    assert.equal(byTag.facts.indexDigest, dockerList.digest);
    const pinned = await f.fetchFacts(key(`facts/distroless:nonroot@${dockerList.digest}`, 'linux/arm64'), {});
    assert.ok(pinned.ok, !pinned.ok ? pinned.error : '');
    assert.equal(pinned.facts.user, 'nonroot');
  });

  it('a single manifest: healthcheck, ports, env, entrypoint, created, OCI labels only, cleaned', async () => {
    const got = await fetcher().fetchFacts(key('facts/api:2'), {});
    assert.ok(got.ok, !got.ok ? got.error : '');
    const f = got.facts;
    assert.equal(f.digest, single.digest);
    assert.equal(f.indexDigest, undefined);
    assert.deepEqual(f.healthcheck, ['CMD', '/api', 'health']);
    assert.deepEqual(f.exposedPorts, ['8080/tcp']);
    assert.deepEqual(f.env, ['PATH=/usr/bin', 'API_PORT=8080']);
    assert.deepEqual([f.entrypoint, f.cmd, f.created], [['/api'], ['serve'], '2023-01-15T08:00:00.000Z']);
    assert.deepEqual(f.labels, {
      'org.opencontainers.image.base.name': 'docker.io/library/debian:buster-slim',
      'org.opencontainers.image.version': '2.0.1',
      'org.opencontainers.image.title': 'api [31mred',
    });
  });

  it('unknown tag, unknown platform: a clear error, no facts', async () => {
    const f = fetcher();
    const nope = await f.fetchFacts(key('facts/app:nope'), {});
    assert.ok(!nope.ok);
    assert.equal(nope.kind, 'not-found');
    const s390 = await f.fetchFacts(key('facts/app:1', 'linux/s390x'), {});
    assert.ok(!s390.ok);
    assert.match(s390.error, /has no linux\/s390x image/);
  });

  it('a body that does not match the digest it was asked by is refused', async () => {
    // A registry that serves a different manifest than the digest names.
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: `sha256:${'0'.repeat(64)}` } }));
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }).end(body));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      const claimed = `sha256:${createHash('sha256').update('something else').digest('hex')}`;
      const got = await fetcher().fetchFacts(imageFactsKey(`${host}/x/y@${claimed}`)!, {});
      assert.ok(!got.ok);
      assert.match(got.error, /does not match its digest/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('the cache: by tag with the TTL, by digest for good, on disk without secrets', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-facts-cache-'));
    try {
      const k = key('facts/app:1');
      const got = await fetcher().fetchFacts(k, {});
      assert.ok(got.ok);
      const cache = new FactsCache(dir);
      cache.set(k, got.facts);
      const t0 = performance.now();
      const hit = cache.get(k);
      const ms = performance.now() - t0;
      latency.cached = Math.round(ms * 1000) / 1000;
      t.diagnostic(`cached lookup ${ms.toFixed(3)} ms`);
      assert.equal(hit?.user, '65532');
      assert.equal(hit?.source, 'cache');
      assert.equal(cache.isFresh(k), true);
      cache.flush();
      const again = new FactsCache(dir, -1); // every tag entry is stale now
      assert.equal(again.get(k)?.digest, multi.manifests['linux/amd64'], 'read back from disk');
      assert.equal(again.isFresh(k), false, 'a tag is asked again after the TTL');
      const pinnedKey = key(`facts/app@${multi.digest}`);
      again.set(pinnedKey, got.facts);
      assert.equal(again.isFresh(pinnedKey), true, 'a digest never moves');
      assert.doesNotMatch(readFileSync(join(dir, 'image-facts.json'), 'utf8'), /Bearer|password|s3cret/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('200 images: at most four fetches at a time, every one answered', async () => {
    // A loopback proxy in front of the registry counts the requests in flight.
    let inFlight = 0;
    let peak = 0;
    const [host, port] = fx.anonymous.split(':');
    const proxy = http.createServer((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      res.on('close', () => inFlight--);
      // A slow registry: every request takes a moment, so fetches overlap if nothing bounds them.
      setTimeout(() => {
        const up = http.request({ host, port: Number(port), path: req.url, method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => res.writeHead(502).end());
        req.pipe(up);
      }, 5);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const via = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const f = fetcher();
      const all = await Promise.all(Array.from({ length: 200 }, (_, i) => f.fetchFacts(imageFactsKey(`${via}/facts/many:t${i}`)!, {}).then((o) => ({ o, i }))));
      assert.deepEqual(
        all.filter(({ o }) => !o.ok).map(({ o, i }) => `t${i}: ${!o.ok && o.error}`),
        [],
      );
      assert.equal(all.length, 200);
      assert.ok(f.peak <= 4, `peak ${f.peak}`);
      assert.ok(peak <= 4, `requests in flight at the registry: ${peak}`);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });
});
