/**
 * The user a base image's own config runs as, for DF001 (rules/dockerfile/no-root-user.ts) and DC080
 * (rules/compose/build-runs-as-root.ts). When the front-end knows the config (lock file or cache), its
 * `User` decides instead of the name: a non-root user is not flagged whatever the tag says, root is
 * flagged even under a `nonroot` tag. What the image does after it starts as root (an entrypoint that
 * steps down with gosu, a server with unprivileged workers: rules/knowledge/runtime-user.ts) still
 * applies on top, as it does when facts are absent.
 */
import type { ImageFactsView } from '../engine/types.js';
import type { DockerfileModel, Stage } from '../languages/dockerfile.js';
import { configUserText, factsSource, isRootConfigUser, stageImageFacts } from '../languages/image-facts.js';

export type BaseImageUser =
  /** The config sets a non-root user. */
  | { runsAs: 'user' }
  /** The config runs as root (`ContainerAdministrator` on Windows); `data` words it for messages. */
  | { runsAs: 'root' | 'windowsAdmin'; data: { image: string; config: string; source: string } };

/** Windows images run as ContainerAdministrator when the config sets no user. */
function isWindowsAdmin(user: string): boolean {
  const name = user.trim();
  return name === '' || name.toLowerCase() === 'containeradministrator';
}

/** Undefined: no facts, judge by the name. */
export function baseImageUser(model: DockerfileModel, stage: Stage, view: ImageFactsView | undefined): BaseImageUser | undefined {
  const known = stageImageFacts(model, stage, view);
  if (!known) return undefined;
  const { site, facts } = known;
  const data = { image: site.text, config: configUserText(facts), source: factsSource(facts) };
  if (facts.os?.toLowerCase() === 'windows') return isWindowsAdmin(facts.user) ? { runsAs: 'windowsAdmin', data } : { runsAs: 'user' };
  return isRootConfigUser(facts.user) ? { runsAs: 'root', data } : { runsAs: 'user' };
}
