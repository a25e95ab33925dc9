/** What the port rules (DC040–DC042) share: the admin ports, and the fix that binds a port to loopback. */
import type { Fix } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { bindLoopbackEdit } from '../languages/compose-port-edit.js';
import { bindsAllInterfaces, type PortMapping, portMappings, rangeHits } from '../languages/compose-ports.js';

/** Ports of remote shells, container/cluster control planes, databases and caches that are never meant for the internet. */
export const ADMIN_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [2375, 'the Docker API (no TLS)'],
  [2376, 'the Docker API'],
  [2379, 'etcd'],
  [3306, 'MySQL/MariaDB'],
  [5432, 'PostgreSQL'],
  [6379, 'Redis'],
  [9200, 'Elasticsearch'],
  [27017, 'MongoDB'],
  [11211, 'Memcached'],
  [5984, 'CouchDB'],
  [8500, 'Consul'],
]);

/**
 * The admin port a mapping publishes on every host interface, if any. Judged by the container port
 * (what listens inside), or by the host port when the container port is not known. DC040 leaves
 * these mappings to this rule, so one port gets one finding.
 */
export function publicAdminPort(p: PortMapping): number | undefined {
  if (!bindsAllInterfaces(p)) return undefined;
  const range = p.target ?? p.published ?? undefined;
  return range ? rangeHits(range, ADMIN_PORTS.keys()) : undefined;
}

export interface PortFixData {
  service: string;
  index: number;
}

/** The rule's fix: bind the reported mapping to the loopback address (unsafe: others lose access). */
export function bindLoopbackFix(model: ComposeModel, report: { fixData?: PortFixData }): Fix[] {
  const data = report.fixData;
  const svc = data && model.effective(data.service);
  const p = svc && portMappings(svc)[data.index];
  const bind = p && bindLoopbackEdit(model, p);
  return bind ? [{ title: `Bind to ${bind.address} (reachable from this host only)`, safe: false, edits: [bind.edit] }] : [];
}
