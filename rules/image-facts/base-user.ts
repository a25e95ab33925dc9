/**
 * DF001's use of image facts (rules/dockerfile/no-root-user.ts): when the front-end knows the base image's config (lock file or cache),
 * its `User` decides — a non-root user is not flagged whatever the tag says, a root user is flagged
 * even under a `nonroot` tag — and the message says the config was read.
 */
import type { ImageFactsView, Report } from '../engine/types.js';
import type { DockerfileModel, Stage } from '../languages/dockerfile.js';
import { configUserText, factsSource, isRootConfigUser, stageImageFacts } from '../languages/image-facts.js';

/** Undefined: no facts, judge by the name. Otherwise the report to make (none for a non-root config user). */
export function baseImageUser(model: DockerfileModel, stage: Stage, view: ImageFactsView | undefined): { report?: Report } | undefined {
  const known = stageImageFacts(model, stage, view);
  if (!known) return undefined;
  const { site, facts } = known;
  if (!isRootConfigUser(facts.user)) return {};
  const from = stage.from.span;
  const span = { start: from.start, end: Math.min(from.end, model.file.lineEnd(model.file.positionAt(from.start).line)) };
  return { report: { messageId: 'imageRoot', span, data: { image: site.text, config: configUserText(facts), source: factsSource(facts) } } };
}
