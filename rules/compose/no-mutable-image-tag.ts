import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { displayText, UNKNOWN_START } from '../languages/compose-interpolate.js';
import { parseImageRef } from '../languages/image-ref.js';

/** Tag words that name a moving channel rather than a release (`latest`, `stable-alpine`, `lts-slim`). */
const CHANNEL_WORDS = new Set(['latest', 'stable', 'edge', 'main', 'master', 'nightly', 'develop', 'dev', 'unstable', 'rolling', 'mainline', 'lts', 'current']);

/** Variant-only tags: the newest release of the image on that base (`nginx:alpine` is latest on Alpine). */
const VARIANT_ONLY = new Set(['alpine', 'slim']);

/** Why a tag moves, or undefined when it names a release. */
function mutableTag(tag: string | undefined): string | undefined {
  if (tag === undefined) return 'none';
  const lower = tag.toLowerCase();
  if (VARIANT_ONLY.has(lower)) return lower;
  const word = lower.split(/[-_.]/).find((w) => CHANNEL_WORDS.has(w));
  return word;
}

export default defineRule({
  meta: {
    code: 'DC053',
    name: 'no-mutable-image-tag',
    language: 'compose',
    registryFix: 'pin-digest',
    scope: 'unit',
    title: 'Image without a version tag (latest or another moving tag)',
    why:
      'An image without a tag, or with a channel tag such as latest or stable, is whatever was pushed last: each pull ' +
      'can run different software, so a broken or compromised upstream release reaches you without a change in this file.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'reproducibility', 'CIS-4.2', 'CIS-5.28', 'CWE-1357'],
    others: {
      composeLint: ['CL-0004'],
      dclint: ['service-image-require-explicit-tag'],
    },
    messages: {
      noTag: message('Service {{service}} runs {{image}} without a tag, which means :latest, whatever was pushed last. Pin a version ', 'tag (or a digest).'),
      mutableTag: message(
        'Service {{service}} runs {{image}}: the tag "{{tag}}" moves with every release, so each pull can run different ',
        'software. Pin a version tag (or a digest).',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const image = svc.get('image');
      const v = image?.interpolated();
      if (!image?.valueSpan || !v) continue;
      // With `build:`, `image:` names the image Compose builds, not one it pulls.
      if (svc.get('build') || !svc.complete) continue;
      let text = v.marked.trim();
      if (v.unknown) {
        // A variable in the registry or path leaves the tag readable; one in the last component does not.
        const lastSlash = text.lastIndexOf('/');
        if (!text.includes(UNKNOWN_START) || text.indexOf(UNKNOWN_START, lastSlash + 1) >= 0) continue;
        text = text.replace(/\u0000\w*\u0001/g, 'x');
      }
      const ref = parseImageRef(text);
      if (!ref || ref.digest) continue;
      const why = mutableTag(ref.tag);
      if (!why) continue;
      const related = image.relatedAs('the image is set here');
      yield {
        messageId: why === 'none' ? 'noTag' : 'mutableTag',
        span: image.valueSpan,
        data: { service: svc.name, image: displayText(v.marked.trim()), tag: ref.tag ?? '' },
        ...(related.length ? { related } : {}),
      };
    }
  },
});
