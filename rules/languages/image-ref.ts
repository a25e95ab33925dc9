/**
 * Image references as docker reads them: `[registry[:port]/]path[:tag][@digest]`.
 * The first path component is a registry only when it has a `.` or `:`, or is `localhost`.
 */
export interface ImageRef {
  /** As written (after variable substitution). */
  text: string;
  /** Registry host as written, if any (`ghcr.io`, `127.0.0.1:5000`). */
  registry?: string;
  /** Repository path without registry (`library/node` is only added by `normalise`). */
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

/** Parses a reference; returns undefined when it is not a valid reference. */
export function parseImageRef(text: string): ImageRef | undefined {
  if (!text || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  return { text, registry, repository: parts.join('/'), tag, digest };
}

/** docker's normalisation: `nginx` → registry docker.io, repository library/nginx. */
export function normaliseImageRef(ref: ImageRef): Required<Pick<ImageRef, 'registry' | 'repository'>> & ImageRef {
  const registry = !ref.registry || ref.registry === 'index.docker.io' ? 'docker.io' : ref.registry;
  const repository = registry === 'docker.io' && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return { ...ref, registry, repository };
}

// ---------------------------------------------------------------------------------------------
// docker's full reference grammar and normalisation (distribution/reference, as `docker pull`
// reads a name). Written as small scanners rather than one big regular expression: no nested
// quantifiers, linear time on any input.
// ---------------------------------------------------------------------------------------------

/** A reference normalised the way docker does: `nginx` → docker.io / library/nginx. */
export interface NormalisedRef {
  /** Registry host and port as docker names it (`docker.io` for Docker Hub, `127.0.0.1:5000`). */
  domain: string;
  /** Repository path inside the registry (`library/nginx`). */
  path: string;
  tag?: string;
  digest?: string;
  /** `domain/path` */
  name: string;
  /** docker's short form (`nginx`, `user/app`, `ghcr.io/o/app`). */
  familiar: string;
}

export type NormalisedRefResult = { ok: true; ref: NormalisedRef } | { ok: false; error: string };

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
/** docker's limit on `domain/path`. */
export const NAME_TOTAL_LENGTH_MAX = 255;
/** Hex lengths of the digest algorithms docker accepts. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const isLowerAlnum = (c: string) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
const isAlnum = (c: string) => isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isHex = (c: string) => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const isWord = (c: string) => isAlnum(c) || c === '_';

/** `[a-z0-9]+` joined by one of `.`, `_`, `__`, or any run of `-`. */
export function isPathComponent(s: string): boolean {
  let i = 0;
  for (;;) {
    const start = i;
    while (i < s.length && isLowerAlnum(s[i])) i++;
    if (i === start) return false;
    if (i === s.length) return true;
    if (s[i] === '.') i++;
    else if (s[i] === '_') i += s[i + 1] === '_' ? 2 : 1;
    else if (s[i] === '-') while (s[i] === '-') i++;
    else return false;
  }
}

/** `[a-zA-Z0-9]` or `[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`. */
function isDomainComponent(s: string): boolean {
  if (!s || !isAlnum(s[0]) || !isAlnum(s[s.length - 1])) return false;
  for (const c of s) if (!isAlnum(c) && c !== '-') return false;
  return true;
}

/** host[:port] where host is a domain name, an IPv4 address, or `[IPv6]` (no zone id). */
export function isDomainAndPort(s: string): boolean {
  let host = s;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 2) return false;
    for (const c of s.slice(1, close)) if (!isHex(c) && c !== ':') return false;
    host = '';
    s = s.slice(close + 1);
    if (!s) return true;
    if (s[0] !== ':') return false;
  } else {
    const colon = s.indexOf(':');
    host = colon < 0 ? s : s.slice(0, colon);
    s = colon < 0 ? '' : s.slice(colon);
    if (!host.split('.').every(isDomainComponent)) return false;
  }
  if (!s) return true;
  const port = s.slice(1);
  return port.length > 0 && [...port].every(isDigit);
}

function isTag(s: string): boolean {
  if (s.length < 1 || s.length > 128 || !isWord(s[0])) return false;
  for (const c of s) if (!isWord(c) && c !== '.' && c !== '-') return false;
  return true;
}

/** `algorithm:hex` as docker accepts it: sha256/sha384/sha512 with lower-case hex of the right length. */
export function checkDigest(s: string): string | undefined {
  const colon = s.indexOf(':');
  if (colon < 1) return `invalid digest "${s}"`;
  const alg = s.slice(0, colon);
  const hex = s.slice(colon + 1);
  const algOk = alg.split(/[-_+.]/).every((p) => /^[A-Za-z][A-Za-z0-9]*$/.test(p));
  if (!algOk || hex.length < 32 || ![...hex].every(isHex)) return `invalid digest "${s}"`;
  const want = Object.hasOwn(DIGEST_HEX_LENGTH, alg) ? DIGEST_HEX_LENGTH[alg] : undefined;
  if (want === undefined) return `unsupported digest algorithm "${alg}"`;
  if (hex.length !== want) return `invalid ${alg} digest length (${hex.length}, expected ${want})`;
  if (hex !== hex.toLowerCase()) return `invalid digest "${s}": hex must be lower case`;
  return undefined;
}

/** docker's splitDockerDomain: the first component is a registry when it looks like a host. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash < 0) return [DEFAULT_DOMAIN, OFFICIAL_PREFIX + name];
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (first === 'localhost' || /[.:]/.test(first) || first.toLowerCase() !== first) {
    [domain, remote] = [first === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : first, rest];
  } else {
    [domain, remote] = [DEFAULT_DOMAIN, name];
  }
  if (domain === DEFAULT_DOMAIN && !remote.includes('/')) remote = OFFICIAL_PREFIX + remote;
  return [domain, remote];
}

/** docker's familiar (short) name of a normalised name. */
function familiarName(domain: string, path: string): string {
  if (domain !== DEFAULT_DOMAIN) return `${domain}/${path}`;
  const short = path.startsWith(OFFICIAL_PREFIX) ? path.slice(OFFICIAL_PREFIX.length) : path;
  return short.includes('/') ? path : short;
}

/**
 * Parses and normalises a reference exactly as `docker pull` does (ParseNormalizedNamed):
 * `nginx` → docker.io/library/nginx, `index.docker.io/x` → docker.io/library/x, `localhost/x` and
 * `host:port/x` keep their registry, upper case is only allowed in the registry host and the tag.
 * No default tag is added (see `withDefaultTag`).
 */
export function parseNormalisedRef(text: string): NormalisedRefResult {
  const fail = (error: string): NormalisedRefResult => ({ ok: false, error });
  if (!text) return fail('empty reference');
  if (/^[a-f0-9]{64}$/.test(text)) return fail('a 64-character hexadecimal string is an image id, not a name');
  const [domain, remainder] = splitDockerDomain(text);
  const colon = remainder.indexOf(':');
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (remote.toLowerCase() !== remote) return fail(`repository name "${remote}" must be lower case`);

  let rest = remainder;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digest || !rest) return fail('invalid reference format');
    const problem = checkDigest(digest);
    if (problem) return fail(problem);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const tagColon = rest.lastIndexOf(':');
  if (tagColon > slash) {
    tag = rest.slice(tagColon + 1);
    rest = rest.slice(0, tagColon);
    if (!isTag(tag)) return fail(`invalid tag "${tag}"`);
  }
  if (!isDomainAndPort(domain)) return fail(`invalid registry host "${domain}"`);
  const components = rest.split('/');
  if (!components.every(isPathComponent)) return fail(`invalid repository name "${rest}"`);
  const name = `${domain}/${rest}`;
  if (name.length > NAME_TOTAL_LENGTH_MAX) return fail(`repository name must not be longer than ${NAME_TOTAL_LENGTH_MAX} characters`);
  return { ok: true, ref: { domain, path: rest, tag, digest, name, familiar: familiarName(domain, rest) } };
}

/** docker's TagNameOnly: a reference with neither tag nor digest means `:latest`. */
export function withDefaultTag(ref: NormalisedRef): NormalisedRef {
  return ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' };
}

/** The full string form: `docker.io/library/nginx:1.27@sha256:…`. */
export function normalisedRefString(ref: Pick<NormalisedRef, 'name' | 'tag' | 'digest'>): string {
  return `${ref.name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
