import { isMap, isScalar, type Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Edit, Report } from '../engine/types.js';
import { type ComposeModel, nodeSpan } from '../languages/compose.js';
import { removePair } from '../languages/compose-edit.js';
import { interpolateWithEnv, mapPair, scalarString } from '../languages/compose-ports.js';

interface FixData {
  service: string;
  key: 'logging' | 'log_driver';
}

function isNone(model: ComposeModel, node: unknown): boolean {
  const raw = scalarString(model, node);
  if (raw === undefined) return false;
  const v = interpolateWithEnv(model, raw);
  return !v.unknown && v.text.trim().toLowerCase() === 'none';
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC050',
    name: 'no-logging-none',
    language: 'compose',
    scope: 'unit',
    title: 'Service logging disabled',
    why:
      'With the `none` logging driver nothing the container writes to stdout or stderr is kept: errors, access logs ' +
      'and the traces of an intrusion are gone, and `docker logs` shows nothing.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'logging', 'CWE-778'],
    others: {
      composeLint: ['CL-0014'],
    },
    messages: {
      none:
        'Service {{service}} uses the none logging driver: its output is thrown away, so errors and the traces of an ' +
        'attack are lost. Use a logging driver (with rotation options such as max-size) instead.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const logging = svc.get('logging');
      const driver = logging ? mapPair(model, logging.value, 'driver') : undefined;
      const legacy = svc.get('log_driver');
      // `logging` wins over the version-2 `log_driver` when both are set.
      const hit = driver && isNone(model, driver.pair.value) ? { entry: logging!, node: driver.pair.value as Node, merged: driver.merged, key: 'logging' as const }
        : !driver && legacy && isNone(model, legacy.value) ? { entry: legacy, node: legacy.value as Node, merged: false, key: 'log_driver' as const }
        : undefined;
      if (!hit) continue;
      const viaAnchor = hit.entry.inheritedFrom !== undefined || hit.merged;
      const written = nodeSpan(hit.node);
      const report: Report = {
        messageId: 'none',
        span: viaAnchor ? hit.entry.span : (written ?? hit.entry.span),
        data: { service: svc.name },
        fixData: { service: svc.name, key: hit.key } satisfies FixData,
      };
      if (viaAnchor && written) report.related = [{ span: written, message: 'the none driver is set here' }];
      yield report;
    }
  },
  fix(report, { model }) {
    const data = report.fixData as FixData | undefined;
    const svc = data && model.services.find((s) => s.name === data.service);
    const entry = svc?.get(data?.key ?? '');
    if (!svc?.map || !entry || entry.inheritedFrom || !svc.map.items.includes(entry.pair)) return [];
    let edit: Edit | undefined;
    const value = entry.value;
    if (data!.key === 'logging' && isMap(value)) {
      const own = value.items.filter((p) => isScalar(p.key));
      const driver = own.find((p) => (p.key as { value?: unknown }).value === 'driver');
      // Only the driver: drop `logging` entirely; otherwise drop the driver and keep the rest (options of the default driver).
      if (!driver) return [];
      edit = own.length === 1 ? removePair(model.file, svc.map, entry.pair) : removePair(model.file, value, driver);
    } else if (data!.key === 'log_driver') {
      edit = removePair(model.file, svc.map, entry.pair);
    }
    return edit ? [{ title: 'Remove the none logging driver (use the daemon\'s default)', safe: false, edits: [edit] }] : [];
  },
});
