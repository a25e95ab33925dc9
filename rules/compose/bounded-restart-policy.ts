import { isMap, isScalar } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import { scalarText } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueText } from '../languages/compose-values.js';

/** CIS 5.15's bound: a crashing container is retried this many times, then left stopped for someone to look at. */
const MAX_RETRIES = 5;
const POLICY = `on-failure:${MAX_RETRIES}`;

interface FixData {
  service: string;
}

export default defineRule({
  meta: {
    code: 'DC047',
    name: 'bounded-restart-policy',
    language: 'compose',
    scope: 'unit',
    title: 'Restart policy retries forever',
    why:
      'A container that restarts forever hides a crash loop, which can be an exploit being retried until it works, and ' +
      'keeps a failing service using resources; a bounded on-failure policy stops after a few tries and leaves the failure visible.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'availability', 'CIS-5.15', 'CWE-400'],
    others: {
      kics: ['Restart Policy On Failure Not Set To 5'],
    },
    messages: {
      unbounded: message(
        'Service {{service}} uses restart: {{policy}}, which restarts it forever, also in a crash loop. ',
        `Consider ${POLICY} (it is not restarted after a reboot or daemon restart, though).`,
      ),
      tooMany: `Service {{service}} uses restart: {{policy}}; at most ${MAX_RETRIES} retries leave a crash loop visible sooner.`,
      deployUnbounded: message(
        'Service {{service}} has a deploy.restart_policy without max_attempts (condition {{condition}}), so it is restarted ',
        `forever, also in a crash loop. Set max_attempts: ${MAX_RETRIES}.`,
      ),
      deployZero: message(
        'Service {{service}} sets deploy.restart_policy.max_attempts: 0, which means no limit: it is restarted forever, also in a ',
        `crash loop. Set max_attempts: ${MAX_RETRIES}.`,
      ),
      deployTooMany: `Service {{service}} sets deploy.restart_policy.max_attempts: {{attempts}}; at most ${MAX_RETRIES} leave a crash loop visible sooner.`,
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const restart = svc.get('restart');
      if (restart) {
        const v = restart.interpolated();
        if (!v || v.unknown || !restart.valueSpan) continue;
        const policy = v.value.trim();
        const m = /^on-failure(?::(\d+))?$/.exec(policy);
        let messageId: 'unbounded' | 'tooMany' | undefined;
        if (policy === 'always' || policy === 'unless-stopped' || (m && m[1] === undefined)) messageId = 'unbounded';
        else if (m && Number(m[1]) > MAX_RETRIES) messageId = 'tooMany';
        if (!messageId) continue;
        const related = restart.relatedAs('the restart policy is written here');
        const fixData: FixData = { service: svc.name };
        yield { messageId, span: restart.valueSpan, data: { service: svc.name, policy }, fixData, ...(related.length ? { related } : {}) };
        continue;
      }
      const policy = svc.at('deploy.restart_policy');
      if (!policy?.span || !isMap(policy.value)) continue;
      const conditionValue = svc.at('deploy.restart_policy.condition');
      const condition = conditionValue ? valueText(conditionValue) : 'any';
      const attempts = svc.at('deploy.restart_policy.max_attempts');
      if (condition === undefined || condition.trim() === 'none') continue;
      const related = policy.relatedAs('the restart policy is written here');
      const where = related.length ? { related } : {};
      if (!attempts) {
        yield { messageId: 'deployUnbounded', span: policy.span, data: { service: svc.name, condition: condition.trim() }, ...where };
        continue;
      }
      // `max_attempts: 0` is no limit at all (Compose and swarm read 0 as "never give up").
      const count = valueText(attempts)?.trim();
      if (count === undefined || !/^\d+$/.test(count)) continue;
      const n = Number(count);
      if (n > 0 && n <= MAX_RETRIES) continue;
      yield { messageId: n === 0 ? 'deployZero' : 'deployTooMany', span: attempts.valueSpan ?? attempts.span ?? policy.span, data: { service: svc.name, attempts: n }, ...where };
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    const restart = svc?.get('restart');
    const value = restart?.last.entry.value;
    // Only a value written in the service itself: an anchor's value is shared with other services.
    if (!restart?.editable || !isScalar(value) || !value.range || !svc?.own?.map) return [];
    const flow = svc.own.map.flow === true;
    const text = value.type === 'QUOTE_SINGLE' ? `'${POLICY}'` : value.type === 'QUOTE_DOUBLE' ? `"${POLICY}"` : value.type === 'PLAIN' ? scalarText(POLICY, flow) : undefined;
    if (!text) return [];
    return [{ title: `Set restart: ${POLICY}`, safe: false, edits: [{ start: value.range[0], end: value.range[1], text }] }];
  },
});
