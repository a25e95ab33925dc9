import { defineRule } from '../engine/define-rule.js';
import type { RelatedInfo, Span } from '../engine/types.js';
import { runsAsNonRootByDefault } from '../knowledge/image-families.js';
import type { ComposeModel } from '../languages/compose.js';
import { dirname, relativeInside } from '../languages/paths.js';
import { type BuiltDockerfile, builtDockerfile } from '../languages/project.js';
import { configUserText, factsSource, isRootConfigUser, stageImageFacts } from '../languages/image-facts.js';

/** How a finding names the Dockerfile: relative to the Compose file when it can. */
export function dockerfileName(model: ComposeModel, built: BuiltDockerfile): string {
  if (!built.dockerfilePath) return 'its dockerfile_inline';
  return relativeInside(dirname(model.path), built.dockerfilePath) ?? built.dockerfilePath;
}

/** Related information pointing into the built Dockerfile (or at `dockerfile_inline` in this file). */
export function dockerfileRelated(built: BuiltDockerfile, span: Span, message: string): RelatedInfo[] {
  if (built.dockerfilePath) return [{ span, message, path: built.dockerfilePath }];
  const inline = built.value.field('dockerfile_inline')?.span;
  return inline ? [{ span: inline, message }] : [];
}

/** The first line of an instruction: where a related location points. */
export function firstLine(built: BuiltDockerfile, span: Span): Span {
  const file = built.model.file;
  return { start: span.start, end: Math.min(span.end, file.lineEnd(file.positionAt(span.start).line)) };
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC080',
    name: 'build-runs-as-root',
    language: 'compose',
    scope: 'unit',
    title: 'Service builds an image that runs as root and sets no user',
    why:
      'The service builds its image from a Dockerfile whose final (or target) stage never switches away from root, ' +
      'and the service does not set `user:` either, so its process runs as root in the container.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CIS-4.1', 'CWE-250'],
    catalog: ['DC-PRIV-009'],
    others: {},
    messages: {
      noUser:
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} never sets USER, and sets no user: itself, so it runs as root. ' +
        'Add a USER to the Dockerfile or set user: on the service.',
      rootUser:
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} ends with USER {{user}}, and sets no user: itself, so it runs as root.',
      imageRoot:
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} never sets USER, on {{image}}, whose config sets {{config}} ({{source}}); ' +
        'the service sets no user: itself, so it runs as root. Add a USER to the Dockerfile or set user: on the service.',
    },
  },
  *check({ model, files, imageFacts }) {
    for (const own of model.services) {
      const svc = model.effective(own.name);
      // A user: of any value (root included: DC-PRIV-007's business; `${UID}`: unknown) decides here.
      if (!svc || !svc.complete || svc.get('user')) continue;
      const built = builtDockerfile(model, svc, files);
      const span = built?.value.span;
      if (!built || !span) continue;
      const data = {
        service: own.name,
        dockerfile: dockerfileName(model, built),
        stage: built.target ? `stage ${built.target}` : 'final stage',
      };
      const user = built.model.stageUser(built.stage);
      if (user) {
        if (user.isRoot !== true) continue;
        const related = dockerfileRelated(built, firstLine(built, user.instr.span), `USER ${user.value} is set here`);
        yield { messageId: 'rootUser', span, data: { ...data, user: user.value }, related: [...related, ...built.value.related] };
        continue;
      }
      // The base image's own config, when the front-end has it, beats what its name suggests.
      const known = stageImageFacts(built.model, built.stage, imageFacts);
      if (known) {
        if (!isRootConfigUser(known.facts.user)) continue;
        const related = dockerfileRelated(built, firstLine(built, built.stage.from.span), `the ${data.stage} starts here and never sets USER`);
        const facts = { image: known.site.text, config: configUserText(known.facts), source: factsSource(known.facts) };
        yield { messageId: 'imageRoot', span, data: { ...data, ...facts }, related: [...related, ...built.value.related] };
        continue;
      }
      const base = built.model.rootBase(built.stage);
      // An unknowable base, or one that runs as non-root by convention (`:nonroot` tags).
      if (base.kind === 'image' && (base.unknown || runsAsNonRootByDefault(base.image))) continue;
      const related = dockerfileRelated(built, firstLine(built, built.stage.from.span), `the ${data.stage} starts here and never sets USER`);
      yield { messageId: 'noUser', span, data, related: [...related, ...built.value.related] };
    }
  },
});
