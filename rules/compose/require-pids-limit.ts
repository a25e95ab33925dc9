import { defineRule, message } from '../languages/define-rule.js';
import { addLimitFix, limitReports } from '../shared/compose-limits.js';

export default defineRule({
  meta: {
    code: 'DC046',
    name: 'require-pids-limit',
    language: 'compose',
    scope: 'unit',
    title: 'Service has no PIDs limit',
    why:
      "Without a PIDs limit a fork bomb or a runaway worker pool in one container can use up the host's process " +
      'table, after which nothing on the host, sshd included, can start a process.',
    level: 'hint',
    risk: 'medium',
    tags: ['security', 'resources', 'CIS-5.29', 'CWE-400', 'CWE-770'],
    others: {
      kics: ['Pids Limit Not Set'],
    },
    messages: {
      missing: message(
        "Service {{service}} has no PIDs limit: a fork bomb in it can exhaust the host's process table. Set pids_limit ",
        '(or deploy.resources.limits.pids) above what it normally runs (threads count too).',
      ),
      unlimited: "Service {{service}} sets {{key}}: {{value}}, which means no PIDs limit: a fork bomb in it can exhaust the host's process table.",
    },
    fix: 'unsafe',
  },
  check: ({ model }) => limitReports(model, ['pids_limit', 'deploy.resources.limits.pids']),
  fix: (report, { model }) => addLimitFix(model, report, 'pids_limit', 'pids', '256', 'the most processes and threads the service runs'),
});
