import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { committed, knownTokenIn, matchLocation, scannedStrings } from '../shared/compose-secrets.js';

export default defineRule({
  meta: {
    code: 'DC056',
    name: 'no-hardcoded-token',
    language: 'compose',
    scope: 'unit',
    title: 'Access token or private key written in the Compose file',
    why:
      'A token or key in a Compose file is readable by everyone who can read the repository, its history and every ' +
      'copy of it, and by anyone who can inspect the container; it has to be treated as leaked.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798'],
    others: {
      kics: ['Passwords And Secrets'],
    },
    messages: {
      token: message(
        'Service {{service}} has a {{kind}} in {{where}}: it is readable by anyone with this file or its history. Revoke ',
        'it, then pass it at run time (a `secrets:` entry, or an environment variable from an uncommitted .env).',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const s of scannedStrings(model, svc)) {
        const v = committed(s.value);
        const token = knownTokenIn(v.marked);
        const at = token && matchLocation(model, s, v.marked !== s.value, token.span);
        if (!token || !at) continue;
        yield { messageId: 'token', data: { service: svc.name, kind: token.kind, where: s.path.join('.').replace(/\.\[/g, '[') }, ...at };
      }
    }
  },
});
