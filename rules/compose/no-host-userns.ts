import { defineRule, message } from '../languages/define-rule.js';
import { hostNamespaceReports } from '../shared/compose-host-namespace.js';

export default defineRule({
  meta: {
    code: 'DC024',
    name: 'no-host-userns',
    language: 'compose',
    scope: 'unit',
    title: 'Service opts out of user namespace remapping',
    why:
      "userns_mode: host turns off the daemon's user namespace remapping for this container, so root inside " +
      'it is root on the host again; without userns-remap configured it changes nothing, which is why this ' +
      'is only info.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'CIS-5.31', 'CWE-653'],
    others: {
      kics: ['Shared Host User Namespace'],
    },
    messages: {
      host: message(
        'Service {{service}} opts out of user namespace remapping (userns_mode: host): where the daemon ',
        'remaps users, root in it becomes root on the host again. Remove it unless it needs host uids.',
      ),
    },
  },
  check: ({ model }) => hostNamespaceReports(model, 'userns_mode'),
});
