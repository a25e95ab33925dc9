import { firstNotBefore } from '../engine/sorted-search.js';
import { defineRule, message } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { isSecretName, TOKEN_FORMATS } from '../knowledge/secrets.js';
import { argOrEnvDeclaration, type DockerfileModel, ownOrTrigger } from '../languages/dockerfile.js';

export interface FoundToken {
  id: string;
  kind: string;
  span: Span;
}

const globalCopies = new Map<RegExp, RegExp>();

/** Every known token format in `text`; a specific format wins over a URL password it overlaps. */
export function allTokens(text: string): FoundToken[] {
  const found: FoundToken[] = [];
  for (const f of TOKEN_FORMATS) {
    let g = globalCopies.get(f.re);
    if (!g) globalCopies.set(f.re, (g = new RegExp(f.re.source, `${f.re.flags.replace('g', '')}g`)));
    g.lastIndex = 0;
    for (let m = g.exec(text); m; m = g.exec(text)) {
      if (m[0].length === 0) {
        g.lastIndex++;
        continue;
      }
      if (f.check && !f.check(m[0])) continue;
      found.push({ id: f.id, kind: f.kind, span: { start: m.index, end: m.index + m[0].length } });
    }
  }
  found.sort((a, b) => a.span.start - b.span.start || (a.id === 'url-credentials' ? 1 : 0) - (b.id === 'url-credentials' ? 1 : 0));
  // Kept tokens never overlap and come in order of start, so only the last one can overlap the next.
  const kept: FoundToken[] = [];
  for (const t of found) {
    const last = kept[kept.length - 1];
    if (!last || last.span.end <= t.span.start) kept.push(t);
    // A token inside a URL's user:password@ is the more useful finding.
    else if (last.id === 'url-credentials' && t.id !== 'url-credentials') kept[kept.length - 1] = t;
  }
  return kept;
}

/** Spans left to other rules: values of secret-named ARG/ENV (DF002) and URL passwords in RUN (DF042). */
function excluded(model: DockerfileModel): { secretValues: Span[]; runs: Span[] } {
  const secretValues: Span[] = [];
  const runs: Span[] = [];
  for (const instr of model.instructions) {
    if (ownOrTrigger(instr, 'RUN')) runs.push(instr.span);
    for (const p of argOrEnvDeclaration(instr)?.properties ?? []) {
      const range = p.getValueRange();
      if (range && isSecretName(p.getName())) secretValues.push(model.file.spanOf(range));
    }
  }
  return { secretValues, runs };
}

/** `postgres://postgres:postgres@db`, `amqp://guest:guest@mq`: a well-known default login (user = password), not a leak. */
function isDefaultLogin(url: string): boolean {
  const userinfo = url.slice(url.indexOf('://') + 3, -1);
  const colon = userinfo.indexOf(':');
  return colon > 0 && userinfo.slice(0, colon) === userinfo.slice(colon + 1);
}

/** Whether one of `spans` (disjoint, in file order) holds `s`: only the last one starting at or before it can. */
function inside(s: Span, spans: readonly Span[]): boolean {
  const holder = spans[firstNotBefore(spans.length, (i) => spans[i].start <= s.start) - 1];
  return !!holder && s.end <= holder.end;
}

export default defineRule({
  meta: {
    code: 'DF036',
    name: 'no-hardcoded-secret',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Hard-coded credential in the Dockerfile',
    why: 'A token or key written into the Dockerfile is in source control and every copy of it, and usually in the ' + 'image history too. Treat it as leaked.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798'],
    others: {
      checkov: ['CKV_SECRET_2', 'CKV_SECRET_4', 'CKV_SECRET_6', 'CKV_SECRET_13'],
      kics: ['Passwords And Secrets'],
    },
    messages: {
      token: message(
        'This is a {{kind}} written into the Dockerfile: it is in source control and the image history. ',
        'Revoke it now, then pass it as a build secret (`RUN --mount=type=secret,…`).',
      ),
    },
  },
  *check({ model }) {
    const text = model.file.text;
    if (!text) return;
    const { secretValues, runs } = excluded(model);
    // Stages start on a new line, so a token never spans two of the parts scanned.
    const tokens = model.textSpans.flatMap(({ start, end }) =>
      allTokens(text.slice(start, end)).map((t) => ({ ...t, span: { start: t.span.start + start, end: t.span.end + start } })),
    );
    for (const t of tokens) {
      if (inside(t.span, secretValues)) continue;
      if (t.id === 'url-credentials' && (inside(t.span, runs) || isDefaultLogin(text.slice(t.span.start, t.span.end)))) continue;
      yield { messageId: 'token', span: t.span, data: { kind: t.kind } };
    }
  },
});
