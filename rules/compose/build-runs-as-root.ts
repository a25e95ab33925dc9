import { defineRule, message } from '../languages/define-rule.js';
import { runsAsNonRootByDefault, windowsDefaultUser } from '../knowledge/image-families.js';
import { builtDockerfile } from '../languages/project.js';
import { baseImageUser } from '../image-facts/base-user.js';
import { type RuntimeDrop, runtimeDrop } from '../knowledge/runtime-user.js';
import { dockerfileName, dockerfileRelated, firstLine } from '../shared/compose-build.js';

/** The info-level wording when the image starts as root but steps down (or may) at run time. */
function dropMessage<Data extends object>(drop: RuntimeDrop | undefined, data: Data, facts: string) {
  if (drop?.kind === 'likely') return { messageId: 'likelyDrop' as const, data: { ...data, tool: drop.tool, line: drop.line, program: drop.program, reason: drop.reason, facts } };
  if (drop?.kind === 'server') return { messageId: 'serverDrops' as const, data: { ...data, program: drop.program, facts } };
  return undefined;
}

export default defineRule({
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
    others: {},
    messages: {
      noUser: message(
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} never sets USER, and sets no user: itself, so it runs as root. ',
        'Add a USER to the Dockerfile or set user: on the service.',
      ),
      rootUser: 'Service {{service}} builds {{dockerfile}}, whose {{stage}} ends with USER {{user}}, and sets no user: itself, so it runs as root.',
      imageRoot: message(
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} never sets USER, on {{image}}, whose config sets {{config}} ({{source}}); ',
        'the service sets no user: itself, so it runs as root. Add a USER to the Dockerfile or set user: on the service.',
      ),
      likelyDrop: message(
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} starts as root{{facts}}, and sets no user: itself. The image has {{tool}} ',
        '(line {{line}}), so {{program}} probably runs the service as another user, but Bosun could not read it: {{reason}}.',
      ),
      serverDrops: message(
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} starts {{program}} as root{{facts}}, and sets no user: itself. {{program}} runs the ',
        'code that handles requests as an unprivileged user, but its master process keeps root.',
      ),
    },
  },
  *check({ model, files, imageFacts }) {
    for (const own of model.services) {
      const svc = model.effective(own.name);
      // A user: of any value (root included: DC014's business; `${UID}`: unknown) decides here.
      if (!svc?.complete || svc.get('user')) continue;
      const built = builtDockerfile(model, svc, files);
      const span = built?.value.span;
      if (!built || !span) continue;
      const data = {
        service: own.name,
        dockerfile: dockerfileName(model, built),
        stage: built.target ? `stage ${built.target}` : 'final stage',
      };
      const user = built.model.stageUser(built.stage);
      // The base image's own config, when the front-end has it, beats what its name suggests (DF001 does the same).
      const fromFacts = user ? undefined : baseImageUser(built.model, built.stage, imageFacts);
      if (fromFacts?.runsAs === 'user') continue;
      const factsData = fromFacts?.data;
      const base = built.model.rootBase(built.stage);
      if (!user) {
        // An unknowable base, or one that runs as non-root by convention (`:nonroot` tags, Nano Server).
        if (!factsData && base.kind === 'image' && (base.unknown || runsAsNonRootByDefault(base.image) || windowsDefaultUser(base.image) === 'ContainerUser')) continue;
      } else if (user.isRoot !== true) continue;
      const drop = runtimeDrop(built.model, built.stage, built.dockerfilePath ?? model.path, files, [built.context]);
      if (drop?.kind === 'confirmed') continue;
      const where = user ? firstLine(built, user.instr.span) : firstLine(built, built.stage.from.span);
      const related = [...dockerfileRelated(built, where, user ? `USER ${user.value} is set here` : `the ${data.stage} starts here and never sets USER`), ...built.value.related];
      const facts = factsData ? ` on ${factsData.image}, whose config sets ${factsData.config} (${factsData.source})` : '';
      const softer = dropMessage(drop, data, facts);
      if (softer) {
        yield { ...softer, span, level: 'info', related };
        continue;
      }
      if (user) yield { messageId: 'rootUser', span, data: { ...data, user: user.value }, related };
      else if (factsData) yield { messageId: 'imageRoot', span, data: { ...data, ...factsData }, related };
      else yield { messageId: 'noUser', span, data, related };
    }
  },
});
