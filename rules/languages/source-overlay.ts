/**
 * A Compose bind mount that puts the host's copy of a build-context path where the service's own
 * Dockerfile COPYs it — `./src:/app/src` over `COPY ./src /app/src`, or a part of `COPY . /app` —
 * so the container runs the working copy instead of what its image holds: the live-reload setup of
 * development. Used by DC027, where such a folder is the developer's checkout, not a boundary.
 */
import { contextPath, copyInstructions, hasWildcards, isContextSource } from './copy-add.js';
import { stageChain } from './dockerfile.js';
import { resolveImagePath } from './image-paths.js';
import { joinPath, normalizePath, relativeInside } from './paths.js';
import type { BuiltDockerfile } from './project.js';

/** True when `hostPath` (absolute) mounted at `target` is a path the built stage (or a stage it is built FROM) COPYs from its context to that place. */
export function overlaysBuiltSource(built: BuiltDockerfile, hostPath: string, target: string): boolean {
  const where = normalizePath(target);
  const chain = new Set(stageChain(built.stage));
  for (const c of copyInstructions(built.model)) {
    if (c.onbuild || !c.instr.stage || !chain.has(c.instr.stage) || c.dest?.value === undefined) continue;
    const dest = resolveImagePath(built.model, c.instr, c.dest.value);
    if (dest === undefined) continue;
    for (const s of c.sources) {
      if (!isContextSource(c, s)) continue;
      const rel = contextPath(s);
      if (rel === undefined || hasWildcards(rel)) continue;
      const inside = relativeInside(joinPath(built.context, rel), hostPath);
      if (inside === undefined) continue;
      // A folder's contents land in the destination; a file lands at it, or in it when it ends with `/`.
      const places = inside === '' ? [dest, joinPath(dest, rel.split('/').pop() ?? rel)] : [joinPath(dest, inside)];
      if (places.includes(where)) return true;
    }
  }
  return false;
}
