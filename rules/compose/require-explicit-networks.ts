import { defineRule, message } from '../languages/define-rule.js';
import { projectServices } from '../languages/compose-effective.js';
import { serviceMemo } from '../languages/compose-unit-keys.js';

export default defineRule({
  meta: {
    code: 'DC043',
    name: 'require-explicit-networks',
    language: 'compose',
    title: 'Service on the shared default network',
    why:
      "A service without `networks:` joins the project's default network, where every other such service can reach " +
      'every port of it: one compromised service can talk to all the others, databases included.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'network', 'CIS-5.30'],
    others: {
      kics: ['Networks Not Set'],
    },
    messages: {
      defaultNetwork: message(
        'Service {{service}} sets no networks, so it shares the default network with {{others}}: each can reach every port ',
        'of the others. Put services on networks that hold only what each one needs to reach.',
      ),
    },
  },
  *check({ model }) {
    // Services that set network_mode are not on any Compose network. Every service of the project is
    // looked at on every edit: the answer for an unchanged one of this file is remembered.
    const onDefault = projectServices(model).filter((svc) => {
      const own = model.service(svc.name);
      const answer = () => svc.complete && !svc.get('network_mode') && !svc.get('networks');
      return own ? serviceMemo(model, own, 'DC043 default network', answer) : answer();
    });
    // A lone service has nothing to be separated from.
    if (onDefault.length < 2) return;
    // Names for the message: the first few others; the list is the same for every service but itself.
    const first = onDefault.slice(0, 4).map((s) => s.name);
    for (const svc of onDefault) {
      if (!svc.span) continue;
      const others = first.filter((n) => n !== svc.name).slice(0, 3);
      const more = onDefault.length - 1 - others.length;
      const shown = more > 0 ? `${others.join(', ')} and ${more} more` : others.join(', ');
      yield { messageId: 'defaultNetwork', span: svc.span, data: { service: svc.name, others: shown } };
    }
  },
});
