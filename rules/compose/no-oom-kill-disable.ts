import { defineRule, message } from '../languages/define-rule.js';
import type { Report } from '../engine/types.js';
import type { EffectiveValue } from '../languages/compose.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueText } from '../languages/compose-values.js';
import { limitState, MEMORY_KEYS } from '../shared/compose-limits.js';

/** Where a finding about the value goes: the value written in the service, else where the service takes it in. */
function at(value: EffectiveValue, what: string): Pick<Report, 'span' | 'related'> | undefined {
  if (!value.valueSpan) return undefined;
  const related = value.relatedAs(`${what} is set here`);
  return related.length ? { span: value.valueSpan, related } : { span: value.valueSpan };
}

export default defineRule({
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
      disabled: message(
        'Service {{service}} sets oom_kill_disable: when memory runs out the kernel kills other processes in its place, ',
        'or the service hangs. Remove it and set a memory limit instead.',
      ),
      disabledNoLimit: message(
        "Service {{service}} sets oom_kill_disable without a memory limit: it can take all of the host's memory and ",
        'cannot be killed for it, so the kernel kills other containers and host services instead. Remove it and set a memory limit.',
      ),
      scoreAdj: message(
        'Service {{service}} sets oom_score_adj: {{value}}, so when memory runs out the kernel kills other containers and ',
        "host services before this one. Leave the score at 0 or above unless the service is part of the host's own infrastructure.",
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const disable = svc.get('oom_kill_disable');
      const d = valueText(disable)?.trim();
      const disableAt = disable && at(disable, 'oom_kill_disable');
      if (disableAt && d !== undefined && /^(?:true|yes|on|y)$/i.test(d)) {
        const noLimit = limitState(svc, MEMORY_KEYS);
        const messageId = noLimit.state === 'missing' || noLimit.state === 'unlimited' ? 'disabledNoLimit' : 'disabled';
        yield { messageId, data: { service: svc.name }, ...disableAt };
      }
      const adj = svc.get('oom_score_adj');
      const a = valueText(adj)?.trim();
      const adjAt = adj && at(adj, 'oom_score_adj');
      if (adjAt && a !== undefined && /^-\d+$/.test(a) && Number(a) < 0) {
        yield { messageId: 'scoreAdj', data: { service: svc.name, value: a }, ...adjAt };
      }
    }
  },
});
