import { defineRule, message } from '../languages/define-rule.js';
import { addLimitFix, limitReports } from '../shared/compose-limits.js';

/** Every way Compose bounds a service's CPU: a quota (`cpus`, `cpu_quota`, deploy limits), a weight, or a core set. */
const CPU_KEYS = ['cpus', 'deploy.resources.limits.cpus', 'cpu_quota', 'cpu_shares', 'cpuset', 'cpu_count', 'cpu_percent'];

/** Keys where `0`/`-1` mean "no limit" (`cpuset: "0"` is CPU 0, and `cpu_shares: 0` the default weight). */
const ZERO_MEANS_NONE = ['cpus', 'deploy.resources.limits.cpus', 'cpu_quota'];

export default defineRule({
  meta: {
    code: 'DC045',
    name: 'require-cpu-limit',
    language: 'compose',
    scope: 'unit',
    title: 'Service has no CPU limit',
    why:
      'Without a CPU limit or weight one container can keep every core busy, through a bug, a crypto miner or a ' + 'request flood, and starve the other containers and the host.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'resources', 'CIS-5.12', 'CWE-400', 'CWE-770'],
    others: {
      kics: ['Cpus Not Limited'],
      composeLint: ['CL-0026'],
    },
    messages: {
      missing: message(
        'Service {{service}} has no CPU limit: it can keep every core busy and starve the rest of the host. Set cpus ',
        '(or deploy.resources.limits.cpus) to what it needs.',
      ),
      unlimited: 'Service {{service}} sets {{key}}: {{value}}, which means no CPU limit: it can keep every core busy.',
    },
    fix: 'unsafe',
  },
  check: ({ model }) => limitReports(model, CPU_KEYS, ZERO_MEANS_NONE),
  fix: (report, { model }) => addLimitFix(model, report, 'cpus', 'cpus', '"1.0"', 'the cores the service needs'),
});
