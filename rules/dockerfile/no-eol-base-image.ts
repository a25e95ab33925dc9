import type { Flag } from 'dockerfile-ast';
import { defineRule, message, type ReportOf } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { EOL_AS_OF, eolVerdicts } from '../knowledge/eol-images.js';
import { parseNormalisedRef } from '../languages/image-ref.js';
import { stageImageFacts } from '../languages/image-facts.js';
import { agedBase, baseNameVerdicts } from '../image-facts/base-age.js';
import { allStageNames } from '../languages/stage-names.js';

export default defineRule({
  meta: {
    code: 'DF052',
    name: 'no-eol-base-image',
    language: 'dockerfile',
    scope: 'unit',
    title: 'End-of-life or deprecated base image',
    why:
      'An image whose OS or runtime release has reached end of life gets no more security fixes: every vulnerability ' +
      'found from then on stays in your image, however often you rebuild it.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'CIS-4.4', 'CWE-1104'],
    others: {},
    messages: {
      eol: '{{image}}: {{what}} reached end of life{{since}}, so no more security fixes. Move to {{suggest}}.',
      deprecated: '{{image}}: {{what}} — {{why}}{{since}}. Move to {{suggest}}.',
      eolBase: message(
        '{{image}} is built on {{base}} (its org.opencontainers.image.base.name label; {{source}}): {{what}} reached end of life{{since}}, ',
        'so no more security fixes. Use a version of the image built on {{suggest}}.',
      ),
      old: message(
        '{{image}} was built on {{created}}, {{months}} months before its config was read on {{fetched}} ({{source}}): an image ',
        'that is not rebuilt gets no security fixes. Use a tag that is still maintained, or rebuild the base image.',
      ),
    },
  },
  options: ['maxImageAgeMonths'],
  *check({ model, imageFacts, options }) {
    const stageNames = allStageNames(model);
    const judge = function* (
      text: string,
      span: Span,
    ): Generator<
      ReportOf<{ deprecated: { image: string; what: string; why: string; since: string; suggest: string }; eol: { image: string; what: string; since: string; suggest: string } }>
    > {
      const parsed = parseNormalisedRef(text);
      if (!parsed.ok) return;
      // A digest pins bytes, not support: an end-of-life release is end of life at any digest.
      const verdicts = eolVerdicts(parsed.ref.name, parsed.ref.tag);
      const first = verdicts[0];
      if (!first) return;
      const what = verdicts.length === 1 ? first.what : verdicts.map((v) => (v.since ? `${v.what} (${v.since})` : v.what)).join(' and ');
      if (first.why) {
        yield {
          messageId: 'deprecated',
          span,
          data: { image: text, what, why: first.why, since: first.since ? ` (since ${first.since})` : '', suggest: first.suggest },
        };
      } else {
        const since = verdicts.length > 1 ? '' : ` on ${first.since ?? `or before ${EOL_AS_OF}`}`;
        yield { messageId: 'eol', span, data: { image: text, what, since, suggest: first.suggest } };
      }
    };
    // Every stage: a build stage on an end-of-life toolchain compiles (and links) unpatched code into the result.
    for (const stage of model.stages) {
      const base = stage.base;
      if (base.kind === 'image' && !base.unknown) {
        // A malformed digest (`python:3.8@v1`) pins nothing: judge the name and tag before it.
        const named = base.badDigest === undefined ? base.text : base.text.slice(0, base.text.indexOf('@'));
        let judged = false;
        for (const r of judge(named, base.span)) {
          judged = true;
          yield r;
        }
        // What the image's config says (front-end facts): its base's end of life, and its age.
        const known = stageImageFacts(model, stage, imageFacts);
        if (known && !judged) yield* baseNameVerdicts(known, base.span);
        const aged = known && agedBase(known, base.span, options);
        if (aged) yield aged;
      }
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'COPY') continue;
        const flag = (instr.node as typeof instr.node & { getFlags?(): Flag[] }).getFlags?.().find((f) => f.getName().toLowerCase() === 'from');
        const value = flag?.getValue();
        const range = flag?.getValueRange();
        if (!value || !range || value.includes('$') || /^\d+$/.test(value) || stageNames.has(value.toLowerCase())) continue;
        yield* judge(value, model.file.spanOf(range));
      }
    }
  },
});
