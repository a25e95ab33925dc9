import { isCiOrTestFile } from '../knowledge/file-roles.js';
import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { bindsAllInterfaces, describePort, portMappings, portsIgnored } from '../languages/compose-ports.js';
import { bindLoopbackFix, type PortFixData, publicAdminPort } from '../shared/compose-ports.js';

/** The standard public web ports. */
const WEB_PORTS = new Set([80, 443]);

export default defineRule({
  meta: {
    code: 'DC040',
    name: 'no-unbound-ports',
    language: 'compose',
    scope: 'unit',
    title: 'Port published on all host interfaces',
    why:
      'A port published without a host IP listens on every interface of the host, and Docker inserts its own ' +
      'firewall rules ahead of the host firewall (ufw, firewalld), so the port is reachable from the network even when the host firewall says no.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'network', 'CIS-5.14', 'CWE-668'],
    others: {
      kics: ['Container Traffic Not Bound To Host Interface'],
      composeLint: ['CL-0005'],
      dclint: ['no-unbound-port-interfaces'],
    },
    messages: {
      noHostIp: message(
        'Service {{service}} publishes {{port}} on all host interfaces: Docker opens it past the host firewall. ',
        'Bind it to the address it is meant for ("127.0.0.1:{{port}}" to keep it on this host).',
      ),
      unspecified: message(
        'Service {{service}} publishes {{port}} on {{ip}}, every host interface: Docker opens it past the host firewall. ',
        'Bind it to the address it is meant for (127.0.0.1 to keep it on this host).',
      ),
      random: message(
        'Service {{service}} publishes container port {{port}} on a random host port on all host interfaces: Docker opens ',
        'it past the host firewall. Bind it to an address ("127.0.0.1::{{port}}"), or use `expose` if only other services need it.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model, path }) {
    // A CI or test file runs on a throwaway runner or a developer's machine, not a server: a level lower.
    const level = isCiOrTestFile(path) ? 'hint' : undefined;
    for (const svc of checkedServices(model)) {
      if (portsIgnored(svc)) continue;
      for (const [index, p] of portMappings(svc).entries()) {
        // Database and admin ports get DC041's error instead of a second, near-identical finding.
        if (!bindsAllInterfaces(p) || publicAdminPort(p) !== undefined || !p.span) continue;
        // HTTP and HTTPS on 80/443 are published to be reached from everywhere: a reverse proxy's job.
        if (p.published && p.published.start === p.published.end && WEB_PORTS.has(p.published.start)) continue;
        const port = describePort(p);
        const messageId = p.hostIp !== '' ? 'unspecified' : p.published === null ? 'random' : 'noHostIp';
        const related = p.relatedAs('the port is written here');
        yield {
          messageId,
          span: p.span,
          data: { service: svc.name, port, ip: p.hostIp ?? '' },
          fixData: { service: svc.name, index } satisfies PortFixData,
          ...(level ? { level } : {}),
          ...(related.length ? { related } : {}),
        };
      }
    }
  },
  fix: (report, { model }) => bindLoopbackFix(model, report),
});
