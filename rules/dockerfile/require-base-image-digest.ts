import { defineRule, message } from '../languages/define-rule.js';

export default defineRule({
  meta: {
    code: 'DF070',
    name: 'require-base-image-digest',
    language: 'dockerfile',
    registryFix: 'pin-digest',
    scope: 'unit',
    title: 'Base image not pinned by digest',
    why:
      'A tag is a movable name: the publisher, or whoever takes over the repository, can point it at another image at ' +
      'any time. Only a digest names exactly the image you reviewed and tested.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'supply-chain', 'reproducibility', 'CIS-4.2', 'CWE-494'],
    others: { semgrep: ['dockerfile-source-not-pinned'] },
    messages: {
      notPinned: message(
        'FROM {{image}} is not pinned by digest: the tag can be moved to a different image at any time. Pin it as ',
        'image:tag@sha256:… (the editor quick fix "Pin to digest" looks the digest up in the image\'s registry).',
      ),
    },
  },
  *check({ model }) {
    const { file } = model;
    // Every stage that names an external image: a build stage's toolchain runs over your sources and
    // its output ships in the final image, so an unpinned builder is as much a supply-chain entry.
    for (const stage of model.stages) {
      const base = stage.base;
      // scratch, `FROM <stage>` (its own FROM is checked) and references that cannot be known are left out.
      if (base.kind !== 'image' || base.unknown || !base.image || base.image.digest) continue;
      const written = file.text.slice(base.span.start, base.span.end);
      const image = written === base.text ? written : `${written} (= ${base.text})`;
      yield { messageId: 'notPinned', span: base.span, data: { image } };
    }
  },
});
