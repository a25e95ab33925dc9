import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { describePort, portMappings, portsIgnored } from '../languages/compose-ports.js';
import { ADMIN_PORTS, bindLoopbackFix, type PortFixData, publicAdminPort } from '../shared/compose-ports.js';

export default defineRule({
  meta: {
    code: 'DC041',
    name: 'no-public-admin-ports',
    language: 'compose',
    scope: 'unit',
    title: 'Database or admin port published on all interfaces',
    why:
      'SSH, the Docker API, etcd, Consul and database or cache ports published on every host interface are found by ' +
      "internet-wide scanners within hours; Docker's own firewall rules make them reachable even when the host firewall blocks them.",
    level: 'error',
    risk: 'high',
    tags: ['security', 'network', 'CIS-5.14', 'CWE-668', 'CWE-284'],
    others: {},
    messages: {
      published: message(
        'Service {{service}} publishes port {{port}} ({{what}}) on all host interfaces: Docker opens it past the host ',
        'firewall, so anyone who can reach the host can reach {{what}}. Bind it to 127.0.0.1, or do not publish it and ',
        'let other services reach it over a Compose network.',
      ),
      random: message(
        'Service {{service}} publishes container port {{port}} ({{what}}) on a random host port on all interfaces: ',
        'Docker opens it past the host firewall. Bind it to 127.0.0.1, or do not publish it and let other services ',
        'reach it over a Compose network.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      if (portsIgnored(svc)) continue;
      for (const [index, p] of portMappings(svc).entries()) {
        const port = publicAdminPort(p);
        if (port === undefined || !p.span) continue;
        const related = p.relatedAs('the port is written here');
        yield {
          messageId: p.published === null ? 'random' : 'published',
          span: p.span,
          data: { service: svc.name, port: p.published === null ? String(port) : describePort(p), what: ADMIN_PORTS.get(port) ?? 'an admin service' },
          fixData: { service: svc.name, index } satisfies PortFixData,
          ...(related.length ? { related } : {}),
        };
      }
    }
  },
  fix: (report, { model }) => bindLoopbackFix(model, report),
});
