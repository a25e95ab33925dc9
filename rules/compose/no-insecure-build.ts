import { defineRule, message } from '../languages/define-rule.js';
import type { EffectiveValue } from '../languages/compose.js';
import { checkedServices } from '../languages/compose-effective.js';
import { itemText, valueBool, valueText } from '../languages/compose-values.js';

/** BuildKit entitlements that lift the build sandbox. */
const ENTITLEMENTS = new Set(['security.insecure', 'network.host']);

export default defineRule({
  meta: {
    code: 'DC016',
    name: 'no-insecure-build',
    language: 'compose',
    scope: 'unit',
    title: 'Service build runs privileged or on the host network',
    why:
      'build.privileged, the security.insecure and network.host entitlements and build.network: host let RUN steps of the ' +
      'Dockerfile (and of every base image and package script it pulls) run as root on the host or reach its network.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CWE-250'],
    others: {},
    messages: {
      privileged: message(
        'The build of service {{service}} runs privileged: RUN steps (and the install scripts of what they download) get ',
        'every capability on the build host. Build without it, or in a disposable builder.',
      ),
      entitlement: message(
        'The build of service {{service}} grants the {{entitlement}} entitlement, which lets RUN steps {{effect}}. Remove ',
        'it, or build in a disposable builder.',
      ),
      network: message(
        "The build of service {{service}} uses the host network: RUN steps can reach services bound to the host's ",
        'localhost and its private networks. Use the default build network.',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const data = { service: svc.name };
      const at = <const R extends object>(value: EffectiveValue, report: R) =>
        value.span ? [{ ...report, span: value.span, related: value.relatedAs(`set here and used by the build of ${svc.name}`) }] : [];

      const privileged = svc.at('build.privileged');
      if (privileged && valueBool(privileged) === true) yield* at(privileged, { messageId: 'privileged', data });

      for (const item of svc.at('build.entitlements')?.items() ?? []) {
        const name = itemText(item)?.trim();
        if (!name || !ENTITLEMENTS.has(name) || !item.span) continue;
        const effect = name === 'network.host' ? 'use the host network' : 'run with all capabilities and no seccomp (RUN --security=insecure)';
        yield { messageId: 'entitlement', span: item.span, data: { ...data, entitlement: name, effect }, related: item.relatedAs(`set here and used by the build of ${svc.name}`) };
      }

      const network = svc.at('build.network');
      if (network && valueText(network)?.trim() === 'host') yield* at(network, { messageId: 'network', data });
    }
  },
});
