import { defineRule } from '../engine/define-rule.js';
import type { RelatedInfo, Span } from '../engine/types.js';
import { runsAsNonRootByDefault, windowsDefaultUser } from '../knowledge/image-families.js';
import type { ComposeModel } from '../languages/compose.js';
import { dirname, relativePath } from '../languages/paths.js';
import { type BuiltDockerfile, builtDockerfile } from '../languages/project.js';
import { baseImageUser } from '../image-facts/base-user.js';
import { type RuntimeDrop, runtimeDrop } from '../knowledge/runtime-user.js';

/** The info-level wording when the image starts as root but steps down (or may) at run time. */
function dropMessage(drop: RuntimeDrop | undefined): { messageId: string; data: Record<string, string | number> } | undefined {
  if (drop?.kind === 'likely') return { messageId: 'likelyDrop', data: { tool: drop.tool, line: drop.line, program: drop.program, reason: drop.reason } };
  if (drop?.kind === 'server') return { messageId: 'serverDrops', data: { program: drop.program } };
  return undefined;
}

/** How a finding names the Dockerfile: relative to the Compose file (`../x/Dockerfile` outside its folder), never by an absolute path of the machine. */
export function dockerfileName(model: ComposeModel, built: BuiltDockerfile): string {
  if (!built.dockerfilePath) return 'its dockerfile_inline';
  return relativePath(dirname(model.path), built.dockerfilePath);
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
      likelyDrop:
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} starts as root{{facts}}, and sets no user: itself. The image has {{tool}} ' +
        '(line {{line}}), so {{program}} probably runs the service as another user, but Bosun could not read it: {{reason}}.',
      serverDrops:
        'Service {{service}} builds {{dockerfile}}, whose {{stage}} starts {{program}} as root{{facts}}, and sets no user: itself. {{program}} runs the ' +
        'code that handles requests as an unprivileged user, but its master process keeps root.',
    },
  },
  *check({ model, files, imageFacts }) {
    for (const own of model.services) {
      const svc = model.effective(own.name);
      // A user: of any value (root included: DC-PRIV-007's business; `${UID}`: unknown) decides here.
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
      const related = [
        ...dockerfileRelated(built, where, user ? `USER ${user.value} is set here` : `the ${data.stage} starts here and never sets USER`),
        ...built.value.related,
      ];
      const softer = dropMessage(drop);
      if (softer) {
        const facts = factsData ? ` on ${factsData.image}, whose config sets ${factsData.config} (${factsData.source})` : '';
        yield { messageId: softer.messageId, span, level: 'info', data: { ...data, ...softer.data, facts }, related };
        continue;
      }
      if (user) yield { messageId: 'rootUser', span, data: { ...data, user: user.value }, related };
      else if (factsData) yield { messageId: 'imageRoot', span, data: { ...data, ...factsData }, related };
      else yield { messageId: 'noUser', span, data, related };
    }
  },
});
