import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { describePort, portMappings, portsIgnored } from '../languages/compose-ports.js';
import { publicAdminPort } from '../shared/compose-ports.js';

/** HTTP and HTTPS: a reverse proxy or web server publishing them is the normal, intended case. */
const DEFAULT_ALLOWED = [80, 443];

/** The `allow` option: host ports below 1024 that are fine to publish (replaces the default list). */
function allowedPorts(options: { readonly allow?: unknown }): Set<number> {
  const allow = options.allow;
  if (!Array.isArray(allow)) return new Set(DEFAULT_ALLOWED);
  return new Set(allow.map(Number).filter((n) => Number.isInteger(n)));
}

export default defineRule({
  meta: {
    code: 'DC042',
    name: 'no-privileged-host-ports',
    language: 'compose',
    scope: 'unit',
    title: 'Privileged host port (below 1024) published',
    why:
      'Host ports below 1024 are reserved for services started by root; a container that takes one can pose as a ' +
      'system service (DNS, SMTP, LDAP, NTP) to the host and its network.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'network', 'CIS-5.8'],
    others: {
      kics: ['Privileged Ports Mapped In Container'],
    },
    messages: {
      privileged: message(
        'Service {{service}} publishes host port {{hostPort}} ({{port}}), a privileged port normally held by a system ',
        'service started by root. Use a host port of 1024 or above unless this container is meant to provide that service.',
      ),
    },
  },
  options: ['allow'],
  *check({ model, options }) {
    const allowed = allowedPorts(options);
    for (const svc of checkedServices(model)) {
      if (portsIgnored(svc)) continue;
      for (const p of portMappings(svc)) {
        // Port 0 asks for a random port; an admin port on all interfaces is DC041's error already.
        const range = p.published;
        if (!range || publicAdminPort(p) !== undefined || !p.span) continue;
        let hostPort: number | undefined;
        for (let port = Math.max(range.start, 1); port <= Math.min(range.end, 1023); port++) {
          if (!allowed.has(port)) {
            hostPort = port;
            break;
          }
        }
        if (hostPort === undefined) continue;
        const related = p.relatedAs('the port is written here');
        yield { messageId: 'privileged', span: p.span, data: { service: svc.name, hostPort, port: describePort(p) }, ...(related.length ? { related } : {}) };
      }
    }
  },
});
