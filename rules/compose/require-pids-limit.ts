import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { addLimitFix, limitState } from './require-memory-limit.js';

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC046',
    name: 'require-pids-limit',
    language: 'compose',
    scope: 'unit',
    title: 'Service has no PIDs limit',
    why:
      'Without a PIDs limit a fork bomb or a runaway worker pool in one container can use up the host\'s process ' +
      'table, after which nothing on the host, sshd included, can start a process.',
    level: 'hint',
    risk: 'medium',
    tags: ['security', 'resources', 'CIS-5.29', 'CWE-400', 'CWE-770'],
    others: {
      kics: ['Pids Limit Not Set'],
    },
    messages: {
      missing:
        'Service {{service}} has no PIDs limit: a fork bomb in it can exhaust the host\'s process table. Set pids_limit ' +
        '(or deploy.resources.limits.pids) above what it normally runs (threads count too).',
      unlimited:
        'Service {{service}} sets {{key}}: {{value}}, which means no PIDs limit: a fork bomb in it can exhaust the host\'s process table.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const s = limitState(model, svc, [['pids_limit'], ['deploy', 'resources', 'limits', 'pids']]);
      if (s.state === 'missing') yield { messageId: 'missing', span: svc.keySpan, data: { service: svc.name }, fixData: { service: svc.name } };
      else if (s.state === 'unlimited') {
        const report: Report = { messageId: 'unlimited', span: s.span, data: { service: svc.name, key: s.key, value: s.value } };
        if (s.related) report.related = [{ span: s.related, message: `${s.key} is set here` }];
        yield report;
      }
    }
  },
  fix(report, { model }) {
    const name = (report.fixData as { service?: string } | undefined)?.service;
    const svc = model.services.find((s) => s.name === name);
    return svc ? addLimitFix(model, svc, 'pids_limit', 'pids', '256', 'the most processes and threads the service runs') : [];
  },
});
