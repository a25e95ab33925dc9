import { defineRule, message } from '../languages/define-rule.js';
import { hostNamespaceReports } from '../shared/compose-host-namespace.js';

export default defineRule({
  meta: {
    code: 'DC023',
    name: 'no-host-uts',
    language: 'compose',
    scope: 'unit',
    title: 'Service shares the host UTS namespace',
    why:
      "uts: host shares the host's hostname and domain name with the container; a container with SYS_ADMIN " + "can change the host's hostname, which logs and TLS setups rely on.",
    level: 'hint',
    risk: 'low',
    tags: ['security', 'CIS-5.21', 'CWE-653'],
    others: {},
    messages: {
      host: message(
        'Service {{service}} shares the host UTS namespace (uts: host): it sees, and with SYS_ADMIN can ',
        "change, the host's hostname. Set hostname: instead if it needs a name.",
      ),
    },
  },
  check: ({ model }) => hostNamespaceReports(model, 'uts'),
});
