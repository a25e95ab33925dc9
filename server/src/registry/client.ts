/**
 * OCI distribution client: resolves `name:tag` to the digest the registry serves for it now.
 *
 * `HEAD /v2/<name>/manifests/<tag>` with the full Accept list (without it, registries answer 404
 * for OCI images or down-convert multi-arch lists), `Docker-Content-Digest` from the answer, or
 * GET + sha256 of the body when a registry leaves it out. Multi-arch images resolve to the index
 * (manifest list) digest, so a pinned reference still works on every platform.
 *
 * Only the image's registry and the token server it names are contacted; plain HTTP only for
 * loopback and registries the user lists as insecure (HTTPS is tried first, as docker does);
 * credentials only when the user allowed them, and only for their own registry.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { type NormalisedRef, normalisePlatform, withDefaultTag } from '../../../rules/api.js';
import { type Challenge, type Credentials, basicHeader, fetchToken, parseChallenges } from './auth.js';
import { DIGEST_FORMAT, type DigestCache } from './cache.js';
import { lookupCredentials } from './credentials.js';
import { RegistryError } from './errors.js';
import { mayReceiveCredentials } from './origin.js';
import { type HttpRequest, type HttpResponse, header, headerValues, request } from './http.js';

export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
] as const;
const ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');
const LIST_TYPES = new Set<string>([MANIFEST_MEDIA_TYPES[0], MANIFEST_MEDIA_TYPES[1]]);

export const DEFAULT_TIMEOUT_MS = 5000;
const MAX_REDIRECTS = 3;

export interface ResolveOptions {
  /** Whole-resolution deadline (every request, token and retry included). */
  timeoutMs?: number;
  /** Only the cache answers (stale entries included). */
  offline?: boolean;
  useDockerCredentials?: boolean;
  credentialHelpers?: boolean;
  /** Registries (`host` or `host:port`) that may be reached over plain HTTP. */
  insecureRegistries?: readonly string[];
  signal?: AbortSignal;
  /** Where docker's config.json is (tests); defaults to $DOCKER_CONFIG or ~/.docker. */
  dockerConfigDir?: string;
  /** Folders being checked: credential helpers are never run from inside them. */
  workspaceFolders?: readonly string[];
}

export interface Resolved {
  /** The reference that was resolved, with the tag docker would use (`latest` when none was written). */
  ref: NormalisedRef & { tag: string };
  digest: string;
  mediaType?: string;
  /** An image index / manifest list (multi-platform). */
  isIndex: boolean;
  source: 'registry' | 'cache';
  /** Cache entries: how old the answer is. */
  ageMs: number;
  stale: boolean;
  /** Wall time of this call. */
  ms: number;
  /** Registry endpoint that answered (`https://registry-1.docker.io`). */
  endpoint?: string;
  /** How we got in: `anonymous`, `bearer token`, `bearer token (credentials from …)`, `basic (…)`. */
  auth?: string;
}

interface Ctx {
  ref: NormalisedRef & { tag: string };
  opts: ResolveOptions;
  http: Omit<HttpRequest, 'method' | 'headers' | 'body'>;
  /** Credentials already tried in this resolution. */
  credentials?: Credentials;
}

/** `localhost`, 127.0.0.0/8 and ::1, with or without a port. */
export function isLoopback(hostAndPort: string): boolean {
  let host = hostAndPort.toLowerCase();
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']'));
  else if (host.split(':').length === 2) host = host.split(':')[0];
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return isIP(host) === 6 && (host === '::1' || host === '0:0:0:0:0:0:0:1');
}

function stripPort(hostAndPort: string): string {
  if (hostAndPort.startsWith('[')) return hostAndPort.slice(0, hostAndPort.indexOf(']') + 1);
  return hostAndPort.split(':')[0];
}

export interface FetchedConfig {
  ref: NormalisedRef;
  /** Digest of the platform image's manifest, and of the index it was picked from, if any. */
  digest: string;
  indexDigest?: string;
  /** The image config blob, parsed (unvalidated JSON from the registry). */
  config: unknown;
  endpoint: string;
  auth: string;
  ms: number;
}

interface ManifestJson {
  mediaType?: string;
  manifests?: { digest?: unknown; platform?: { os?: unknown; architecture?: unknown; variant?: unknown } }[];
  config?: { digest?: unknown };
}

function parseManifest(body: Buffer, contentType: string | undefined, what: string): ManifestJson {
  let json: ManifestJson;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('protocol', `the manifest of ${what} is not JSON`);
  }
  if (!json || typeof json !== 'object') throw new RegistryError('protocol', `the manifest of ${what} is not an object`);
  const mediaType = typeof json.mediaType === 'string' ? json.mediaType : contentType;
  if (mediaType?.startsWith('application/vnd.docker.distribution.manifest.v1')) {
    throw new RegistryError('protocol', `only a legacy schema 1 manifest exists for ${what}`);
  }
  if (json.manifests !== undefined && !Array.isArray(json.manifests)) throw new RegistryError('protocol', `the image index of ${what} has no manifest list`);
  return json;
}

/** `os/arch[/variant]` of an index entry, normalised the way FROM --platform is. */
function entryPlatform(p: { os?: unknown; architecture?: unknown; variant?: unknown } | undefined): string | undefined {
  if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string') return undefined;
  return normalisePlatform(typeof p.variant === 'string' && p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`);
}

/** The index entry for `platform`: an exact match, else the same os/arch whatever the variant. */
function pickPlatform(entries: NonNullable<ManifestJson['manifests']>, platform: string): { digest: string } | undefined {
  const usable = entries.filter((e): e is typeof e & { digest: string } => typeof e?.digest === 'string' && DIGEST_FORMAT.test(e.digest));
  const exact = usable.find((e) => entryPlatform(e.platform) === platform);
  if (exact) return exact;
  const osArch = platform.split('/').slice(0, 2).join('/');
  return usable.find((e) => entryPlatform(e.platform)?.split('/').slice(0, 2).join('/') === osArch);
}

function shortDigest(digest: string): string {
  return `${digest.slice(0, digest.indexOf(':') + 13)}…`;
}

function mediaTypeOf(res: HttpResponse): string | undefined {
  return header(res, 'content-type')?.split(';')[0].trim().toLowerCase() || undefined;
}

export class RegistryClient {
  /** Bearer tokens by realm/service/scope/credential source, until they expire. */
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(readonly cache: DigestCache) {}

  /** Whether `host` (docker's domain or a URL host) may be reached over plain HTTP. */
  plainHttpAllowed(host: string, opts: ResolveOptions): boolean {
    if (isLoopback(host)) return true;
    const h = host.toLowerCase();
    return (opts.insecureRegistries ?? []).some((e) => {
      const entry = e
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\//, '')
        .replace(/\/+$/, '');
      return entry === h || (!/:\d+$/.test(entry) && entry === stripPort(h));
    });
  }

  async resolve(input: NormalisedRef, opts: ResolveOptions = {}): Promise<Resolved> {
    const t0 = performance.now();
    const ref = withDefaultTag(input) as NormalisedRef & { tag: string };
    const key = `${ref.name}:${ref.tag}`;
    const cached = this.cache.get(key, !!opts.offline);
    if (cached) {
      return {
        ref,
        digest: cached.digest,
        mediaType: cached.mediaType,
        isIndex: !!cached.mediaType && LIST_TYPES.has(cached.mediaType),
        source: 'cache',
        ageMs: Date.now() - cached.at,
        stale: cached.stale,
        ms: performance.now() - t0,
      };
    }
    if (opts.offline) {
      throw new RegistryError('offline', `offline mode (bosun.registry.offline) and no cached digest for ${ref.familiar}:${ref.tag}`);
    }
    const ctx = this.context(ref, opts);
    const found = await this.onEndpoint(ctx, (origin) => this.manifestDigest(new URL(`${origin}/v2/${ref.path}/manifests/${ref.tag}`), ctx));
    this.cache.set(key, { digest: found.digest, mediaType: found.mediaType, at: Date.now() });
    return { ref, ...found, isIndex: !!found.mediaType && LIST_TYPES.has(found.mediaType), source: 'registry', ageMs: 0, stale: false, ms: performance.now() - t0 };
  }

  /**
   * The image config of `input` for `platform` (`linux/amd64`): the manifest the tag or digest names,
   * the platform's manifest when that is an index, then the config blob. Every body is checked
   * against the digest it was asked by. No cache here (see facts-cache.ts); one deadline for all.
   */
  async imageConfig(input: NormalisedRef, platform: string, opts: ResolveOptions = {}): Promise<FetchedConfig> {
    const t0 = performance.now();
    if (opts.offline) throw new RegistryError('offline', `offline mode (bosun.registry.offline): not asking ${input.domain} for ${input.familiar}`);
    const ref = (input.digest ? input : withDefaultTag(input)) as NormalisedRef & { tag: string };
    const ctx = this.context(ref, opts);
    const found = await this.onEndpoint(ctx, async (origin) => {
      const repo = `${origin}/v2/${ref.path}`;
      const top = await this.fetchChecked(new URL(`${repo}/manifests/${ref.digest ?? ref.tag}`), ctx, ref.digest);
      let manifest = parseManifest(top.body, top.mediaType, `${ref.familiar}:${ref.digest ?? ref.tag}`);
      let digest = top.digest;
      let indexDigest: string | undefined;
      if (manifest.manifests) {
        indexDigest = top.digest;
        const entry = pickPlatform(manifest.manifests, platform);
        if (!entry) throw new RegistryError('not-found', `${ref.familiar}: the image index ${shortDigest(top.digest)} has no ${platform} image`);
        const m = await this.fetchChecked(new URL(`${repo}/manifests/${entry.digest}`), ctx, entry.digest);
        manifest = parseManifest(m.body, m.mediaType, `${ref.familiar}@${entry.digest}`);
        if (manifest.manifests) throw new RegistryError('protocol', `${ref.familiar}: the index entry for ${platform} is another index`);
        digest = entry.digest;
      }
      const configDigest = manifest.config?.digest;
      if (typeof configDigest !== 'string' || !DIGEST_FORMAT.test(configDigest)) {
        throw new RegistryError('protocol', `${ref.familiar}: the manifest ${shortDigest(digest)} names no image config`);
      }
      const blob = await this.fetchChecked(new URL(`${repo}/blobs/${configDigest}`), ctx, configDigest);
      let config: unknown;
      try {
        config = JSON.parse(blob.body.toString('utf8'));
      } catch {
        throw new RegistryError('protocol', `${ref.familiar}: the image config ${shortDigest(configDigest)} is not JSON`);
      }
      return { digest, indexDigest, config, auth: blob.auth };
    });
    return { ref, ...found, ms: performance.now() - t0 };
  }

  private context(ref: NormalisedRef & { tag: string }, opts: ResolveOptions): Ctx {
    const timeoutMs = opts.timeoutMs && opts.timeoutMs > 0 ? opts.timeoutMs : DEFAULT_TIMEOUT_MS;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
    return { ref, opts, http: { signal, timeoutMs, timedOut: () => deadline.aborted } };
  }

  /** Runs `attempt` against the registry's origin: HTTPS, then plain HTTP where that is allowed. */
  private async onEndpoint<T>(ctx: Ctx, attempt: (origin: string) => Promise<T>): Promise<T & { endpoint: string }> {
    const { ref } = ctx;
    const apiHost = ref.domain === 'docker.io' ? 'registry-1.docker.io' : ref.domain;
    const plain = this.plainHttpAllowed(ref.domain, ctx.opts);
    let httpsError: RegistryError | undefined;
    for (const scheme of plain ? ['https', 'http'] : ['https']) {
      const origin = `${scheme}://${apiHost}`;
      try {
        return { ...(await attempt(origin)), endpoint: origin };
      } catch (e) {
        const err = e instanceof RegistryError ? e : new RegistryError('protocol', String(e));
        // docker's order for insecure registries: HTTPS, then plain HTTP when TLS or the connection fails.
        if (scheme === 'https' && plain && (err.kind === 'tls' || err.kind === 'unreachable')) {
          httpsError = err;
          continue;
        }
        throw httpsError?.kind === 'tls' && err.kind === 'unreachable' ? httpsError : err;
      }
    }
    throw httpsError ?? new RegistryError('unreachable', `cannot reach ${apiHost}`);
  }

  /** GET a manifest or blob; its body must hash to `expected` when one is given. */
  private async fetchChecked(url: URL, ctx: Ctx, expected: string | undefined): Promise<{ body: Buffer; digest: string; mediaType?: string; auth: string }> {
    const { res, auth } = await this.authorized(url, 'GET', ctx);
    const what = `${ctx.ref.familiar} (${url.pathname.split('/').slice(-2).join('/')})`;
    if (res.status === 404) throw new RegistryError('not-found', `${what} not found on ${url.host} (HTTP 404)`);
    if (res.status === 403) throw new RegistryError('denied', `${url.host} denied access to ${ctx.ref.path} (HTTP 403)`);
    if (res.status === 429) throw new RegistryError('protocol', `${url.host} is rate limiting requests (HTTP 429); try again later`);
    if (res.status !== 200) throw new RegistryError('protocol', `${url.host} answered HTTP ${res.status} for ${what}`);
    const algorithm = expected?.startsWith('sha512:') ? 'sha512' : 'sha256';
    const digest = `${algorithm}:${createHash(algorithm).update(res.body).digest('hex')}`;
    if (expected && digest !== expected) throw new RegistryError('protocol', `${url.host} sent ${what} whose content does not match its digest`);
    return { body: res.body, digest, mediaType: mediaTypeOf(res), auth };
  }

  private async manifestDigest(url: URL, ctx: Ctx): Promise<{ digest: string; mediaType?: string; auth: string }> {
    const what = `${ctx.ref.familiar}:${ctx.ref.tag}`;
    let { res, auth } = await this.authorized(url, 'HEAD', ctx);
    if (res.status === 405 || res.status === 501) ({ res, auth } = await this.authorized(url, 'GET', ctx));
    if (res.status === 404) {
      throw new RegistryError('not-found', `${what} not found: ${url.host} has no tag "${ctx.ref.tag}" in ${ctx.ref.path} (HTTP 404)`);
    }
    if (res.status === 403) throw new RegistryError('denied', `${url.host} denied access to ${ctx.ref.path} (HTTP 403)`);
    if (res.status === 429) throw new RegistryError('protocol', `${url.host} is rate limiting requests (HTTP 429); try again later`);
    if (res.status !== 200) throw new RegistryError('protocol', `${url.host} answered HTTP ${res.status} for ${what}`);
    let mediaType = mediaTypeOf(res);
    let digest = header(res, 'docker-content-digest')?.trim();
    if (!digest || !DIGEST_FORMAT.test(digest)) {
      // No (usable) Docker-Content-Digest: the digest is the sha256 of the manifest bytes as served.
      const got = await this.authorized(url, 'GET', ctx);
      if (got.res.status !== 200) throw new RegistryError('protocol', `${url.host} answered HTTP ${got.res.status} to GET ${what}`);
      digest = `sha256:${createHash('sha256').update(got.res.body).digest('hex')}`;
      mediaType = mediaTypeOf(got.res) ?? mediaType;
      auth = got.auth;
      if (!mediaType || !(MANIFEST_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
        try {
          const m = JSON.parse(got.res.body.toString('utf8')) as { mediaType?: unknown };
          if (typeof m.mediaType === 'string') mediaType = m.mediaType;
        } catch {
          throw new RegistryError('protocol', `${url.host} sent a manifest for ${what} that is not JSON`);
        }
      }
    }
    if (mediaType?.startsWith('application/vnd.docker.distribution.manifest.v1')) {
      throw new RegistryError('protocol', `${url.host} only has a legacy schema 1 manifest for ${what}; it cannot be pinned reliably`);
    }
    return { digest, mediaType, auth };
  }

  /** Sends the request, answering the registry's 401 challenge (anonymous token first, then credentials). */
  private async authorized(url: URL, method: 'HEAD' | 'GET', ctx: Ctx): Promise<{ res: HttpResponse; auth: string }> {
    const repoKey = `${url.origin}/${ctx.ref.path}`;
    const remembered = this.tokens.get(repoKey);
    let authorization = remembered && remembered.expiresAt > Date.now() ? `Bearer ${remembered.token}` : undefined;
    let auth = authorization ? 'bearer token (reused)' : 'anonymous';
    let triedAnonymous = false;
    for (let round = 0; round < 4; round++) {
      const { res, from } = await this.send(url, method, authorization, ctx);
      if (res.status !== 401) return { res, auth };
      if (from.origin !== url.origin) {
        // The registry handed the request to another server, which wants credentials: not ours to give.
        throw new RegistryError(
          'unauthorized',
          `${url.host} redirected to ${from.origin}, which asks for credentials; Bosun sends the credentials for ${url.host} only to ${url.host}`,
        );
      }
      const challenges = parseChallenges(headerValues(res, 'www-authenticate').join(', '));
      const bearer = challenges.find((c) => c.scheme === 'bearer');
      const basic = challenges.find((c) => c.scheme === 'basic');
      if (!bearer && !basic) throw new RegistryError('unauthorized', `${url.host} answered 401 without a Bearer or Basic challenge`);
      if (bearer) {
        const scope = bearer.params.scope || `repository:${ctx.ref.path}:pull`;
        if (!ctx.credentials && !triedAnonymous) {
          triedAnonymous = true;
          // Anonymous first: public images need no credentials, and we read none unless we must.
          const token = await this.token(bearer, scope, undefined, ctx).catch((e) => {
            if (e instanceof RegistryError && e.kind === 'unauthorized') return undefined;
            throw e;
          });
          if (token) {
            authorization = `Bearer ${token.token}`;
            auth = 'bearer token (anonymous)';
            this.remember(repoKey, token);
            continue;
          }
        }
        const realm = safeUrl(bearer.params.realm);
        if (realm && !mayReceiveCredentials(url, realm)) {
          throw new RegistryError(
            'unauthorized',
            `${url.host} needs credentials for ${ctx.ref.path}, but its token server ${realm.origin} is not on ${url.origin} or its own domain; Bosun sends the credentials for ${url.host} only to that registry`,
          );
        }
        const creds = await this.credentialsOnce(url, ctx);
        const token = await this.token(bearer, scope, creds, ctx);
        authorization = `Bearer ${token.token}`;
        auth = `bearer token (credentials from ${creds.source})`;
        this.remember(repoKey, token);
        continue;
      }
      const creds = await this.credentialsOnce(url, ctx);
      const basicAuth = basicHeader(creds);
      if (!basicAuth) throw new RegistryError('unauthorized', `${url.host} wants a user name and password, but ${creds.source} holds an identity token`);
      authorization = basicAuth;
      auth = `basic (credentials from ${creds.source})`;
    }
    throw new RegistryError('unauthorized', `${url.host} kept answering 401`);
  }

  /** The user's credentials for this registry, at most once per resolution; throws when there are none. */
  private async credentialsOnce(url: URL, ctx: Ctx): Promise<Credentials> {
    const where = `${url.host} needs credentials for ${ctx.ref.path}`;
    if (ctx.credentials) throw new RegistryError('unauthorized', `${url.host} refused the credentials from ${ctx.credentials.source} for ${ctx.ref.path} (HTTP 401)`);
    const found = await lookupCredentials(ctx.ref.domain, {
      useDockerCredentials: !!ctx.opts.useDockerCredentials,
      credentialHelpers: !!ctx.opts.credentialHelpers,
      signal: ctx.http.signal,
      configDir: ctx.opts.dockerConfigDir,
      workspaceFolders: ctx.opts.workspaceFolders,
    });
    if (ctx.http.signal.aborted)
      throw new RegistryError(ctx.http.timedOut() ? 'timeout' : 'cancelled', ctx.http.timedOut() ? `${url.host} did not answer within ${ctx.http.timeoutMs} ms` : 'cancelled');
    if (!found.credentials) throw new RegistryError('unauthorized', `${where} (HTTP 401): ${found.hint}`);
    ctx.credentials = found.credentials;
    return found.credentials;
  }

  private remember(key: string, token: { token: string; expiresAt: number }): void {
    if (this.tokens.size > 500) this.tokens.clear(); // a long session against many repositories
    this.tokens.set(key, token);
  }

  private async token(challenge: Challenge, scope: string, creds: Credentials | undefined, ctx: Ctx) {
    const key = `${challenge.params.realm}|${challenge.params.service}|${scope}|${creds?.source ?? ''}`;
    const hit = this.tokens.get(key);
    if (hit && hit.expiresAt - 10_000 > Date.now()) return hit;
    const token = await fetchToken({
      challenge,
      scope,
      credentials: creds,
      http: ctx.http,
      allowHttp: (u) => this.plainHttpAllowed(u.host, ctx.opts),
    });
    this.remember(key, token);
    return token;
  }

  /**
   * One request, following at most a few redirects; the Authorization header never leaves its
   * origin. `from` is the URL that gave the final answer.
   */
  private async send(url: URL, method: 'HEAD' | 'GET', authorization: string | undefined, ctx: Ctx): Promise<{ res: HttpResponse; from: URL }> {
    let current = url;
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = { accept: ACCEPT };
      if (authorization && current.origin === url.origin) headers.authorization = authorization;
      const res = await request(current, { ...ctx.http, method, headers });
      const location = header(res, 'location');
      if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return { res, from: current };
      if (hops >= MAX_REDIRECTS) throw new RegistryError('protocol', `${url.host} redirected too often`);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && this.plainHttpAllowed(next.host, ctx.opts))) {
        throw new RegistryError('insecure', `${url.host} redirected to ${next.origin}, which is not HTTPS`);
      }
      current = next;
    }
  }
}

function safeUrl(text: string | undefined): URL | undefined {
  try {
    return new URL(text ?? '');
  } catch {
    return undefined;
  }
}
