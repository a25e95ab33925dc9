import { defineRule, message } from '../languages/define-rule.js';
import { reachesFinalImage } from '../languages/dockerfile.js';
import { copiedSecrets } from '../shared/copied-secrets.js';

export default defineRule({
  meta: {
    code: 'DF039',
    name: 'no-secret-file-copy',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Secret file copied into the image',
    why:
      'COPY and ADD write files into an image layer that everyone who can pull the image can read; a private key, ' +
      '.env file or credentials file stays there even if a later step deletes it.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-538', 'CWE-798'],
    others: {},
    messages: {
      copied: message(
        '{{keyword}} puts {{label}} ({{name}}) into the image: anyone who can pull it can read it, and deleting it in a later ',
        'step does not remove it. Pass it as a build secret (`RUN --mount=type=secret,id=…`) or mount it at run time.',
      ),
      copiedUnseen: message(
        '{{keyword}} puts {{name}} into the image, a name used for {{label}}; {{name}} is not in the checkout, so only its name says so. ',
        'If it is written before the build (as CI jobs do), anyone who can pull the image can read it: pass it as a build secret ',
        '(`RUN --mount=type=secret,id=…`) or mount it at run time.',
      ),
      buildStage: message(
        '{{keyword}} puts {{label}} ({{name}}) into build stage {{stage}}: not in the final image, but kept in the build cache ',
        'and in images built with `--target {{stage}}`. Use a secret mount (`RUN --mount=type=secret,id=…`) instead.',
      ),
    },
  },
  *check({ model, path, files }) {
    for (const found of copiedSecrets(model, path, files)) {
      const { copy, source, secret, name } = found;
      const stage = copy.instr.stage;
      const data = { keyword: copy.keyword, label: secret.label, name };
      if (copy.onbuild || reachesFinalImage(model, stage)) {
        if (found.unseen) yield { messageId: 'copiedUnseen', span: source.span, data, level: 'warning' };
        else yield { messageId: 'copied', span: source.span, data };
      } else {
        yield { messageId: 'buildStage', span: source.span, data: { ...data, stage: stage?.name ?? String(stage?.index ?? 0) }, level: 'warning' };
      }
    }
  },
});
