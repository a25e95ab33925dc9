import type { Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import { type ComposeModel, nodeSpan } from '../languages/compose.js';
import { displayText, hasServiceValue, interpolateWithEnv, scalarString, UNKNOWN_START } from '../languages/compose-ports.js';
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

export default defineRule<ComposeModel>({
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
    catalog: ['DC-IMG-001'],
    others: {
      composeLint: ['CL-0004'],
      dclint: ['service-image-require-explicit-tag'],
    },
    messages: {
      noTag:
        'Service {{service}} runs {{image}} without a tag, which means :latest, whatever was pushed last. Pin a version ' +
        'tag (or a digest).',
      mutableTag:
        'Service {{service}} runs {{image}}: the tag "{{tag}}" moves with every release, so each pull can run different ' +
        'software. Pin a version tag (or a digest).',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      const entry = svc.get('image');
      const raw = entry && scalarString(model, entry.value);
      if (!entry || raw === undefined) continue;
      // With `build:`, `image:` names the image Compose builds, not one it pulls.
      if (hasServiceValue(model, svc, [['build']]) !== 'no') continue;
      const v = interpolateWithEnv(model, raw);
      let text = v.text.trim();
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
      const image = displayText(v.text.trim());
      const written = nodeSpan(entry.value as Node);
      const report: Report = {
        messageId: why === 'none' ? 'noTag' : 'mutableTag',
        span: entry.inheritedFrom ? entry.span : (written ?? entry.span),
        data: { service: svc.name, image, tag: ref.tag ?? '' },
      };
      if (entry.inheritedFrom) report.related = [{ span: entry.inheritedFrom, message: 'the image is set here' }];
      yield report;
    }
  },
});
