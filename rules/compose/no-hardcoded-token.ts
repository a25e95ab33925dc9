import { defineRule } from '../engine/define-rule.js';
import type { Report, Span } from '../engine/types.js';
import { TOKEN_FORMATS, type TokenFormat, type TokenMatch } from '../knowledge/secrets.js';
import type { ComposeModel, ComposeService } from '../languages/compose.js';
import { interpolate, scalarContentSpan, type ServiceString, serviceStrings } from '../languages/compose-ports.js';
import { textMemo } from '../languages/text-memo.js';
import { envSecretNodes } from './no-secret-in-environment.js';

const FORMATS: readonly TokenFormat[] = TOKEN_FORMATS.filter((f) => f.id !== 'url-credentials');
const globalCopies = new Map<RegExp, RegExp>();

/** DC055, DC056 and DC057 look at the same strings, and after an edit almost all of them again. */
const knownToken = textMemo((text) => findKnownToken(text));

/** `findKnownToken`, remembered across lints (the result is shared: do not change it). */
export function knownTokenIn(_model: ComposeModel, text: string): TokenMatch | undefined {
  return knownToken(text);
}

/** The earliest known token format in `text` (rules/knowledge/secrets.ts), leaving passwords in URLs to DC055. */
export function findKnownToken(text: string): TokenMatch | undefined {
  let best: TokenMatch | undefined;
  for (const f of FORMATS) {
    let g = globalCopies.get(f.re);
    if (!g) globalCopies.set(f.re, (g = new RegExp(f.re.source, `${f.re.flags.replace('g', '')}g`)));
    g.lastIndex = 0;
    for (let m = g.exec(text); m; m = g.exec(text)) {
      if (!f.check || f.check(m[0])) {
        if (!best || m.index < best.span.start) best = { kind: f.kind, id: f.id, span: { start: m.index, end: m.index + m[0].length } };
        break;
      }
      if (m[0].length === 0) g.lastIndex++;
    }
  }
  return best;
}

/**
 * Where a match inside a string is reported: the match itself when the string is written in the
 * service and its text maps 1:1 to the value; else the string (or its use site) as a whole.
 */
export function matchLocation(model: ComposeModel, s: ServiceString, textChanged: boolean, match: Span): Pick<Report, 'span' | 'related'> {
  if (s.editable && !textChanged) {
    const content = scalarContentSpan(model, s.node);
    if (content) return { span: { start: content.start + match.start, end: content.start + match.end } };
  }
  if (s.inheritedFrom) return { span: s.span, related: [{ span: s.inheritedFrom, message: 'the value is written here' }] };
  return { span: s.span };
}

const scanned = new WeakMap<ComposeService, ServiceString[]>();

/** Strings a service holds that the value rules look at: all but build args (DC057) and env secrets DC054 reports. */
export function scannedStrings(model: ComposeModel, svc: ComposeService): ServiceString[] {
  let list = scanned.get(svc);
  if (!list) {
    const skip = envSecretNodes(model, svc);
    list = serviceStrings(model, svc).filter((s) => !(s.path[0] === 'build' && s.path[1] === 'args') && !skip.has(s.node));
    scanned.set(svc, list);
  }
  return list;
}

export default defineRule<ComposeModel>({
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
      token:
        'Service {{service}} has a {{kind}} in {{where}}: it is readable by anyone with this file or its history. Revoke ' +
        'it, then pass it at run time (a `secrets:` entry, or an environment variable from an uncommitted .env).',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      for (const s of scannedStrings(model, svc)) {
        const v = interpolate(s.value);
        const token = knownTokenIn(model, v.text);
        if (!token) continue;
        yield {
          messageId: 'token',
          data: { service: svc.name, kind: token.kind, where: s.path.join('.').replace(/\.\[/g, '[') },
          ...matchLocation(model, s, v.text !== s.value, token.span),
        };
      }
    }
  },
});
