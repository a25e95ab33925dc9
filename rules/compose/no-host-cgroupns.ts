import { defineRule, message } from '../languages/define-rule.js';
import { hostNamespaceReports } from '../shared/compose-host-namespace.js';

export default defineRule({
  meta: {
    code: 'DC018',
    name: 'no-host-cgroupns',
    language: 'compose',
    scope: 'unit',
    title: 'Service shares the host cgroup namespace',
    why:
      "cgroup: host makes the container join the host's cgroup namespace: it sees the host's whole cgroup " +
      'hierarchy, which tells an attacker what runs on the host, and loses a layer between a container root ' +
      "and the host's cgroups.",
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CWE-653'],
    others: {},
    messages: {
      host: message(
        "Service {{service}} uses the host cgroup namespace (cgroup: host): it sees the host's cgroup tree ",
        'and what runs there. Use the default private namespace (cgroup: private).',
      ),
    },
  },
  check: ({ model }) => hostNamespaceReports(model, 'cgroup'),
});
