import { isScalar } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { entryItems, hasUnknown, interpolate, useSiteOf, variablesOf } from '../languages/compose-volumes.js';

/**
 * The `cap_add` items of every service that are in `grants` (bare names, upper case), reported at
 * the item or, for items merged from an anchor, at the use site. Shared by the three capability
 * rules, which differ in membership and level (one level per rule, so SARIF severities stay true).
 */
export function* capAddReports(model: ComposeModel, grants: Record<string, string>, messageId: string): Generator<Report> {
  for (const svc of model.services) {
    const entry = svc.get('cap_add');
    if (!entry) continue;
    const site = useSiteOf(entry);
    for (const item of entryItems(model, entry)) {
      if (!isScalar(item.node)) continue;
      const written = interpolate(String(item.node.value ?? ''), variablesOf(model)).trim();
      if (!written || hasUnknown(written)) continue;
      const upper = written.toUpperCase();
      // Docker accepts any case and an optional CAP_ prefix, except for ALL (`CAP_ALL` is rejected).
      const bare = upper === 'ALL' ? 'ALL' : upper.replace(/^CAP_/, '');
      if (bare === 'ALL' && upper !== 'ALL') continue;
      const grant = grants[bare];
      if (!grant) continue;
      const report: Report = { messageId, span: item.span, data: { service: svc.name, cap: written, grant } };
      if (site) {
        report.span = site;
        report.related = [{ span: item.span, message: `${written} is added here and merged into ${svc.name}` }];
      }
      yield report;
    }
  }
}

/** Capabilities that are host root by themselves. */
const GRANTS: Record<string, string> = {
  ALL: 'every capability, which leaves little between the container and the host',
  SYS_ADMIN: 'mount, namespace and cgroup administration, where most container escapes start (mounting the host disk, cgroup release_agent)',
  SYS_MODULE: 'loading kernel modules, that is running code in the host kernel',
  SYS_RAWIO: 'raw I/O ports and /dev/mem access, that is host memory and hardware',
};

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC011',
    name: 'no-dangerous-cap-add',
    language: 'compose',
    scope: 'unit',
    title: 'Service adds a capability that is host root',
    why:
      'ALL, SYS_ADMIN, SYS_MODULE and SYS_RAWIO each give a process in the container a known, short path to root on the ' +
      'host: mounting its disk, loading a kernel module, writing host memory.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'CIS-5.4', 'CWE-250'],
    others: {
      kics: ['Container Capabilities Unrestricted'],
      composeLint: ['CL-0024', 'CL-0011'],
    },
    messages: {
      capAdd:
        'Service {{service}} adds {{cap}}: {{grant}}. Grant the narrow capability or device the service really uses, or ' +
        'run it outside a container.',
    },
  },
  check: ({ model }) => capAddReports(model, GRANTS, 'capAdd'),
});
