/**
 * Credentials stay bound to the origin they were configured for. Two real loopback HTTP servers
 * (two ports = two origins): a registry A whose config.json entry holds credentials, and a server B
 * that A redirects to or names as its token realm. B must never see A's credentials. The same-origin
 * realm next to them is the case that looks risky but is fine: it gets them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseNormalisedRef } from '../../rules/languages/image-ref.js';
import { DigestCache } from '../../server/src/registry/cache.js';
import { RegistryClient } from '../../server/src/registry/client.js';
import { RegistryError } from '../../server/src/registry/errors.js';
import { mayReceiveCredentials } from '../../server/src/registry/origin.js';

const USER = 'alice';
const PASSWORD = 'only-for-registry-a';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const MANIFEST = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {}, layers: [] }));
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

interface Seen {
  server: 'A' | 'B';
  path: string;
  authorization?: string;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, self: string, other: string) => void;

describe('credentials never leave the origin they were configured for', () => {
  const seen: Seen[] = [];
  const servers: http.Server[] = [];
  let a = '';
  let b = '';
  let handlerA: Handler = () => {};
  let handlerB: Handler = () => {};
  let configDir = '';

  const listen = (name: 'A' | 'B') =>
    new Promise<string>((resolve) => {
      const s = http.createServer((req, res) => {
        seen.push({ server: name, path: req.url ?? '', authorization: req.headers.authorization });
        (name === 'A' ? handlerA : handlerB)(req, res, name === 'A' ? a : b, name === 'A' ? b : a);
      });
      servers.push(s);
      s.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(s.address() as AddressInfo).port}`));
    });

  before(async () => {
    a = await listen('A');
    b = await listen('B');
    configDir = mkdtempSync(join(tmpdir(), 'bosun-origin-'));
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: { [a]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } } }));
  });
  after(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(configDir, { recursive: true, force: true });
  });

  const resolve = () => {
    const parsed = parseNormalisedRef(`${a}/team/app:1.0`);
    assert.ok(parsed.ok);
    return new RegistryClient(new DigestCache(undefined)).resolve(parsed.ref, { useDockerCredentials: true, dockerConfigDir: configDir, timeoutMs: 3000 });
  };
  const leaked = () => seen.filter((s) => s.server === 'B' && s.authorization !== undefined);

  /** A token endpoint that wants credentials: 401 without them, a token with A's. */
  const tokenEndpoint = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.headers.authorization !== BASIC) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'tok', expires_in: 60 }));
  };
  const manifest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.headers.authorization !== 'Bearer tok') {
      return void res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="s",scope="repository:team/app:pull"` }).end();
    }
    res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': DIGEST }).end(req.method === 'HEAD' ? undefined : MANIFEST);
  };

  it("A redirects to B, B answers 401 Bearer realm=B/token: B never receives A's credentials", async () => {
    seen.length = 0;
    handlerA = (req, res, _self, other) => res.writeHead(307, { location: `http://${other}${req.url}` }).end();
    handlerB = (req, res, self) => {
      if (req.url?.startsWith('/token')) return tokenEndpoint(req, res);
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${self}/token",service="s",scope="repository:team/app:pull"` }).end();
    };
    let error: unknown;
    await resolve().catch((e) => (error = e));
    assert.deepEqual(leaked(), []);
    assert.ok(error instanceof RegistryError, String(error));
    assert.equal(error.kind, 'unauthorized');
    assert.match(
      error.message,
      new RegExp(
        `redirected to http://${b.replace(/\./g, '\\.')}, which asks for credentials; Bosun sends the credentials for ${a.replace(/\./g, '\\.')} only to ${a.replace(/\./g, '\\.')}`,
      ),
    );
    assert.ok(
      seen.some((s) => s.server === 'B'),
      'B was asked (the redirect was followed)',
    );
    assert.deepEqual(leaked(), []);
  });

  it("A answers 401 with a token realm on B (another origin): B never receives A's credentials", async () => {
    seen.length = 0;
    handlerA = (_req, res, _self, other) => res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${other}/token",service="s",scope="repository:team/app:pull"` }).end();
    handlerB = tokenEndpoint;
    let error: unknown;
    await resolve().catch((e) => (error = e));
    assert.deepEqual(leaked(), []);
    assert.ok(error instanceof RegistryError, String(error));
    assert.equal(error.kind, 'unauthorized');
    assert.match(error.message, /token server .* is not on .*; Bosun sends the credentials for .* only to that registry/);
    assert.ok(
      seen.some((s) => s.server === 'B' && s.path.startsWith('/token')),
      'the anonymous token request was made',
    );
    assert.deepEqual(leaked(), []);
  });

  it("a token realm on the registry's own origin gets the credentials (looks risky, is fine)", async () => {
    seen.length = 0;
    handlerA = (req, res) => (req.url?.startsWith('/token') ? tokenEndpoint(req, res) : manifest(req, res));
    handlerB = (_req, res) => res.writeHead(500).end();
    const r = await resolve();
    assert.equal(r.digest, DIGEST);
    assert.match(r.auth ?? '', /^bearer token \(credentials from /);
    assert.ok(seen.some((s) => s.server === 'A' && s.path.startsWith('/token') && s.authorization === BASIC));
    assert.equal(seen.filter((s) => s.server === 'B').length, 0);
  });
});

describe("which token servers may receive a registry's credentials", () => {
  const may = (registry: string, realm: string) => mayReceiveCredentials(new URL(registry), new URL(realm));
  it('its own origin, and a host in its own domain (Docker Hub, GitLab)', () => {
    assert.equal(may('https://ghcr.io/v2/x/manifests/1', 'https://ghcr.io/token'), true);
    assert.equal(may('https://registry-1.docker.io/v2/', 'https://auth.docker.io/token'), true);
    assert.equal(may('https://registry.gitlab.com/v2/', 'https://gitlab.com/jwt/auth'), true);
    assert.equal(may('https://registry.example.com/v2/', 'https://gitlab.example.com/jwt/auth'), true);
    assert.equal(may('http://127.0.0.1:5000/v2/', 'http://127.0.0.1:5000/token'), true);
  });
  it('not another port, another host, a top-level domain neighbour or a look-alike', () => {
    assert.equal(may('http://127.0.0.1:5000/v2/', 'http://127.0.0.1:5001/token'), false);
    assert.equal(may('http://localhost:5000/v2/', 'http://localhost:5001/token'), false);
    assert.equal(may('https://ghcr.io/v2/', 'https://evil.io/token'), false);
    assert.equal(may('https://registry-1.docker.io/v2/', 'https://auth.docker.io.evil.com/token'), false);
    assert.equal(may('https://registry-1.docker.io/v2/', 'https://evildocker.io/token'), false);
    assert.equal(may('https://10.0.0.1/v2/', 'https://10.0.0.2/token'), false);
    assert.equal(may('https://registry.example.com/v2/', 'http://auth.example.com/token'), false, 'a downgrade to plain HTTP');
  });
});
