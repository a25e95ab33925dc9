import { defineRule } from '../engine/define-rule.js';
import type { ComposeModel } from '../languages/compose.js';
import { hasServiceValue } from '../languages/compose-ports.js';
import { serviceMemo } from '../languages/compose-units.js';

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC043',
    name: 'require-explicit-networks',
    language: 'compose',
    title: 'Service on the shared default network',
    why:
      'A service without `networks:` joins the project\'s default network, where every other such service can reach ' +
      'every port of it: one compromised service can talk to all the others, databases included.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'network', 'CIS-5.30'],
    others: {
      kics: ['Networks Not Set'],
    },
    messages: {
      defaultNetwork:
        'Service {{service}} sets no networks, so it shares the default network with {{others}}: each can reach every port ' +
        'of the others. Put services on networks that hold only what each one needs to reach.',
    },
  },
  *check({ model }) {
    // Services that set network_mode are not on any Compose network. Every service is looked at on
    // every edit: the answer for an unchanged one is remembered.
    const onDefault = model.services.filter((svc) =>
      serviceMemo(model, svc, 'DC043 default network', () => hasServiceValue(model, svc, [['network_mode']]) === 'no' && hasServiceValue(model, svc, [['networks']]) === 'no'),
    );
    // A lone service has nothing to be separated from.
    if (onDefault.length < 2) return;
    // The message names three of the others: taken from the first four, not from a list of all others per service.
    const firstFour = onDefault.slice(0, 4);
    for (const svc of onDefault) {
      const named = firstFour.filter((s) => s !== svc).slice(0, 3).map((s) => s.name);
      const more = onDefault.length - 1 - named.length;
      const shown = more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
      yield { messageId: 'defaultNetwork', span: svc.keySpan, data: { service: svc.name, others: shown } };
    }
  },
});
