import { defineRule } from '../engine/define-rule.js';
import type { Span } from '../engine/types.js';
import { TOKEN_FORMATS } from '../knowledge/secrets.js';
import type { ComposeModel } from '../languages/compose.js';
import { hasUnknown, interpolate } from '../languages/compose-ports.js';
import { textMemo } from '../languages/text-memo.js';
import { knownTokenIn, matchLocation, scannedStrings } from './no-hardcoded-token.js';

const URL_FORMAT = TOKEN_FORMATS.find((f) => f.id === 'url-credentials');
const URL_RE = URL_FORMAT ? new RegExp(URL_FORMAT.re.source, `${URL_FORMAT.re.flags.replace('g', '')}g`) : undefined;
/** `redis://:password@host`: a password with no user name, common for Redis. */
const NO_USER_RE = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/:[^\s/@'"]{1,256}@/g;

/**
 * The first `scheme://user:password@` in an interpolated text whose password is literal: a
 * password from an unknown `${VAR}` is not one, a `${VAR:-default}` password is (the default ships).
 */
export function findUrlCredentials(text: string): { span: Span; scheme: string } | undefined {
  // Every form needs `://`: most strings are ruled out without running the patterns.
  if (!URL_RE || !URL_FORMAT || !text.includes('://')) return undefined;
  let best: { span: Span; scheme: string } | undefined;
  for (const re of [URL_RE, NO_USER_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const found = m[0];
      const schemeEnd = found.indexOf('://');
      const password = found.slice(found.indexOf(':', schemeEnd + 3) + 1, -1);
      if (!hasUnknown(password) && (!URL_FORMAT.check || URL_FORMAT.check(found))) {
        if (!best || m.index < best.span.start) best = { span: { start: m.index, end: m.index + found.length }, scheme: found.slice(0, schemeEnd) };
        break;
      }
    }
  }
  return best;
}

/** Remembered across lints, as the token lookup (the result is shared: do not change it). */
const urlCredentials = textMemo(findUrlCredentials);

export default defineRule<ComposeModel>({
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
    catalog: ['DC-SEC-002'],
    others: {
      kics: ['Passwords And Secrets'],
      composeLint: ['CL-0021'],
    },
    messages: {
      urlCredentials:
        'Service {{service}} has a password in a {{scheme}} URL in {{where}}: it is committed with this file and shown by ' +
        '`docker inspect`. Take the password from a variable (`{{scheme}}://user:${DB_PASSWORD}@…`) set in an uncommitted ' +
        '.env, or from a secret file if the application can read one.',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      for (const s of scannedStrings(model, svc)) {
        const v = interpolate(s.value);
        // One finding per value: a known token inside the URL is DC056's.
        if (knownTokenIn(model, v.text)) continue;
        const found = urlCredentials(v.text);
        if (!found) continue;
        yield {
          messageId: 'urlCredentials',
          data: { service: svc.name, scheme: found.scheme, where: s.path.join('.').replace(/\.\[/g, '[') },
          ...matchLocation(model, s, v.text !== s.value, found.span),
        };
      }
    }
  },
});
