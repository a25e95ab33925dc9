/**
 * The one place that talks HTTP. Plain `node:http`/`node:https` rather than `fetch`: we need the
 * TLS error codes, no automatic redirects (credentials must not follow a redirect to another host),
 * a cap on body sizes, and AbortSignal cancellation that also covers the TLS handshake.
 */
import http from 'node:http';
import https from 'node:https';
import { RegistryError } from './errors.js';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Bodies larger than this are an error (manifests and tokens are small). */
  maxBytes?: number;
  /** Whether the abort came from the deadline (for the message) rather than from the user. */
  timedOut: () => boolean;
  timeoutMs: number;
}

// Keep-alive: the token request and the manifest request usually go to hosts we just talked to.
// Idle sockets are unref'd by node, so they never keep a process alive.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

function isTlsError(e: NodeJS.ErrnoException): boolean {
  const code = e.code ?? '';
  return TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || /\bSSL\b|TLS|certificate/i.test(e.message);
}

/** A network failure as a RegistryError with a message that says what happened. */
export function networkError(e: unknown, url: URL, req: Pick<HttpRequest, 'timedOut' | 'timeoutMs' | 'signal'>): RegistryError {
  if (e instanceof RegistryError) return e;
  const where = `${url.protocol}//${url.host}`;
  if (req.signal.aborted) {
    return req.timedOut() ? new RegistryError('timeout', `${url.host} did not answer within ${req.timeoutMs} ms`) : new RegistryError('cancelled', 'cancelled');
  }
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? '';
  if (isTlsError(err)) return new RegistryError('tls', `TLS error talking to ${where}: ${err.message}${code && !err.message.includes(code) ? ` (${code})` : ''}`);
  if (code === 'ECONNREFUSED') return new RegistryError('unreachable', `${where} refused the connection (is the registry running?)`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new RegistryError('unreachable', `cannot resolve host ${url.hostname}`);
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
    return new RegistryError('unreachable', `${where} closed the connection (${code})`);
  }
  return new RegistryError('unreachable', `cannot reach ${where}: ${err.message}${code ? ` (${code})` : ''}`);
}

export function request(url: URL, req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    if (req.signal.aborted) {
      reject(networkError(new Error('aborted'), url, req));
      return;
    }
    const isHttps = url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const headers: Record<string, string> = { 'user-agent': 'bosun-registry-client', ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      req.signal.removeEventListener('abort', onAbort);
      reject(networkError(e, url, req));
    };
    const r = mod.request(url, { method: req.method, headers, agent: isHttps ? agents.https : agents.http }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const max = req.maxBytes ?? 4 * 1024 * 1024;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          res.destroy();
          fail(new RegistryError('protocol', `${url.host} sent more than ${max} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settled = true;
        req.signal.removeEventListener('abort', onAbort);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    const onAbort = () => r.destroy(new Error('aborted'));
    req.signal.addEventListener('abort', onAbort, { once: true });
    r.on('error', fail);
    r.end(req.body);
  });
}

/** A header's single value (the first when repeated). */
export function header(res: HttpResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Every value of a header, split on repeated headers. */
export function headerValues(res: HttpResponse, name: string): string[] {
  const v = res.headers[name.toLowerCase()];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
