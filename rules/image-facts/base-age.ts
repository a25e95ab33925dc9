/**
 * DF052's use of image facts (rules/dockerfile/no-eol-base-image.ts) (front-end lookups; rules never fetch): the base a built image names in
 * its `org.opencontainers.image.base.name` label is judged by the same end-of-life table, and an
 * image built long before its facts were read is a hint. Ages are measured to the day the facts were
 * fetched (they come with the facts), never to the clock, so the same facts give the same findings.
 */
import type { ReportOf } from '../engine/define-rule.js';
import type { ImageFacts, Span } from '../engine/types.js';
import { EOL_AS_OF, eolVerdicts } from '../knowledge/eol-images.js';
import { type ImageSite, factsSource } from '../languages/image-facts.js';
import { parseNormalisedRef } from '../languages/image-ref.js';

/** Default of the `maxImageAgeMonths` option. */
export const DEFAULT_MAX_IMAGE_AGE_MONTHS = 12;

const BASE_NAME = 'org.opencontainers.image.base.name';

type EolBaseReport = ReportOf<{ eolBase: { image: string; base: string; what: string; since: string; suggest: string; source: string } }>;
type OldReport = ReportOf<{ old: { image: string; created: string; months: number; fetched: string; source: string } }>;

export function* baseNameVerdicts(known: { site: ImageSite; facts: ImageFacts }, span: Span): Generator<EolBaseReport> {
  const label = known.facts.labels[BASE_NAME];
  const parsed = label ? parseNormalisedRef(label.trim()) : undefined;
  if (!parsed?.ok) return;
  const [first] = eolVerdicts(parsed.ref.name, parsed.ref.tag);
  if (!first) return;
  const since = first.since ? ` on ${first.since}` : ` on or before ${EOL_AS_OF}`;
  const base = label!.trim().slice(0, 120);
  yield { messageId: 'eolBase', span, data: { image: known.site.text, base, what: first.what, since, suggest: first.suggest, source: factsSource(known.facts) } };
}

/** Whole months from `from` to `to` (ISO dates); undefined when either is not a date. */
function monthsBetween(from: string, to: string): number | undefined {
  const a = new Date(from);
  const b = new Date(to);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return undefined;
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (b.getUTCDate() < a.getUTCDate()) months--;
  return months;
}

export function agedBase(known: { site: ImageSite; facts: ImageFacts }, span: Span, options: { readonly maxImageAgeMonths?: unknown }): OldReport | undefined {
  const { facts } = known;
  const limit = typeof options.maxImageAgeMonths === 'number' && options.maxImageAgeMonths > 0 ? options.maxImageAgeMonths : DEFAULT_MAX_IMAGE_AGE_MONTHS;
  if (!facts.created) return undefined;
  const months = monthsBetween(facts.created, facts.fetchedAt);
  if (months === undefined || months < limit) return undefined;
  return {
    messageId: 'old',
    span,
    level: 'hint',
    data: { image: known.site.text, created: facts.created.slice(0, 10), months, fetched: facts.fetchedAt.slice(0, 10), source: factsSource(facts) },
  };
}
