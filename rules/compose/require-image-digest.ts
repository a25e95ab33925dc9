import type { Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import { type ComposeModel, interpolatedScalar, nodeSpan } from '../languages/compose.js';
import { parseImageRef } from '../languages/image-ref.js';

export default defineRule<ComposeModel>({
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
    catalog: ['DC-IMG-002'],
    others: { composeLint: ['CL-0019'] },
    messages: {
      notPinned:
        'Service {{service}} runs {{image}}, which is not pinned by digest: the tag can be moved to a different image at ' +
        'any time. Pin it as image:tag@sha256:… (the editor quick fix "Pin to digest" looks the digest up in the registry).',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      const entry = svc.get('image');
      if (!entry) continue;
      // With `build:`, `image:` names the image Compose builds and tags, not one it pulls.
      if (svc.get('build')) continue;
      const value = interpolatedScalar(model, entry.value);
      // `${TAG}` that the project does not define: the reference cannot be known, so say nothing.
      if (!value || value.unknown) continue;
      const text = value.value.trim();
      const ref = parseImageRef(text);
      if (!ref || ref.digest) continue;
      const written = nodeSpan(entry.value as Node);
      const report: Report = {
        messageId: 'notPinned',
        span: entry.inheritedFrom ? entry.span : (written ?? entry.span),
        data: { service: svc.name, image: text },
      };
      if (entry.inheritedFrom) report.related = [{ span: entry.inheritedFrom, message: 'the image is set here' }];
      yield report;
    }
  },
});
