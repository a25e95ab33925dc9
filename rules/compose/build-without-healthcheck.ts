import { defineRule, message } from '../languages/define-rule.js';
import { stageChain } from '../languages/dockerfile.js';
import { builtDockerfile } from '../languages/project.js';
import { dockerfileName, dockerfileRelated, firstLine } from '../shared/compose-build.js';
import { factsSource, hasInheritedHealthcheck, stageImageFacts } from '../languages/image-facts.js';

export default defineRule({
  meta: {
    code: 'DC081',
    name: 'build-without-healthcheck',
    language: 'compose',
    scope: 'unit',
    title: 'Service built here has no healthcheck in Compose or in its Dockerfile',
    why:
      'Without a healthcheck, Docker only knows whether the process is alive, not whether it works: a hung service ' +
      'stays "running", restart policies and `depends_on: condition: service_healthy` cannot react.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'availability', 'CIS-4.6', 'CIS-5.27'],
    others: {},
    messages: {
      none: message(
        'Service {{service}} has no healthcheck, and {{dockerfile}} defines no HEALTHCHECK in its {{stage}}: Docker cannot tell ',
        'when it stops working. Add a healthcheck: to the service or a HEALTHCHECK to the Dockerfile.',
      ),
      noneInImage: message(
        'Service {{service}} has no healthcheck, {{dockerfile}} defines no HEALTHCHECK in its {{stage}}, and its base image {{image}} ',
        'has none in its config ({{source}}): Docker cannot tell when it stops working. Add a healthcheck: to the service or a ',
        'HEALTHCHECK to the Dockerfile.',
      ),
    },
  },
  *check({ model, files, imageFacts }) {
    for (const own of model.services) {
      const svc = model.effective(own.name);
      if (!svc?.complete) continue;
      const hc = svc.get('healthcheck');
      // A test (or disable) written in Compose decides; disabled ones are DC052's business.
      if (hc && (hc.field('test') || hc.field('disable'))) continue;
      const built = builtDockerfile(model, svc, files);
      const span = built?.value.span;
      if (!built || !span) continue;
      // HEALTHCHECK is inherited from the stage an image is built FROM; `HEALTHCHECK NONE` is a decision too.
      if (stageChain(built.stage).some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) continue;
      // So is the base image's own HEALTHCHECK, when the front-end knows its config.
      const known = stageImageFacts(built.model, built.stage, imageFacts);
      if (known && hasInheritedHealthcheck(known.facts)) continue;
      const stage = built.target ? `stage ${built.target}` : 'final stage';
      const data = { service: own.name, dockerfile: dockerfileName(model, built), stage };
      const related = [...dockerfileRelated(built, firstLine(built, built.stage.from.span), `the ${stage} starts here`), ...built.value.related];
      if (known) yield { messageId: 'noneInImage', span, data: { ...data, image: known.site.text, source: factsSource(known.facts) }, related };
      else yield { messageId: 'none', span, data, related };
    }
  },
});
