import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { display, volumesOf } from '../languages/compose-volumes.js';
import { credentialDir, mountRelated } from '../shared/compose-mounts.js';

export default defineRule({
  meta: {
    code: 'DC031',
    name: 'no-credential-dir-mount',
    language: 'compose',
    scope: 'unit',
    title: 'Home credentials mounted into a service',
    why:
      "Mounting ~/.ssh, ~/.aws, ~/.kube, ~/.docker or similar hands the user's keys and cloud credentials to everything " +
      'that runs in the container, read-only or not: one compromised dependency can take them and reach far beyond the host.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'CIS-5.6', 'CWE-522'],
    others: {
      composeLint: ['CL-0013'],
    },
    messages: {
      credentials: message(
        'Service {{service}} mounts {{path}}, which holds {{what}}; anything running in it can read and send them away. Pass ',
        'only what it needs as a Compose secret, or forward an agent (SSH_AUTH_SOCK) instead of keys.',
      ),
      home: message('Service {{service}} mounts {{path}}: {{what}}; anything running in it can read them. Mount only the project ', 'directory it needs.'),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const m of volumesOf(model, svc)) {
        if (m.hostPath === undefined || !m.span) continue;
        const found = credentialDir(m.hostPath);
        if (!found) continue;
        const related = mountRelated(m, svc.name);
        yield { messageId: found.kind, span: m.span, data: { service: svc.name, path: display(m.hostPath), what: found.what }, ...(related.length ? { related } : {}) };
      }
    }
  },
});
