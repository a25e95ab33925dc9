import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';

export default defineRule({
  meta: {
    code: 'DC049',
    name: 'require-ulimits',
    language: 'compose',
    scope: 'unit',
    title: 'Service sets no ulimits',
    why:
      "Without ulimits a container inherits the daemon's defaults, often very high open-file and process limits; " +
      'per-service limits (nofile, nproc, core) bound what a runaway or compromised process can hold open.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'resources', 'CIS-5.19', 'CWE-770'],
    others: {},
    messages: {
      missing: message(
        "Service {{service}} sets no ulimits and runs with the daemon's defaults. If those are not already tight, set ",
        'ulimits (nofile, nproc) to what the service needs.',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      // Part of the configuration could not be read (an `extends` file): it may set them.
      if (svc.get('ulimits') || !svc.complete || !svc.span) continue;
      yield { messageId: 'missing', span: svc.span, data: { service: svc.name } };
    }
  },
});
