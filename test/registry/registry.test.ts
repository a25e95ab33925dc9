/**
 * The OCI distribution client against a real registry (Debian's docker-registry on loopback):
 * anonymous pull, htpasswd Basic auth, token auth (anonymous first, then credentials), OCI index vs
 * single manifest vs Docker v2 manifest, GET + sha256 when Docker-Content-Digest is missing,
 * unknown tag, registry down (refused and timeout), TLS error, cancellation, cache and offline mode.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type NormalisedRef, parseNormalisedRef } from '../../rules/languages/image-ref.js';
import { parseChallenges } from '../../server/src/registry/auth.js';
import { DigestCache } from '../../server/src/registry/cache.js';
import { RegistryClient, type ResolveOptions, isLoopback } from '../../server/src/registry/client.js';
import { lookupCredentials } from '../../server/src/registry/credentials.js';
import { RegistryError } from '../../server/src/registry/errors.js';
import { type RegistryFixture, startRegistries } from './fixture.js';

function ref(text: string): NormalisedRef {
  const r = parseNormalisedRef(text);
  assert.ok(r.ok, text);
  return r.ref;
}

async function rejects(p: Promise<unknown>, kind: RegistryError['kind'], message: RegExp): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RegistryError, `not a RegistryError: ${e}`);
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected a ${kind} error`);
}

describe('registry client against a real registry', () => {
  let fx: RegistryFixture;
  let cacheDir: string;
  const fresh = () => new RegistryClient(new DigestCache(undefined));
  before(async () => {
    fx = await startRegistries();
    cacheDir = mkdtempSync(join(tmpdir(), 'bosun-digest-cache-'));
  });
  after(async () => {
    await fx?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('anonymous: an OCI index tag resolves to the index digest (multi-arch pins the index)', async () => {
    const r = await fresh().resolve(ref(`${fx.anonymous}/demo/app:latest`));
    assert.equal(r.digest, fx.pushed.index);
    assert.equal(r.mediaType, 'application/vnd.oci.image.index.v1+json');
    assert.equal(r.isIndex, true);
    assert.equal(r.source, 'registry');
    assert.equal(r.auth, 'anonymous');
    assert.equal(r.endpoint, `http://${fx.anonymous}`, 'HTTPS tried first, then plain HTTP on loopback');
  });

  it('anonymous: a single OCI manifest and a Docker v2 manifest resolve to their own digests', async () => {
    const c = fresh();
    const m = await c.resolve(ref(`${fx.anonymous}/demo/app:1.0`));
    assert.deepEqual([m.digest, m.mediaType, m.isIndex], [fx.pushed.manifest, 'application/vnd.oci.image.manifest.v1+json', false]);
    const d = await c.resolve(ref(`${fx.anonymous}/demo/docker:2`));
    assert.deepEqual([d.digest, d.mediaType], [fx.pushed.dockerV2, 'application/vnd.docker.distribution.manifest.v2+json']);
  });

  it('no tag means latest, as docker reads it', async () => {
    const r = await fresh().resolve(ref(`${fx.anonymous}/demo/app`));
    assert.equal(r.ref.tag, 'latest');
    assert.equal(r.digest, fx.pushed.index);
  });

  it('falls back to GET + sha256 of the body when Docker-Content-Digest is missing', async () => {
    const c = fresh();
    assert.equal((await c.resolve(ref(`${fx.noDigestProxy}/demo/app:latest`))).digest, fx.pushed.index);
    assert.equal((await c.resolve(ref(`${fx.noDigestProxy}/demo/app:1.0`))).digest, fx.pushed.manifest);
  });

  it('unknown tag: a clear 404', async () => {
    await rejects(fresh().resolve(ref(`${fx.anonymous}/demo/app:nope`)), 'not-found', /demo\/app:nope not found: .* has no tag "nope" in demo\/app \(HTTP 404\)/);
  });

  it('Basic auth: without permission to read credentials, says how to allow it', async () => {
    await rejects(fresh().resolve(ref(`${fx.basic}/demo/app:1.0`)), 'unauthorized', /needs credentials for demo\/app .*bosun\.registry\.useDockerCredentials/);
  });

  it('Basic auth: with docker config.json credentials allowed', async () => {
    const r = await fresh().resolve(ref(`${fx.basic}/demo/app:latest`), { useDockerCredentials: true, dockerConfigDir: fx.dockerConfigDir });
    assert.equal(r.digest, fx.pushed.index);
    assert.match(r.auth!, /^basic \(credentials from .*config\.json/);
  });

  it('Basic auth: wrong credentials are refused with their source named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bosun-bad-creds-'));
    try {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [fx.basic]: { auth: Buffer.from('tester:wrong').toString('base64') } } }));
      await rejects(
        fresh().resolve(ref(`${fx.basic}/demo/app:1.0`), { useDockerCredentials: true, dockerConfigDir: dir }),
        'unauthorized',
        /refused the credentials from .*config\.json/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('token auth: a public repository gets an anonymous token, no credentials read', async () => {
    const before = fx.tokenRequests.length;
    const r = await fresh().resolve(ref(`${fx.token}/demo/app:1.0`), { useDockerCredentials: true, dockerConfigDir: fx.dockerConfigDir });
    assert.equal(r.digest, fx.pushed.manifest);
    assert.equal(r.auth, 'bearer token (anonymous)');
    assert.deepEqual(fx.tokenRequests.slice(before), [{ scope: 'repository:demo/app:pull', withCredentials: false }]);
  });

  it('token auth: a private repository tries anonymously first, then with the allowed credentials', async () => {
    const before = fx.tokenRequests.length;
    const r = await fresh().resolve(ref(`${fx.token}/private/app:latest`), { useDockerCredentials: true, dockerConfigDir: fx.dockerConfigDir });
    assert.equal(r.digest, fx.pushed.index);
    assert.match(r.auth!, /^bearer token \(credentials from /);
    assert.deepEqual(fx.tokenRequests.slice(before), [
      { scope: 'repository:private/app:pull', withCredentials: false },
      { scope: 'repository:private/app:pull', withCredentials: true },
    ]);
  });

  it('credential helpers: only when allowed, the helper named in config.json is asked (no shell)', async () => {
    const { chmodSync, mkdirSync, writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'bosun-cred-helper-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const log = join(dir, 'asked');
    // A stand-in for docker-credential-desktop & co: reads the server URL on stdin, answers JSON.
    writeFileSync(
      join(bin, 'docker-credential-bosuntest'),
      `#!/bin/sh\nread server\necho "$1 $server" >> '${log}'\nprintf '{"ServerURL":"%s","Username":"tester","Secret":"s3cret"}' "$server"\n`,
    );
    chmodSync(join(bin, 'docker-credential-bosuntest'), 0o755);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ credsStore: 'bosuntest' }));
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const opts = { useDockerCredentials: true, dockerConfigDir: dir };
      await rejects(
        fresh().resolve(ref(`${fx.basic}/demo/app:1.0`), opts),
        'unauthorized',
        /kept by docker-credential-bosuntest; allow it with bosun\.registry\.credentialHelpers/,
      );
      const r = await fresh().resolve(ref(`${fx.basic}/demo/app:1.0`), { ...opts, credentialHelpers: true });
      assert.equal(r.digest, fx.pushed.manifest);
      assert.equal(r.auth, 'basic (credentials from credential helper docker-credential-bosuntest)');
      assert.equal(readFileSync(log, 'utf8'), `get ${fx.basic}\n`);
    } finally {
      process.env.PATH = path;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('token auth: a private repository without allowed credentials fails with a hint', async () => {
    await rejects(fresh().resolve(ref(`${fx.token}/private/app:latest`)), 'unauthorized', /needs credentials .*useDockerCredentials/);
  });

  it('registry down: connection refused', async () => {
    await rejects(fresh().resolve(ref(`${fx.closed}/demo/app:1.0`)), 'unreachable', /refused the connection/);
  });

  it('registry down: no answer within the timeout', async () => {
    const t0 = performance.now();
    await rejects(fresh().resolve(ref(`${fx.hanging}/demo/app:1.0`), { timeoutMs: 300 }), 'timeout', /did not answer within 300 ms/);
    // Not before the timeout (a timer never fires early); how much later depends on the machine.
    assert.ok(performance.now() - t0 >= 250, 'gave up before its timeout');
  });

  it('TLS error: an untrusted certificate is reported as such', async () => {
    await rejects(fresh().resolve(ref(`${fx.badTls}/demo/app:1.0`)), 'tls', /TLS error talking to https:\/\/127\.0\.0\.1:\d+: .*(self[- ]signed|certificate)/i);
  });

  it('cancellation aborts a request in flight', async () => {
    const ac = new AbortController();
    const p = fresh().resolve(ref(`${fx.hanging}/demo/app:1.0`), { signal: ac.signal, timeoutMs: 5000 });
    setTimeout(() => ac.abort(), 50);
    await rejects(p, 'cancelled', /cancelled/);
  });

  it('plain HTTP is refused for a non-loopback registry unless the user lists it as insecure', () => {
    const c = fresh();
    assert.equal(c.plainHttpAllowed('registry.example.com:5000', {}), false);
    assert.equal(c.plainHttpAllowed('registry.example.com:5000', { insecureRegistries: ['registry.example.com:5000'] }), true);
    assert.equal(c.plainHttpAllowed('registry.example.com:5000', { insecureRegistries: ['registry.example.com'] }), true);
    assert.equal(c.plainHttpAllowed('registry.example.com:5000', { insecureRegistries: ['registry.example.com:6000'] }), false);
    for (const h of ['localhost:5000', '127.0.0.1:5000', '127.1.2.3', '[::1]:5000', 'localhost']) assert.equal(isLoopback(h), true, h);
    for (const h of ['10.0.0.1:5000', 'localhost.example.com', 'docker.io', '128.0.0.1']) assert.equal(isLoopback(h), false, h);
  });

  it('caches in memory and on disk; offline mode answers from the cache only', async () => {
    const opts: ResolveOptions = {};
    const first = new RegistryClient(new DigestCache(cacheDir));
    const cold = await first.resolve(ref(`${fx.anonymous}/demo/app:latest`), opts);
    assert.equal(cold.source, 'registry');
    const warm = await first.resolve(ref(`${fx.anonymous}/demo/app:latest`), opts);
    assert.equal(warm.source, 'cache');
    assert.equal(warm.digest, cold.digest);
    const onDisk = JSON.parse(readFileSync(join(cacheDir, 'registry-digests.json'), 'utf8'));
    assert.equal(onDisk.entries[`${fx.anonymous}/demo/app:latest`].digest, fx.pushed.index);
    assert.doesNotMatch(JSON.stringify(onDisk), /s3cret|Bearer|token/i, 'no secrets on disk');
    // A new process (new client) reads the disk cache, also offline.
    const second = new RegistryClient(new DigestCache(cacheDir));
    const offline = await second.resolve(ref(`${fx.anonymous}/demo/app:latest`), { offline: true });
    assert.deepEqual([offline.source, offline.digest], ['cache', fx.pushed.index]);
    await rejects(second.resolve(ref(`${fx.anonymous}/demo/app:1.0`), { offline: true }), 'offline', /offline mode .*no cached digest/);
    // Expired entries are not used online, but are offline (marked stale).
    const expired = new RegistryClient(new DigestCache(cacheDir, -1));
    assert.equal((await expired.resolve(ref(`${fx.anonymous}/demo/app:latest`), { offline: true })).stale, true);
    assert.equal((await expired.resolve(ref(`${fx.anonymous}/demo/app:latest`))).source, 'registry');
  });
});

describe('WWW-Authenticate parsing', () => {
  it('reads Bearer and Basic challenges, quoted and not, several in one header', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
    assert.deepEqual(parseChallenges('Basic realm="Registry Realm", Bearer realm=https://x/t, scope="a:b:c,d"'), [
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
      { scheme: 'bearer', params: { realm: 'https://x/t', scope: 'a:b:c,d' } },
    ]);
    assert.deepEqual(parseChallenges('Bearer realm="a\\"b"'), [{ scheme: 'bearer', params: { realm: 'a"b' } }]);
    assert.deepEqual(parseChallenges(''), []);
    assert.doesNotThrow(() => parseChallenges('Negotiate abc==, ,,= "x'));
  });
});

describe('docker credentials', () => {
  it('are not read unless allowed; Docker Hub uses its legacy key; helpers are opt-in', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'bosun-docker-config-'));
    try {
      const auth = (s: string) => Buffer.from(s).toString('base64');
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify({
          auths: { 'https://index.docker.io/v1/': { auth: auth('hub:pw') }, 'https://ghcr.io': { auth: auth('gh:tok') }, 'quay.io': { identitytoken: 'refresh' } },
          credHelpers: { 'gcr.io': 'gcloud' },
        }),
      );
      const signal = new AbortController().signal;
      const none = await lookupCredentials('docker.io', { useDockerCredentials: false, credentialHelpers: false, signal, configDir: dir });
      assert.equal(none.credentials, undefined);
      assert.match(none.hint!, /useDockerCredentials/);
      const allowed = { useDockerCredentials: true, credentialHelpers: false, signal, configDir: dir };
      assert.deepEqual((await lookupCredentials('docker.io', allowed)).credentials?.username, 'hub');
      assert.deepEqual((await lookupCredentials('ghcr.io', allowed)).credentials?.password, 'tok');
      assert.deepEqual((await lookupCredentials('quay.io', allowed)).credentials?.identityToken, 'refresh');
      assert.equal((await lookupCredentials('evil.example.com', allowed)).credentials, undefined, "only the registry's own entry");
      const gcr = await lookupCredentials('gcr.io', allowed);
      assert.equal(gcr.credentials, undefined);
      assert.match(gcr.hint!, /docker-credential-gcloud.*bosun\.registry\.credentialHelpers/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
