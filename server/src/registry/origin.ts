/**
 * Where a registry's credentials may go. They were configured for one registry (docker's config.json
 * key), so they go to that registry's origin and to the token server it names itself — when that
 * token server is on the same origin, or (HTTPS only) on a host of the registry's own domain, the way
 * Docker Hub (registry-1.docker.io → auth.docker.io) and GitLab (registry.gitlab.com → gitlab.com)
 * split them. Never to a server the registry redirected to, nor to a token server such a server names.
 */
import { isIP } from 'node:net';

/** `registry-1.docker.io` → `docker.io`; undefined for IPs, single labels and `ghcr.io`-style names. */
function ownDomain(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return undefined;
  const labels = host.split('.');
  if (labels.length < 3) return undefined;
  return labels.slice(1).join('.');
}

/** Whether `target` (a token realm) may receive the credentials configured for the registry at `registry`. */
export function mayReceiveCredentials(registry: URL, target: URL): boolean {
  if (target.origin === registry.origin) return true;
  if (target.protocol !== 'https:') return false;
  const domain = ownDomain(registry.hostname);
  if (!domain) return false;
  const host = target.hostname.toLowerCase().replace(/\.$/, '');
  return host === domain || host.endsWith(`.${domain}`);
}
