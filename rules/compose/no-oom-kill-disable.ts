import type { Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import { type ComposeEntry, type ComposeModel, nodeSpan } from '../languages/compose.js';
import { interpolateWithEnv, scalarString } from '../languages/compose-ports.js';
import { limitState } from './require-memory-limit.js';

function known(model: ComposeModel, entry: ComposeEntry | undefined): string | undefined {
  const raw = entry && scalarString(model, entry.value);
  if (raw === undefined) return undefined;
  const v = interpolateWithEnv(model, raw);
  return v.unknown ? undefined : v.text.trim();
}

function at(entry: ComposeEntry, what: string): Pick<Report, 'span' | 'related'> {
  const written = nodeSpan(entry.value as Node) ?? entry.span;
  if (!entry.inheritedFrom) return { span: written };
  return { span: entry.span, related: [{ span: written, message: `${what} is set here` }] };
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC051',
    name: 'no-oom-kill-disable',
    language: 'compose',
    scope: 'unit',
    title: 'Service protected from the OOM killer',
    why:
      'When the host runs out of memory the kernel kills the process with the highest OOM score. Disabling the OOM ' +
      'killer or lowering the score for a container makes the kernel kill other containers and host services, sshd included, in its place.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'resources', 'CWE-400'],
    others: {},
    messages: {
      disabled:
        'Service {{service}} sets oom_kill_disable: when memory runs out the kernel kills other processes in its place, ' +
        'or the service hangs. Remove it and set a memory limit instead.',
      disabledNoLimit:
        'Service {{service}} sets oom_kill_disable without a memory limit: it can take all of the host\'s memory and ' +
        'cannot be killed for it, so the kernel kills other containers and host services instead. Remove it and set a memory limit.',
      scoreAdj:
        'Service {{service}} sets oom_score_adj: {{value}}, so when memory runs out the kernel kills other containers and ' +
        'host services before this one. Leave the score at 0 or above unless the service is part of the host\'s own infrastructure.',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      const disable = svc.get('oom_kill_disable');
      const d = known(model, disable);
      if (disable && d !== undefined && /^(?:true|yes|on|y)$/i.test(d)) {
        const noLimit = limitState(model, svc, [['mem_limit'], ['deploy', 'resources', 'limits', 'memory']]);
        const messageId = noLimit.state === 'missing' || noLimit.state === 'unlimited' ? 'disabledNoLimit' : 'disabled';
        const report: Report = { messageId, data: { service: svc.name }, ...at(disable, 'oom_kill_disable') };
        yield report;
      }
      const adj = svc.get('oom_score_adj');
      const a = known(model, adj);
      if (adj && a !== undefined && /^-\d+$/.test(a) && Number(a) < 0) {
        const report: Report = { messageId: 'scoreAdj', data: { service: svc.name, value: a }, ...at(adj, 'oom_score_adj') };
        yield report;
      }
    }
  },
});
