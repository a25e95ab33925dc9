import { defineRule, message } from '../languages/define-rule.js';

export default defineRule({
  meta: {
    code: 'DF003',
    name: 'no-latest-tag',
    language: 'dockerfile',
    registryFix: 'pin-digest',
    title: 'Base image without a version (latest)',
    why:
      'A base image without a tag, or tagged :latest, is whatever was pushed last: every build can pull a ' +
      'different image, so a changed or compromised upstream image enters your build unnoticed.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'reproducibility', 'CIS-4.2'],
    others: {
      hadolint: ['DL3006', 'DL3007'],
      trivy: ['DS-0001'],
      checkov: ['CKV_DOCKER_7'],
      kics: ['Image Version Not Explicit', "Image Version Using 'latest'"],
    },
    messages: {
      noTag: message(
        'FROM {{image}} has no tag, so it means :latest, whatever was pushed last: builds are not reproducible and ',
        'pick up a changed or compromised image unnoticed. Pin a version tag (or a digest).',
      ),
      latestTag: message(
        'FROM {{image}} uses :latest, which moves with every push: builds are not reproducible and pick up a changed ',
        'or compromised image unnoticed. Pin a version tag (or a digest).',
      ),
    },
  },
  *check({ model }) {
    const { file } = model;
    // Every stage: a build stage on :latest runs an unpinned toolchain over your sources and secrets and
    // makes the build unreproducible, even when the final stage is pinned.
    for (const stage of model.stages) {
      const base = stage.base;
      // scratch, `FROM <stage>` and unknowable references (`FROM $BASE` without a default) are not flagged.
      if (base.kind !== 'image' || base.unknown || !base.image) continue;
      const ref = base.image;
      // A digest pins the image whatever the tag says.
      if (ref.digest) continue;
      const written = file.text.slice(base.span.start, base.span.end);
      const image = written === base.text ? written : `${written} (= ${base.text})`;
      if (ref.tag === undefined) yield { messageId: 'noTag', span: base.span, data: { image } };
      else if (ref.tag === 'latest') yield { messageId: 'latestTag', span: base.span, data: { image } };
    }
  },
});
