import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { parseImageRef } from '../languages/image-ref.js';

export default defineRule({
  meta: {
    code: 'DC070',
    name: 'require-image-digest',
    language: 'compose',
    registryFix: 'pin-digest',
    scope: 'unit',
    title: 'Image not pinned by digest',
    why:
      'A tag is a movable name: the publisher, or whoever takes over the repository, can point it at another image at ' +
      'any time. Only a digest names exactly the image you reviewed and tested.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'supply-chain', 'reproducibility', 'CIS-4.2', 'CWE-494'],
    others: { composeLint: ['CL-0019'] },
    messages: {
      notPinned: message(
        'Service {{service}} runs {{image}}, which is not pinned by digest: the tag can be moved to a different image at ',
        'any time. Pin it as image:tag@sha256:… (the editor quick fix "Pin to digest" looks the digest up in the registry).',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const image = svc.get('image');
      // With `build:`, `image:` names the image Compose builds and tags, not one it pulls.
      if (!image?.valueSpan || svc.get('build')) continue;
      const value = image.interpolated();
      // `${TAG}` that the project does not define: the reference cannot be known, so say nothing.
      if (!value || value.unknown) continue;
      const text = value.value.trim();
      const ref = parseImageRef(text);
      if (!ref || ref.digest) continue;
      const related = image.relatedAs('the image is set here');
      yield { messageId: 'notPinned', span: image.valueSpan, data: { service: svc.name, image: text }, ...(related.length ? { related } : {}) };
    }
  },
});
