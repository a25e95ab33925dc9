import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueText } from '../languages/compose-values.js';

/** True when a `user:` value (`name|uid[:group|gid]`) names the root user; the group alone does not count. */
export function isRootUser(value: string): boolean {
  const user = value.split(':')[0].trim();
  return user === 'root' || /^0+$/.test(user);
}

export default defineRule({
  meta: {
    code: 'DC014',
    name: 'no-root-service-user',
    language: 'compose',
    scope: 'unit',
    title: 'Service explicitly runs as root',
    why:
      'user: root (or uid 0) overrides a non-root USER the image sets, so every process of the service runs as root ' + 'and any escape or writable host mount starts from root.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'CIS-4.1', 'CWE-250'],
    others: {
      composeLint: ['CL-0018'],
      semgrep: ['service-runs-as-root'],
    },
    messages: {
      root: message(
        "Service {{service}} sets user: {{user}}, so it runs as root whatever USER its image chose. Use the image's ",
        'own user or a numeric uid such as "1000:1000".',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const entry = svc.get('user');
      const value = valueText(entry);
      if (!entry?.span || value === undefined || !isRootUser(value)) continue;
      yield { messageId: 'root', span: entry.span, data: { service: svc.name, user: value.trim() }, related: entry.relatedAs(`user is set here and merged into ${svc.name}`) };
    }
  },
});
