import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { committed, knownTokenIn, matchLocation, scannedStrings, urlCredentials } from '../shared/compose-secrets.js';

export default defineRule({
  meta: {
    code: 'DC055',
    name: 'no-credentials-in-url',
    language: 'compose',
    scope: 'unit',
    title: 'Password written in a URL',
    why:
      'A password in a connection string (`postgres://app:s3cret@db/app`) is committed with the Compose file and ' +
      'visible in `docker inspect` and process listings; connection strings also end up in logs and error messages.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798', 'CWE-522'],
    others: {
      kics: ['Passwords And Secrets'],
      composeLint: ['CL-0021'],
    },
    messages: {
      urlCredentials: message(
        'Service {{service}} has a password in a {{scheme}} URL in {{where}}: it is committed with this file and shown by ',
        '`docker inspect`. Take the password from a variable (`{{scheme}}://user:${DB_PASSWORD}@…`) set in an uncommitted ',
        '.env, or from a secret file if the application can read one.',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const s of scannedStrings(model, svc)) {
        const v = committed(s.value);
        // One finding per value: a known token inside the URL is DC056's.
        if (knownTokenIn(v.marked)) continue;
        const found = urlCredentials(v.marked);
        const at = found && matchLocation(model, s, v.marked !== s.value, found.span);
        if (!found || !at) continue;
        yield { messageId: 'urlCredentials', data: { service: svc.name, scheme: found.scheme, where: s.path.join('.').replace(/\.\[/g, '[') }, ...at };
      }
    }
  },
});
