/**
 * How the rules about a service's build (DC080 build-runs-as-root, DC081 build-without-healthcheck)
 * point into the Dockerfile the service builds.
 */
import type { RelatedInfo, Span } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { dirname, relativePath } from '../languages/paths.js';
import type { BuiltDockerfile } from '../languages/project.js';

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
