import { defineRule, message } from '../languages/define-rule.js';
import { readOnlyEdit, reportedMount, sensitiveMountReports } from '../shared/compose-mounts.js';

export default defineRule({
  meta: {
    code: 'DC025',
    name: 'no-writable-sensitive-mount',
    language: 'compose',
    scope: 'unit',
    title: 'Host system path mounted writable into a service',
    why:
      "A writable bind mount of /etc, /root, /boot, /proc, /sys, /var/lib/docker or the host's program and library " +
      'directories lets a container change what the host runs as root: it is root on the host with ordinary file writes.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'CIS-5.6', 'CWE-668'],
    others: {
      kics: ['Volume Has Sensitive Host Directory'],
      composeLint: ['CL-0025', 'CL-0013'],
    },
    messages: {
      writable: message("Service {{service}} mounts the host's {{source}} writable; under {{path}} that is {{what}}. Mount only the files it ", 'needs, read-only (:ro).'),
    },
    fix: 'unsafe',
  },
  check: ({ model }) => sensitiveMountReports(model, ['writable']),
  fix: (report, { model }) => readOnlyEdit(model, reportedMount(model, report)),
});
