/** The six host-namespace rules (DC018, DC020–DC024) ask one question of one key: is it `host`? */
import type { ReportOf } from '../engine/define-rule.js';
import type { ComposeModel } from '../languages/compose.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueText } from '../languages/compose-values.js';

/** A report at `key` of every service that sets it to `host` (as Compose reads it). */
export function* hostNamespaceReports(
  model: ComposeModel,
  key: 'pid' | 'ipc' | 'network_mode' | 'uts' | 'userns_mode' | 'cgroup',
): Generator<ReportOf<{ host: { service: string } }>> {
  for (const svc of checkedServices(model)) {
    const value = svc.get(key);
    // Only the host's namespace: `service:NAME`, `container:NAME`, `private`… are not; an unknown `${VAR}` is not guessed.
    if (!value?.span || valueText(value)?.trim() !== 'host') continue;
    yield { messageId: 'host', span: value.span, data: { service: svc.name }, related: value.relatedAs(`${key} is set here and merged into ${svc.name}`) };
  }
}
