import { isMap, isScalar, type Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Report, Span } from '../engine/types.js';
import { type ComposeModel, nodeSpan } from '../languages/compose.js';
import { boolValue, listItems, stringValue, useSiteOf } from '../languages/compose-volumes.js';

/** BuildKit entitlements that lift the build sandbox. */
const ENTITLEMENTS = new Set(['security.insecure', 'network.host']);

export default defineRule<ComposeModel>({
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
      privileged:
        'The build of service {{service}} runs privileged: RUN steps (and the install scripts of what they download) get ' +
        'every capability on the build host. Build without it, or in a disposable builder.',
      entitlement:
        'The build of service {{service}} grants the {{entitlement}} entitlement, which lets RUN steps {{effect}}. Remove ' +
        'it, or build in a disposable builder.',
      network:
        'The build of service {{service}} uses the host network: RUN steps can reach services bound to the host\'s ' +
        'localhost and its private networks. Use the default build network.',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      const entry = svc.get('build');
      const build = model.resolve(entry?.value);
      if (!entry || !isMap(build)) continue;
      const site = useSiteOf(entry);
      const at = (span: Span, report: Omit<Report, 'span'>): Report =>
        site ? { ...report, span: site, related: [{ span, message: `set here and used by the build of ${svc.name}` }] } : { ...report, span };
      const pair = (key: string) => build.items.find((p) => isScalar(p.key) && p.key.value === key);
      const data = { service: svc.name };

      const privileged = pair('privileged');
      const privSpan = nodeSpan(privileged?.key as Node | undefined);
      if (privSpan && boolValue(model, privileged?.value) === true) yield at(privSpan, { messageId: 'privileged', data });

      const entitlements = pair('entitlements');
      if (entitlements) {
        for (const item of listItems(model, entitlements.value)) {
          const name = stringValue(model, item.node)?.trim();
          if (!name || !ENTITLEMENTS.has(name)) continue;
          const effect = name === 'network.host' ? 'use the host network' : 'run with all capabilities and no seccomp (RUN --security=insecure)';
          yield at(item.span, { messageId: 'entitlement', data: { ...data, entitlement: name, effect } });
        }
      }

      const network = pair('network');
      const netSpan = nodeSpan(network?.key as Node | undefined);
      if (netSpan && stringValue(model, network?.value)?.trim() === 'host') yield at(netSpan, { messageId: 'network', data });
    }
  },
});
