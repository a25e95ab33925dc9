/**
 * Image facts from an image config blob (the OCI image config / Docker v2 container config): what
 * rules and hover may use, cleaned. A config comes from whatever registry a Dockerfile names, and the
 * lock file from the repository: every string is cut to a bounded length and stripped of control
 * characters, every list is capped, and anything of the wrong type is dropped.
 */
import type { ImageFacts } from '../../../rules/api.js';

const MAX_STRING = 1024;
const MAX_ITEMS = 128;
const OCI_LABEL = 'org.opencontainers.image.';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(value: unknown, max = MAX_STRING): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.replace(CONTROL, ' ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function cleanList(value: unknown, max = MAX_ITEMS): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.slice(0, max).flatMap((v) => cleanText(v) ?? []);
}

function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The part of facts that belongs to an image (a manifest digest), whatever name it was asked by. */
export type ImageFactsBody = Omit<ImageFacts, 'reference' | 'platform' | 'indexDigest' | 'fetchedAt' | 'source'>;

/** Facts from a parsed config blob (`config.User`, `config.Healthcheck.Test`, …). */
export function factsFromConfig(config: unknown, digest: string): ImageFactsBody {
  const c = (config && typeof config === 'object' ? config : {}) as Record<string, unknown>;
  const inner = (c.config && typeof c.config === 'object' ? c.config : {}) as Record<string, unknown>;
  const healthcheck = inner.Healthcheck && typeof inner.Healthcheck === 'object' ? (inner.Healthcheck as Record<string, unknown>).Test : undefined;
  const labels: Record<string, string> = {};
  if (inner.Labels && typeof inner.Labels === 'object') {
    for (const [k, v] of Object.entries(inner.Labels as Record<string, unknown>).slice(0, 512)) {
      const value = cleanText(v);
      if (k.startsWith(OCI_LABEL) && k.length <= 128 && value !== undefined && Object.keys(labels).length < 32) labels[cleanText(k)!] = value;
    }
  }
  const ports = inner.ExposedPorts && typeof inner.ExposedPorts === 'object' ? Object.keys(inner.ExposedPorts).filter((p) => /^\d{1,5}(?:\/(?:tcp|udp|sctp))?$/i.test(p)) : [];
  return withoutUndefined({
    digest,
    user: cleanText(inner.User, 256) ?? '',
    healthcheck: cleanList(healthcheck, 32),
    env: cleanList(inner.Env) ?? [],
    exposedPorts: ports.slice(0, MAX_ITEMS),
    entrypoint: cleanList(inner.Entrypoint, 64),
    cmd: cleanList(inner.Cmd, 64),
    created: isoDate(c.created),
    os: cleanText(c.os, 32),
    architecture: cleanText(c.architecture, 32),
    variant: cleanText(c.variant, 32),
    labels,
  });
}

const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/;

/**
 * Facts stored by Bosun (cache, lock file) read back: the same cleaning as a registry's answer, and
 * undefined when the entry is not facts at all.
 */
export function readStoredFacts(raw: unknown, meta: Pick<ImageFacts, 'reference' | 'platform' | 'source'>): ImageFacts | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const e = raw as Record<string, unknown>;
  if (typeof e.digest !== 'string' || !DIGEST.test(e.digest)) return undefined;
  const fetchedAt = isoDate(e.fetchedAt);
  if (!fetchedAt) return undefined;
  const config = {
    created: e.created,
    os: e.os,
    architecture: e.architecture,
    variant: e.variant,
    config: {
      User: e.user,
      Healthcheck: e.healthcheck ? { Test: e.healthcheck } : undefined,
      Env: e.env,
      ExposedPorts: Array.isArray(e.exposedPorts) ? Object.fromEntries(e.exposedPorts.filter((p) => typeof p === 'string').map((p) => [p, {}])) : undefined,
      Entrypoint: e.entrypoint,
      Cmd: e.cmd,
      Labels: e.labels,
    },
  };
  const indexDigest = typeof e.indexDigest === 'string' && DIGEST.test(e.indexDigest) ? e.indexDigest : undefined;
  return withoutUndefined({ ...meta, ...factsFromConfig(config, e.digest), indexDigest, fetchedAt });
}

/** What a stored entry holds (lock file, cache): facts without what the key already says. */
export function storedFacts(f: ImageFacts | (ImageFactsBody & { indexDigest?: string; fetchedAt: string })): Record<string, unknown> {
  const { reference: _r, platform: _p, source: _s, ...rest } = f as ImageFacts;
  return withoutUndefined(rest);
}

function withoutUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** `docker.io/library/node:20|linux/amd64` → the reference and the platform. */
export function splitFactsKey(key: string): { reference: string; platform: string } {
  const bar = key.lastIndexOf('|');
  return { reference: key.slice(0, bar), platform: key.slice(bar + 1) };
}
