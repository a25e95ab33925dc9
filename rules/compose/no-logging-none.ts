import { isMap, isScalar } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import type { EffectiveValue } from '../languages/compose.js';
import { removePair } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueText } from '../languages/compose-values.js';

interface FixData {
  service: string;
  key: 'logging' | 'log_driver';
}

function isNone(value: EffectiveValue | undefined): boolean {
  return valueText(value)?.trim().toLowerCase() === 'none';
}

export default defineRule({
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
      none: message(
        'Service {{service}} uses the none logging driver: its output is thrown away, so errors and the traces of an ',
        'attack are lost. Use a logging driver (with rotation options such as max-size) instead.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const driver = svc.at('logging.driver');
      const legacy = svc.get('log_driver');
      // `logging` wins over the version-2 `log_driver` when both are set.
      const hit =
        driver && isNone(driver) ? { value: driver, key: 'logging' as const } : !driver && legacy && isNone(legacy) ? { value: legacy, key: 'log_driver' as const } : undefined;
      if (!hit?.value.valueSpan) continue;
      const related = hit.value.relatedAs('the none driver is set here');
      yield {
        messageId: 'none',
        span: hit.value.valueSpan,
        data: { service: svc.name },
        fixData: { service: svc.name, key: hit.key } satisfies FixData,
        ...(related.length ? { related } : {}),
      };
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    const own = svc?.own;
    const value = data && svc?.get(data.key);
    if (!data || !own?.map || !value?.editable || !own.map.items.includes(value.last.entry.pair)) return [];
    let edit: Edit | undefined;
    const node = value.last.entry.value;
    if (data.key === 'logging' && isMap(node)) {
      const ownPairs = node.items.filter((p) => isScalar(p.key));
      const driver = ownPairs.find((p) => (p.key as { value?: unknown }).value === 'driver');
      // Only the driver: drop `logging` entirely; otherwise drop the driver and keep the rest (options of the default driver).
      if (!driver) return [];
      edit = ownPairs.length === 1 ? removePair(model.file, own.map, value.last.entry.pair) : removePair(model.file, node, driver);
    } else if (data.key === 'log_driver') {
      edit = removePair(model.file, own.map, value.last.entry.pair);
    }
    return edit ? [{ title: "Remove the none logging driver (use the daemon's default)", safe: false, edits: [edit] }] : [];
  },
});
