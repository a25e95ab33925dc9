/**
 * The registry's `WWW-Authenticate` challenge and the token flow of the distribution spec:
 * `Bearer realm=…,service=…,scope=…` → GET realm?service=…&scope=… (anonymously first, with the
 * user's credentials only when allowed and needed) → `{token | access_token}`; or `Basic`.
 */
import { RegistryError } from './errors.js';
import { type HttpRequest, header, request } from './http.js';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const isTokenChar = (c: string | undefined) => c !== undefined && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(c);

/** Parses one or more challenges (RFC 9110 §11.6.1), as node joins repeated headers with ", ". */
export function parseChallenges(value: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const skip = (chars: RegExp) => {
    while (i < value.length && chars.test(value[i])) i++;
  };
  const token = () => {
    const start = i;
    while (isTokenChar(value[i])) i++;
    return value.slice(start, i);
  };
  while (i < value.length) {
    skip(/[\s,]/);
    const scheme = token();
    if (!scheme) break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    out.push(challenge);
    for (;;) {
      skip(/[\s,]/);
      const save = i;
      const name = token();
      skip(/[ \t]/);
      if (!name || value[i] !== '=') {
        i = save; // the next challenge's scheme (or a token68 we do not need)
        if (!name) i++;
        break;
      }
      i++;
      skip(/[ \t]/);
      let v = '';
      if (value[i] === '"') {
        i++;
        while (i < value.length && value[i] !== '"') {
          if (value[i] === '\\' && i + 1 < value.length) i++;
          v += value[i++];
        }
        i++;
      } else {
        // Lenient: registries have been seen sending unquoted URLs, which are not RFC tokens.
        const start = i;
        while (i < value.length && value[i] !== ',' && !/\s/.test(value[i])) i++;
        v = value.slice(start, i);
      }
      challenge.params[name.toLowerCase()] = v;
    }
  }
  return out;
}

export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (`identitytoken` in config.json, `<token>` user of a helper). */
  identityToken?: string;
  /** Where they came from, for messages (never the secret itself). */
  source: string;
}

export function basicHeader(c: Credentials): string | undefined {
  if (c.username === undefined || c.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

export interface TokenRequest {
  challenge: Challenge;
  scope: string;
  credentials?: Credentials;
  http: Omit<HttpRequest, 'method' | 'headers' | 'body'>;
  /** Whether plain HTTP may be used for this realm's host. */
  allowHttp: (url: URL) => boolean;
}

export interface Token {
  token: string;
  expiresAt: number;
}

/** Fetches a bearer token; a 401/403 from the token server becomes a RegistryError('unauthorized'). */
export async function fetchToken(t: TokenRequest): Promise<Token> {
  const realm = t.challenge.params.realm;
  let url: URL;
  try {
    url = new URL(realm ?? '');
  } catch {
    throw new RegistryError('protocol', `the registry asked for a token but gave no usable realm (${realm ?? 'none'})`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && t.allowHttp(url))) {
    throw new RegistryError('insecure', `the registry's token server ${url.origin} is not HTTPS; add its host to bosun.registry.insecureRegistries if you trust it`);
  }
  const service = t.challenge.params.service;
  const headers: Record<string, string> = { accept: 'application/json' };
  let method: 'GET' | 'POST' = 'GET';
  let body: string | undefined;
  if (t.credentials?.identityToken) {
    // OAuth2 refresh-token grant, as docker does for identity tokens.
    method = 'POST';
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t.credentials.identityToken, client_id: 'bosun', scope: t.scope });
    if (service) form.set('service', service);
    body = form.toString();
  } else {
    if (service) url.searchParams.set('service', service);
    url.searchParams.set('scope', t.scope);
    const basic = t.credentials && basicHeader(t.credentials);
    if (basic) headers.authorization = basic;
  }
  const res = await request(url, { ...t.http, method, headers, body, maxBytes: 1024 * 1024 });
  if (res.status === 401 || res.status === 403) {
    throw new RegistryError(
      'unauthorized',
      t.credentials
        ? `the token server ${url.host} refused the credentials from ${t.credentials.source} (HTTP ${res.status})`
        : `the token server ${url.host} wants credentials for ${t.scope} (HTTP ${res.status})`,
    );
  }
  if (res.status !== 200) throw new RegistryError('protocol', `the token server ${url.host} answered HTTP ${res.status}`);
  let json: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    json = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new RegistryError('protocol', `the token server ${url.host} sent something that is not JSON (${header(res, 'content-type') ?? 'no content type'})`);
  }
  const token = typeof json.token === 'string' && json.token ? json.token : json.access_token;
  if (typeof token !== 'string' || !token) throw new RegistryError('protocol', `the token server ${url.host} sent no token`);
  const seconds = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 60;
  return { token, expiresAt: Date.now() + seconds * 1000 };
}
