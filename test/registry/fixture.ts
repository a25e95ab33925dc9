/**
 * A real OCI registry for tests: Debian's `docker-registry` (CNCF distribution) on 127.0.0.1, in
 * three flavours sharing one storage directory — anonymous, htpasswd Basic auth, and token auth
 * with a small Node token server that signs ES256 JWTs the way the registry expects (x5c header
 * with a self-signed certificate built here with node:crypto, no openssl). Images are pushed over
 * the registry's HTTP API (no docker, no skopeo). Also: a proxy that strips Docker-Content-Digest
 * (the GET + sha256 fallback), a port that accepts connections and never answers (timeout), a
 * closed port (refused) and an HTTPS server with an untrusted certificate (TLS error).
 *
 * `bash scripts/ensure-apt.sh` installs docker-registry and apache2-utils (htpasswd) when they are
 * missing; where that is impossible the fixture throws, so the suite fails loudly instead of skipping.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { type KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(__dirname, '..', '..');
export const USER = 'tester';
export const PASSWORD = 's3cret';

export interface Pushed {
  /** Digest of the single OCI manifest (tag 1.0) and of the OCI index over it (tag latest). */
  manifest: string;
  index: string;
  /** Digest of a Docker v2 schema 2 manifest (demo/docker:2). */
  dockerV2: string;
}

export interface RegistryFixture {
  dir: string;
  /** host:port of each endpoint. */
  anonymous: string;
  basic: string;
  token: string;
  tokenServer: string;
  noDigestProxy: string;
  hanging: string;
  closed: string;
  badTls: string;
  pushed: Pushed;
  /** docker config dir whose config.json has auths for the basic and token registries. */
  dockerConfigDir: string;
  /** Token requests seen: scope and whether credentials were sent, in order. */
  tokenRequests: { scope: string; withCredentials: boolean }[];
  stop(): Promise<void>;
}

// ---------- tools ----------

function ensureTools(): void {
  const args = [join(ROOT, 'scripts', 'ensure-apt.sh'), 'docker-registry:docker-registry', 'htpasswd:apache2-utils'];
  // Test files run in parallel processes: on a fresh machine, only one of them may run apt-get at a time.
  const hasFlock = spawnSync('flock', ['--version']).status === 0;
  const [cmd, argv] = hasFlock ? ['flock', [join(tmpdir(), 'bosun-ensure-apt.lock'), 'bash', ...args]] : ['bash', args];
  const r = spawnSync(cmd, argv as string[], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    throw new Error(`registry tests need Debian's docker-registry and apache2-utils (htpasswd) and could not install them:\n${r.stderr || r.stdout || r.error}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// ---------- a self-signed certificate in plain DER ----------

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const der = (tag: number, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};
const seq = (...c: Buffer[]) => der(0x30, ...c);
const set = (...c: Buffer[]) => der(0x31, ...c);
function derInt(bytes: Buffer): Buffer {
  let b = bytes;
  while (b.length > 1 && b[0] === 0 && !(b[1] & 0x80)) b = b.subarray(1);
  return der(0x02, b[0] & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b);
}
function derOid(oid: string): Buffer {
  const [a, b, ...rest] = oid.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}
const utcTime = (d: Date) => der(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`));
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';

/** An EC P-256 key and a self-signed X.509 v3 certificate for it (DER). */
export function selfSignedCert(commonName: string): { key: KeyObject; keyPem: string; certDer: Buffer; certPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const name = seq(set(seq(derOid('2.5.4.3'), der(0x0c, Buffer.from(commonName)))));
  const now = Date.now();
  const tbs = seq(
    der(0xa0, derInt(Buffer.from([2]))), // v3
    derInt(randomBytes(8)),
    seq(derOid(ECDSA_SHA256)),
    name,
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 2 * 86400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA, as X.509 wants
  const certDer = seq(tbs, seq(derOid(ECDSA_SHA256)), der(0x03, Buffer.from([0]), signature));
  const b64 = certDer.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    key: privateKey,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    certDer,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`,
  };
}

// ---------- processes and servers ----------

async function waitForHttp(url: string, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      http.get(url, (r) => (r.resume(), resolve(r.statusCode ?? 0))).on('error', () => resolve(0));
    });
    if (status === 200 || status === 401) return;
    if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`docker-registry did not start (${url}):\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface RegistryProcess {
  port: number;
  child: ChildProcess;
  /** Everything it printed (its access log too, when asked for). */
  log(): string;
}

/**
 * Starts one docker-registry on a free loopback port. Another test process may take the port
 * between our probe and the registry's bind: then it is started again on another one.
 */
export async function startRegistryProcess(dir: string, name: string, auth: string, opts: { accessLog?: boolean } = {}): Promise<RegistryProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const file = join(dir, `${name}.yml`);
    writeFileSync(file, registryConfig(dir, port, auth, opts.accessLog));
    let logs = '';
    const child = spawn('docker-registry', ['serve', file], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (logs += d));
    child.stderr!.on('data', (d) => (logs += d));
    try {
      await waitForHttp(`http://127.0.0.1:${port}/v2/`, child, () => logs);
      return { port, child, log: () => logs };
    } catch (e) {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (attempt < 5 && /address already in use/.test(logs)) continue;
      throw e;
    }
  }
}

function registryConfig(dir: string, port: number, auth: string, accessLog = false): string {
  return [
    'version: 0.1',
    'log:',
    `  level: ${accessLog ? 'info' : 'error'}`,
    `  accesslog: { disabled: ${!accessLog} }`,
    'storage:',
    '  cache: { blobdescriptor: inmemory }',
    `  filesystem: { rootdirectory: ${join(dir, 'storage')} }`,
    '  delete: { enabled: true }',
    `http: { addr: 127.0.0.1:${port}, secret: ${randomBytes(16).toString('hex')} }`,
    auth,
    '',
  ].join('\n');
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

// ---------- pushing over the HTTP API ----------

export const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export function tarOneFile(name: string, body: Buffer): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\u000000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([h, body, Buffer.alloc((512 - (body.length % 512)) % 512), Buffer.alloc(1024)]);
}

export async function pushBlob(reg: string, repo: string, blob: Buffer): Promise<string> {
  const digest = sha(blob);
  const start = await fetch(`http://${reg}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`POST upload ${repo}: ${start.status} ${await start.text()}`);
  const loc = new URL(start.headers.get('location')!, `http://${reg}`);
  loc.searchParams.set('digest', digest);
  const put = await fetch(loc, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: blob });
  if (put.status !== 201) throw new Error(`PUT blob ${repo}: ${put.status} ${await put.text()}`);
  return digest;
}

export async function putManifest(reg: string, repo: string, ref: string, manifest: { mediaType: string }): Promise<{ digest: string; size: number }> {
  const body = Buffer.from(JSON.stringify(manifest));
  const r = await fetch(`http://${reg}/v2/${repo}/manifests/${ref}`, { method: 'PUT', headers: { 'content-type': manifest.mediaType }, body });
  if (r.status !== 201) throw new Error(`PUT manifest ${repo}:${ref}: ${r.status} ${await r.text()}`);
  return { digest: sha(body), size: body.length };
}

async function pushImages(reg: string): Promise<Pushed> {
  const tar = tarOneFile('hello.txt', Buffer.from('hello from bosun\n'));
  const layer = gzipSync(tar);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(tar)] } }));
  const ociManifest = (configDigest: string, layerDigest: string) => ({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layerDigest, size: layer.length }],
  });
  let manifest = '';
  let index = '';
  for (const repo of ['demo/app', 'private/app', 'library/tiny']) {
    const layerDigest = await pushBlob(reg, repo, layer);
    const configDigest = await pushBlob(reg, repo, config);
    const m = await putManifest(reg, repo, '1.0', ociManifest(configDigest, layerDigest));
    const idx = await putManifest(reg, repo, 'latest', {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: m.digest, size: m.size, platform: { architecture: 'amd64', os: 'linux' } }],
    } as { mediaType: string });
    manifest = m.digest;
    index = idx.digest;
  }
  const layerDigest = await pushBlob(reg, 'demo/docker', layer);
  const configDigest = await pushBlob(reg, 'demo/docker', config);
  const v2 = await putManifest(reg, 'demo/docker', '2', {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: layerDigest, size: layer.length }],
  } as { mediaType: string });
  return { manifest, index, dockerV2: v2.digest };
}

// ---------- the fixture ----------

export async function startRegistries(): Promise<RegistryFixture> {
  ensureTools();
  const dir = mkdtempSync(join(tmpdir(), 'bosun-registry-'));
  const children: ChildProcess[] = [];
  const servers: (http.Server | net.Server)[] = [];
  const sockets = new Set<net.Socket>();
  const killAll = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll); // a crashed test must not leave registries behind

  const stop = async () => {
    process.removeListener('exit', killAll);
    for (const s of sockets) s.destroy();
    // close() waits for every open connection; keep-alive and half-answered ones (a client that
    // went away mid-request) would keep this process alive: end them first.
    for (const s of servers) if (s instanceof http.Server) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(() => r(undefined)))));
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const t = setTimeout(() => c.kill('SIGKILL'), 2000);
            c.once('exit', () => (clearTimeout(t), resolve()));
            c.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // The token registry sits behind a front server that also serves /token: one origin for the
    // registry and its token realm, as Harbor or a self-hosted GitLab behind one proxy (credentials
    // go to a token realm only on the registry's own origin or domain). Node servers listen on port 0;
    // the registries are started after them, on ports known only then.
    let anonPort = 0;
    let tokenBackendPort = 0;
    const closedPort = await freePort();
    const host = (p: number) => `127.0.0.1:${p}`;

    // htpasswd (bcrypt is the only scheme the registry accepts)
    const hp = spawnSync('htpasswd', ['-Bbn', USER, PASSWORD], { encoding: 'utf8' });
    if (hp.status !== 0) throw new Error(`htpasswd failed: ${hp.stderr}`);
    writeFileSync(join(dir, 'htpasswd'), hp.stdout);

    // token signing key + certificate the registry trusts
    const cert = selfSignedCert('bosun-test-token-issuer');
    writeFileSync(join(dir, 'token.crt'), cert.certPem);
    const SERVICE = 'bosun-test-registry';
    const ISSUER = 'bosun-test-issuer';

    // token server: anonymous pull for everything but private/*, credentials for private/* and push
    const tokenRequests: RegistryFixture['tokenRequests'] = [];
    const forward = (port: number, req: http.IncomingMessage, res: http.ServerResponse, headers = (h: http.IncomingHttpHeaders) => h) => {
      const up = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, headers({ ...r.headers }));
        r.pipe(res);
      });
      up.on('error', () => res.writeHead(502).end());
      req.pipe(up);
    };
    const tokenServer = http.createServer((req, res) => {
      if (!req.url?.startsWith('/token')) return forward(tokenBackendPort, req, res);
      const url = new URL(req.url ?? '/', 'http://x');
      const scope = url.searchParams.get('scope') ?? '';
      const authz = req.headers.authorization ?? '';
      const withCredentials = authz.startsWith('Basic ');
      tokenRequests.push({ scope, withCredentials });
      const valid = withCredentials && Buffer.from(authz.slice(6), 'base64').toString() === `${USER}:${PASSWORD}`;
      if (withCredentials && !valid) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
        return;
      }
      const access = scope
        .split(' ')
        .filter(Boolean)
        .map((s) => {
          const [type, name, actions] = s.split(':');
          const wanted = (actions ?? '').split(',');
          const granted = valid ? wanted : name.startsWith('private/') ? [] : wanted.filter((a) => a === 'pull');
          return { type, name, actions: granted };
        });
      if (!valid && access.some((a) => a.name.startsWith('private/'))) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="bosun-token"' }).end('{"details":"login required"}');
        return;
      }
      const now = Math.floor(Date.now() / 1000);
      const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [cert.certDer.toString('base64')] }));
      const claims = b64url(
        JSON.stringify({ iss: ISSUER, sub: valid ? USER : '', aud: SERVICE, exp: now + 300, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access }),
      );
      // JWS ES256 wants the raw r||s signature, not DER.
      const sig = sign('sha256', Buffer.from(`${head}.${claims}`), { key: cert.key, dsaEncoding: 'ieee-p1363' });
      const token = `${head}.${claims}.${b64url(sig)}`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
    });
    servers.push(tokenServer);

    // a proxy in front of the anonymous registry that drops Docker-Content-Digest
    const proxy = http.createServer((req, res) =>
      forward(anonPort, req, res, (headers) => {
        delete headers['docker-content-digest'];
        return headers;
      }),
    );
    servers.push(proxy);

    // accepts connections, never answers
    const hanging = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
    });
    servers.push(hanging);

    // HTTPS with a certificate nobody trusts
    const tlsCert = selfSignedCert('127.0.0.1');
    const badTls = https.createServer({ key: tlsCert.keyPem, cert: tlsCert.certPem }, (_req, res) => res.writeHead(200).end('{}'));
    badTls.on('tlsClientError', () => {});
    servers.push(badTls);

    const listen = (s: http.Server | net.Server) =>
      new Promise<number>((resolve, reject) => {
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve((s.address() as net.AddressInfo).port));
      });
    const [tokenPort, proxyPort, hangPort, tlsPort] = await Promise.all([listen(tokenServer), listen(proxy), listen(hanging), listen(badTls)]);

    const started = await Promise.allSettled([
      startRegistryProcess(dir, 'anonymous', ''),
      startRegistryProcess(dir, 'basic', `auth:\n  htpasswd: { realm: bosun-basic, path: ${join(dir, 'htpasswd')} }`),
      startRegistryProcess(
        dir,
        'token',
        `auth:\n  token: { realm: "http://${host(tokenPort)}/token", service: ${SERVICE}, issuer: ${ISSUER}, rootcertbundle: ${join(dir, 'token.crt')} }`,
      ),
    ]);
    for (const r of started) if (r.status === 'fulfilled') children.push(r.value.child);
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const registries = started.map((r) => (r as PromiseFulfilledResult<RegistryProcess>).value);
    const [anonymous, basic, tokenBackend] = registries;
    anonPort = anonymous.port;
    tokenBackendPort = tokenBackend.port;
    const basicPort = basic.port;

    const pushed = await pushImages(host(anonPort));

    const dockerConfigDir = join(dir, 'docker');
    mkdirSync(dockerConfigDir);
    const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
    writeFileSync(join(dockerConfigDir, 'config.json'), JSON.stringify({ auths: { [host(basicPort)]: { auth }, [`http://${host(tokenPort)}`]: { auth } } }, null, 2));

    return {
      dir,
      anonymous: host(anonPort),
      basic: host(basicPort),
      token: host(tokenPort),
      tokenServer: host(tokenPort),
      noDigestProxy: host(proxyPort),
      hanging: host(hangPort),
      closed: host(closedPort),
      badTls: host(tlsPort),
      pushed,
      dockerConfigDir,
      tokenRequests,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
