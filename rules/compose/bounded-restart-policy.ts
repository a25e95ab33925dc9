import { isMap, isScalar, type Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Report, Span } from '../engine/types.js';
import { type ComposeModel, nodeSpan } from '../languages/compose.js';
import { scalarText } from '../languages/compose-edit.js';
import { interpolateWithEnv, mapPair, scalarString } from '../languages/compose-ports.js';

/** CIS 5.15's bound: a crashing container is retried this many times, then left stopped for someone to look at. */
const MAX_RETRIES = 5;
const POLICY = `on-failure:${MAX_RETRIES}`;

interface FixData {
  service: string;
}

export default defineRule<ComposeModel>({
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
      unbounded:
        'Service {{service}} uses restart: {{policy}}, which restarts it forever, also in a crash loop. ' +
        `Consider ${POLICY} (it is not restarted after a reboot or daemon restart, though).`,
      tooMany: `Service {{service}} uses restart: {{policy}}; at most ${MAX_RETRIES} retries leave a crash loop visible sooner.`,
      deployUnbounded:
        'Service {{service}} has a deploy.restart_policy without max_attempts (condition {{condition}}), so it is restarted ' +
        `forever, also in a crash loop. Set max_attempts: ${MAX_RETRIES}.`,
      deployZero:
        'Service {{service}} sets deploy.restart_policy.max_attempts: 0, which means no limit: it is restarted forever, also in a ' +
        `crash loop. Set max_attempts: ${MAX_RETRIES}.`,
      deployTooMany: `Service {{service}} sets deploy.restart_policy.max_attempts: {{attempts}}; at most ${MAX_RETRIES} leave a crash loop visible sooner.`,
    },
    fix: 'unsafe',
  },
  *check({ model }): Generator<Report> {
    for (const svc of model.services) {
      const restart = svc.get('restart');
      const related = (from: Span | undefined) => (from ? [{ span: from, message: 'the restart policy is written here' }] : undefined);
      if (restart) {
        const raw = scalarString(model, restart.value);
        if (raw === undefined) continue;
        const v = interpolateWithEnv(model, raw);
        if (v.unknown) continue;
        const policy = v.text.trim();
        const span = restart.inheritedFrom ? restart.span : (nodeSpan(restart.value as Node) ?? restart.span);
        const m = /^on-failure(?::(\d+))?$/.exec(policy);
        let messageId: string | undefined;
        if (policy === 'always' || policy === 'unless-stopped' || (m && m[1] === undefined)) messageId = 'unbounded';
        else if (m && Number(m[1]) > MAX_RETRIES) messageId = 'tooMany';
        if (!messageId) continue;
        const report: Report = { messageId, span, data: { service: svc.name, policy }, fixData: { service: svc.name } satisfies FixData };
        report.related = related(restart.inheritedFrom);
        yield report;
        continue;
      }
      const deploy = svc.get('deploy');
      const policy = deploy ? mapPair(model, deploy.value, 'restart_policy') : undefined;
      if (!deploy || !policy || !isMap(model.resolve(policy.pair.value))) continue;
      const condition = scalarString(model, mapPair(model, policy.pair.value, 'condition')?.pair.value) ?? 'any';
      const attempts = mapPair(model, policy.pair.value, 'max_attempts');
      if (condition.trim() === 'none' || condition.includes('$')) continue;
      const span = deploy.inheritedFrom || policy.merged ? deploy.span : (nodeSpan(policy.pair.key as Node) ?? deploy.span);
      const where = related(deploy.inheritedFrom ?? (policy.merged ? nodeSpan(policy.pair.key as Node) : undefined));
      if (!attempts) {
        yield { messageId: 'deployUnbounded', span, data: { service: svc.name, condition: condition.trim() }, related: where };
        continue;
      }
      // `max_attempts: 0` is no limit at all (Compose and swarm read 0 as "never give up").
      const raw = scalarString(model, attempts.pair.value);
      const count = raw === undefined ? undefined : interpolateWithEnv(model, raw);
      if (!count || count.unknown || !/^\d+$/.test(count.text.trim())) continue;
      const n = Number(count.text.trim());
      if (n > 0 && n <= MAX_RETRIES) continue;
      const at = deploy.inheritedFrom || policy.merged ? span : (nodeSpan(attempts.pair.value as Node) ?? span);
      yield { messageId: n === 0 ? 'deployZero' : 'deployTooMany', span: at, data: { service: svc.name, attempts: n }, related: where };
    }
  },
  fix(report, { model }) {
    const data = report.fixData as FixData | undefined;
    const svc = data && model.services.find((s) => s.name === data.service);
    const restart = svc?.get('restart');
    const value = restart?.value;
    // Only a value written in the service itself: an anchor's value is shared with other services.
    if (!restart || restart.inheritedFrom || !isScalar(value) || !value.range || !svc?.map) return [];
    const flow = svc.map.flow === true;
    const text =
      value.type === 'QUOTE_SINGLE' ? `'${POLICY}'` : value.type === 'QUOTE_DOUBLE' ? `"${POLICY}"` : value.type === 'PLAIN' ? scalarText(POLICY, flow) : undefined;
    if (!text) return [];
    return [{ title: `Set restart: ${POLICY}`, safe: false, edits: [{ start: value.range[0], end: value.range[1], text }] }];
  },
});
