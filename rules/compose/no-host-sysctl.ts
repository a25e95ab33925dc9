import { defineRule, message } from '../languages/define-rule.js';
import type { EffectiveService } from '../languages/compose.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueText } from '../languages/compose-values.js';

/** Sysctls of the IPC namespace (the only `kernel.*` and `fs.*` ones a container has its own copy of). */
const IPC = /^(?:kernel\.(?:msgmax|msgmnb|msgmni|sem|shmall|shmmax|shmmni|shm_rmid_forced)|fs\.mqueue\..+)$/;
/** Sysctls of the UTS namespace. */
const UTS = /^kernel\.(?:hostname|domainname)$/;

type Kind = 'hostNetwork' | 'hostIpc' | 'hostUts' | 'notNamespaced';

/** Why setting `name` would change the host, given the namespaces the service shares; undefined when it stays in the container. */
export function hostEffect(name: string, shared: { network: boolean; ipc: boolean; uts: boolean }): Kind | undefined {
  // Docker accepts `/` as the separator too (`net/ipv4/ip_forward`).
  const key = name.trim().replace(/\//g, '.');
  if (key.startsWith('net.')) return shared.network ? 'hostNetwork' : undefined;
  if (IPC.test(key)) return shared.ipc ? 'hostIpc' : undefined;
  if (UTS.test(key)) return shared.uts ? 'hostUts' : undefined;
  return 'notNamespaced';
}

function sharesHost(svc: EffectiveService, key: string): boolean {
  return valueText(svc.get(key))?.trim() === 'host';
}

export default defineRule({
  meta: {
    code: 'DC019',
    name: 'no-host-sysctl',
    language: 'compose',
    scope: 'unit',
    title: 'Sysctl would change the host kernel',
    why:
      'Only net.* and a few IPC sysctls have a per-container copy; any other sysctl, or a net.*/IPC one in a service that ' +
      "shares the host's network or IPC namespace, would change the setting for the whole host (runc refuses these, so " +
      'the service fails to start).',
    level: 'info',
    risk: 'low',
    tags: ['security', 'CWE-653'],
    others: {},
    messages: {
      hostNetwork: message(
        "Service {{service}} sets {{name}} while it uses the host network: the setting would apply to the host's network ",
        'stack (runc refuses it). Set it on the host, or give the service its own network.',
      ),
      hostIpc: message(
        'Service {{service}} sets {{name}} while it shares the host IPC namespace: the setting would apply to the host ',
        '(runc refuses it). Set it on the host, or drop ipc: host.',
      ),
      hostUts: message(
        'Service {{service}} sets {{name}} while it shares the host UTS namespace: it would rename the host (runc refuses it). ',
        'Use hostname:/domainname: without uts: host.',
      ),
      notNamespaced: message(
        'Service {{service}} sets {{name}}, which has no per-container copy: it would change the host kernel for every ',
        'process (runc refuses it, so the service will not start). Set it on the host instead, e.g. in /etc/sysctl.d.',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const value = svc.get('sysctls');
      if (!value) continue;
      const shared = { network: sharesHost(svc, 'network_mode'), ipc: sharesHost(svc, 'ipc'), uts: sharesHost(svc, 'uts') };
      // `{name: value}` keys or `name=value` items, merged by name.
      for (const sysctl of value.pairs().values()) {
        const kind = hostEffect(sysctl.name, shared);
        if (!kind || !sysctl.span) continue;
        const name = sysctl.name.trim();
        yield { messageId: kind, span: sysctl.span, data: { service: svc.name, name }, related: sysctl.relatedAs(`${name} is set here and used by ${svc.name}`) };
      }
    }
  },
});
