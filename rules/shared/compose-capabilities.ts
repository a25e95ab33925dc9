/** The three `cap_add` rules (DC011–DC013) differ only in which capabilities they report, and at what level. */
import { isScalar } from 'yaml';
import type { ReportOf } from '../engine/define-rule.js';
import type { ComposeModel } from '../languages/compose.js';
import { checkedServices } from '../languages/compose-effective.js';
import { itemText } from '../languages/compose-values.js';

/**
 * The `cap_add` items of every service that are in `grants` (bare names, upper case), reported at
 * the item or, for items from an anchor or another file, where the service takes them in.
 */
export function* capAddReports<Id extends string>(
  model: ComposeModel,
  grants: Record<string, string>,
  messageId: Id,
): Generator<ReportOf<Record<Id, { service: string; cap: string; grant: string }>>> {
  for (const svc of checkedServices(model)) {
    for (const item of svc.get('cap_add')?.items() ?? []) {
      if (!item.span || !isScalar(item.node)) continue;
      const written = itemText(item)?.trim();
      if (!written) continue;
      const upper = written.toUpperCase();
      // Docker accepts any case and an optional CAP_ prefix, except for ALL (`CAP_ALL` is rejected).
      const bare = upper === 'ALL' ? 'ALL' : upper.replace(/^CAP_/, '');
      if (bare === 'ALL' && upper !== 'ALL') continue;
      const grant = grants[bare];
      if (!grant) continue;
      yield { messageId, span: item.span, data: { service: svc.name, cap: written, grant }, related: item.relatedAs(`${written} is added here and merged into ${svc.name}`) };
    }
  }
}
