/**
 * The user's registry credentials, read only when the user allowed it (`bosun.registry.useDockerCredentials`)
 * and only for the registry being contacted: `auths` entries of docker's config.json
 * (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`), and — separately opt-in
 * (`bosun.registry.credentialHelpers`) — the credential helpers it names (`credHelpers`, `credsStore`).
 * Nothing is ever written, cached on disk or logged.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Credentials } from './auth.js';
import { findHelper, isPlainHelperName, runHelper } from './helpers.js';

export interface CredentialPolicy {
  /** Read `auths` from config.json. */
  useDockerCredentials: boolean;
  /** Also run `docker-credential-<helper> get`. */
  credentialHelpers: boolean;
  signal: AbortSignal;
  /** Where config.json lives; defaults to $DOCKER_CONFIG or ~/.docker. */
  configDir?: string;
  /** Folders being checked: a credential helper is never run from inside them. */
  workspaceFolders?: readonly string[];
}

export interface CredentialLookup {
  credentials?: Credentials;
  /** When none were found: what the user could do about it. */
  hint?: string;
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** Docker Hub's credentials live under its legacy v1 index URL. */
const HUB_KEY = 'https://index.docker.io/v1/';
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `https://ghcr.io/v2/` → `ghcr.io`: config keys are written in many shapes. */
function keyHost(key: string): string {
  return key
    .replace(/^[a-z]+:\/\//i, '')
    .split('/')[0]
    .toLowerCase();
}

function matches(key: string, domain: string): boolean {
  const host = keyHost(key);
  const d = domain.toLowerCase();
  return HUB_HOSTS.has(d) ? HUB_HOSTS.has(host) : host === d;
}

export function dockerConfigDir(): string {
  return process.env.DOCKER_CONFIG || join(homedir(), '.docker');
}

async function readConfig(dir: string): Promise<DockerConfig | undefined> {
  try {
    const json = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    return json && typeof json === 'object' ? (json as DockerConfig) : undefined;
  } catch {
    return undefined;
  }
}

function fromAuthEntry(entry: NonNullable<DockerConfig['auths']>[string], source: string): Credentials | undefined {
  if (typeof entry?.identitytoken === 'string' && entry.identitytoken) return { identityToken: entry.identitytoken, source };
  if (typeof entry?.auth === 'string' && entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
  }
  if (typeof entry?.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password, source };
  return undefined;
}

/** Credentials for `domain` (docker's name for it: `docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
export async function lookupCredentials(domain: string, policy: CredentialPolicy): Promise<CredentialLookup> {
  if (!policy.useDockerCredentials && !policy.credentialHelpers) {
    return { hint: 'Bosun does not read your docker credentials unless you allow it: set bosun.registry.useDockerCredentials' };
  }
  const dir = policy.configDir ?? dockerConfigDir();
  const config = await readConfig(dir);
  const file = join(dir, 'config.json');
  if (!config) return { hint: `no docker credentials found (${file} is missing or unreadable); run docker login` };
  const helpers = config.credHelpers && typeof config.credHelpers === 'object' ? config.credHelpers : {};
  const helper: unknown = Object.entries(helpers).find(([k]) => matches(k, domain))?.[1] ?? (config.credsStore || undefined);
  if (policy.useDockerCredentials) {
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
      if (!matches(key, domain)) continue;
      const creds = fromAuthEntry(entry, `${file} (auths."${key}")`);
      if (creds) return { credentials: creds };
    }
  }
  if (helper !== undefined) {
    if (!isPlainHelperName(helper)) {
      return { hint: `Bosun refused the credential helper name ${JSON.stringify(String(helper)).slice(0, 80)} in ${file}: not a plain program name` };
    }
    if (!policy.credentialHelpers) {
      return { hint: `your docker credentials for ${domain} are kept by docker-credential-${helper}; allow it with bosun.registry.credentialHelpers` };
    }
    const found = await findHelper(helper, policy.workspaceFolders ?? []);
    if ('refused' in found) return { hint: `Bosun refused to run ${found.refused}` };
    if ('missing' in found) return { hint: `${found.missing}; install it or run docker login ${domain}` };
    const serverUrl = HUB_HOSTS.has(domain.toLowerCase()) ? HUB_KEY : domain;
    const creds = await runHelper(found.path, helper, serverUrl, policy.signal);
    if (creds) return { credentials: creds };
    return { hint: `docker-credential-${helper} has no credentials for ${domain}; run docker login ${domain}` };
  }
  if (!policy.useDockerCredentials) return { hint: "set bosun.registry.useDockerCredentials to use the credentials in docker's config.json" };
  return { hint: `${file} has no credentials for ${domain}; run docker login ${HUB_HOSTS.has(domain) ? '' : domain}`.trimEnd() };
}
