import { defineRule, message } from '../languages/define-rule.js';
import { addLimitFix, limitReports, MEMORY_KEYS } from '../shared/compose-limits.js';

export default defineRule({
  meta: {
    code: 'DC044',
    name: 'require-memory-limit',
    language: 'compose',
    scope: 'unit',
    title: 'Service has no memory limit',
    why:
      "Without a memory limit one container can use all of the host's memory, through a leak, a bug or an attack, " +
      'and the kernel then kills processes across the host, other containers and system services included.',
    level: 'hint',
    risk: 'medium',
    tags: ['security', 'resources', 'CIS-5.11', 'CWE-400', 'CWE-770'],
    others: {
      kics: ['Memory Not Limited'],
      composeLint: ['CL-0026'],
    },
    messages: {
      missing: message("Service {{service}} has no memory limit: it can take all of the host's memory. Set mem_limit (or ", 'deploy.resources.limits.memory) to what it needs.'),
      unlimited: "Service {{service}} sets {{key}}: {{value}}, which means no memory limit: it can take all of the host's memory.",
    },
    fix: 'unsafe',
  },
  check: ({ model }) => limitReports(model, MEMORY_KEYS),
  fix: (report, { model }) => addLimitFix(model, report, 'mem_limit', 'memory', '512m', 'what the service needs'),
});
