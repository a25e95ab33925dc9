import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { bindLoopbackEdit, bindsAllInterfaces, describePort, type PortMapping, portMappings, portsIgnored, rangeHits } from '../languages/compose-ports.js';

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
  if (!range) return undefined;
  // One port (the usual case) is looked up; a range is compared with each admin port.
  if (range.start === range.end) return ADMIN_PORTS.has(range.start) ? range.start : undefined;
  return rangeHits(range, ADMIN_PORTS.keys());
}

interface FixData {
  service: string;
  index: number;
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC041',
    name: 'no-public-admin-ports',
    language: 'compose',
    scope: 'unit',
    title: 'Database or admin port published on all interfaces',
    why:
      'SSH, the Docker API, etcd, Consul and database or cache ports published on every host interface are found by ' +
      'internet-wide scanners within hours; Docker\'s own firewall rules make them reachable even when the host firewall blocks them.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'network', 'CIS-5.14', 'CWE-668', 'CWE-284'],
    catalog: ['DC-NET-004'],
    others: {},
    messages: {
      published:
        'Service {{service}} publishes port {{port}} ({{what}}) on all host interfaces: Docker opens it past the host ' +
        'firewall, so anyone who can reach the host can reach {{what}}. Bind it to 127.0.0.1, or do not publish it and ' +
        'let other services reach it over a Compose network.',
      random:
        'Service {{service}} publishes container port {{port}} ({{what}}) on a random host port on all interfaces: ' +
        'Docker opens it past the host firewall. Bind it to 127.0.0.1, or do not publish it and let other services ' +
        'reach it over a Compose network.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      if (portsIgnored(model, svc)) continue;
      const ports = portMappings(model, svc);
      for (const [index, p] of ports.entries()) {
        const port = publicAdminPort(p);
        if (port === undefined) continue;
        const report: Report = {
          messageId: p.published === null ? 'random' : 'published',
          span: p.span,
          data: { service: svc.name, port: p.published === null ? String(port) : describePort(p), what: ADMIN_PORTS.get(port) ?? 'an admin service' },
          fixData: { service: svc.name, index } satisfies FixData,
        };
        if (p.inheritedFrom) report.related = [{ span: p.inheritedFrom, message: 'the port is written here' }];
        yield report;
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData as FixData | undefined;
    const svc = data && model.services.find((s) => s.name === data.service);
    const p = svc && portMappings(model, svc)[data.index];
    const bind = p && bindLoopbackEdit(model, p);
    return bind ? [{ title: `Bind to ${bind.address} (reachable from this host only)`, safe: false, edits: [bind.edit] }] : [];
  },
});
