import { defineRule } from '../engine/define-rule.js';
import type { ComposeModel } from '../languages/compose.js';
import { mergedFrom, stringValue } from '../languages/compose-volumes.js';

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC024',
    name: 'no-host-userns',
    language: 'compose',
    scope: 'unit',
    title: 'Service opts out of user namespace remapping',
    why:
      'userns_mode: host turns off the daemon\'s user namespace remapping for this container, so root inside ' +
      'it is root on the host again; without userns-remap configured it changes nothing, which is why this ' +
      'is only info.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'CIS-5.31', 'CWE-653'],
    others: {
      kics: ['Shared Host User Namespace'],
    },
    messages: {
      host:
        'Service {{service}} opts out of user namespace remapping (userns_mode: host): where the daemon ' +
        'remaps users, root in it becomes root on the host again. Remove it unless it needs host uids.',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      const entry = svc.get('userns_mode');
      // Only the host's namespace: `service:NAME`, `container:NAME`, `private`… are not; an unknown `${VAR}` is not guessed.
      if (!entry || stringValue(model, entry.value)?.trim() !== 'host') continue;
      yield { messageId: 'host', span: entry.span, data: { service: svc.name }, related: mergedFrom(entry, svc.name) };
    }
  },
});
