import { defineRule, message } from '../languages/define-rule.js';
import { contextPath, copyInstructions, hasWildcards } from '../languages/copy-add.js';
import { dockerignoreFor } from '../languages/dockerignore.js';
import { basename } from '../languages/paths.js';

export default defineRule({
  meta: {
    code: 'DF043',
    name: 'no-copy-ignored-file',
    language: 'dockerfile',
    scope: 'unit',
    title: 'COPY/ADD source excluded by .dockerignore',
    why:
      'A source that .dockerignore excludes is not sent to the builder: the COPY fails or copies nothing. The two files ' +
      'disagree about what the image should contain — often about a secret.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'build-context'],
    others: { buildkit: ['CopyIgnoredFile'] },
    messages: {
      ignored: message(
        '{{keyword}} source {{source}} is excluded by {{ignoreFile}} (line {{line}}: `{{pattern}}`): it is not in the build ',
        'context, so this fails or copies nothing. If the file is a secret, mount it with `RUN --mount=type=secret` instead; ',
        'otherwise remove the pattern.',
      ),
    },
  },
  *check({ model, path, files }) {
    const ignore = dockerignoreFor(path, files);
    if (!ignore) return;
    const ignoreFile = basename(ignore.path ?? '.dockerignore');
    for (const c of copyInstructions(model)) {
      if (c.from !== undefined) continue;
      for (const s of c.sources) {
        if (s.kind !== 'local') continue;
        const rel = contextPath(s);
        // Wildcards copy whatever is left after .dockerignore: excluding some matches is the point.
        if (rel === undefined || rel === '.' || hasWildcards(rel)) continue;
        const m = ignore.match(rel);
        if (!m.ignored || !m.by || ignore.mayReincludeUnder(rel)) continue;
        yield {
          messageId: 'ignored',
          span: s.span,
          data: { keyword: c.keyword, source: s.raw, ignoreFile, line: m.by.line, pattern: m.by.pattern },
        };
      }
    }
  },
});
