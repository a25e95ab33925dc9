/**
 * Base-image facts as rules see them: the key a reference and platform are looked up by, the image
 * a stage builds on, and small readings of the facts (is the config user root, does it have a
 * healthcheck). The facts themselves come from the front-end (lock file, cache) through
 * `RuleContext.imageFacts`; nothing here reads a file, the network or the clock.
 */
import type { From } from 'dockerfile-ast';
import type { ImageFacts, ImageFactsView, Span } from '../engine/types.js';
import type { DockerfileModel, Stage } from './dockerfile.js';
import { parseNormalisedRef } from './image-ref.js';

/** What Bosun asks a multi-platform image for when nothing says otherwise. */
export const DEFAULT_PLATFORM = 'linux/amd64';

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64' };

/**
 * `linux/arm64/v8` → `linux/arm64` (v8 is arm64's only variant, as containerd normalises it);
 * undefined for anything that is not a literal `os/arch[/variant]` (`$BUILDPLATFORM`).
 */
export function normalisePlatform(text: string | undefined): string | undefined {
  const t = text?.trim().toLowerCase();
  if (!t || !/^[a-z0-9_-]+\/[a-z0-9_-]+(?:\/[a-z0-9_-]+)?$/.test(t)) return undefined;
  const [os, rawArch, variant] = t.split('/');
  const arch = Object.hasOwn(ARCH_ALIASES, rawArch) ? ARCH_ALIASES[rawArch] : rawArch;
  if (arch === 'arm64' && (variant === undefined || variant === 'v8')) return `${os}/arm64`;
  return variant ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
}

/**
 * The key facts are stored under: the normalised reference (`docker.io/library/node:20`, or
 * `…@sha256:…` when a digest is written: docker then ignores the tag) and the platform.
 */
export function imageFactsKey(reference: string, platform: string = DEFAULT_PLATFORM): string | undefined {
  const parsed = parseNormalisedRef(reference.trim());
  if (!parsed.ok) return undefined;
  const { name, tag, digest } = parsed.ref;
  return `${name}${digest ? `@${digest}` : `:${tag ?? 'latest'}`}|${platform}`;
}

/** An image reference in a file, with the platform it is pulled for. */
export interface ImageSite {
  /** The reference after ARG substitution. */
  text: string;
  span: Span;
  platform: string;
  key: string;
}

/** The external image `stage` builds on (following `FROM <stage>`), with its FROM's `--platform`. */
export function stageImage(_model: DockerfileModel, stage: Stage): ImageSite | undefined {
  let root = stage;
  const seen = new Set<Stage>();
  while (root.base.kind === 'stage' && !seen.has(root)) {
    seen.add(root);
    root = root.base.stage;
  }
  const base = root.base;
  if (base.kind !== 'image' || base.unknown) return undefined;
  const flag = (root.from.node as From).getPlatformFlag?.()?.getValue() ?? undefined;
  const platform = (flag && !flag.includes('$') && normalisePlatform(flag)) || DEFAULT_PLATFORM;
  const key = imageFactsKey(base.text, platform);
  return key ? { text: base.text, span: base.span, platform, key } : undefined;
}

/** The facts of the image `stage` builds on, when the front-end has them. */
export function stageImageFacts(model: DockerfileModel, stage: Stage, view: ImageFactsView | undefined): { site: ImageSite; facts: ImageFacts } | undefined {
  if (!view) return undefined;
  const site = stageImage(model, stage);
  const facts = site && view.get(site.key);
  return site && facts ? { site, facts } : undefined;
}

/** The config's `User` names root: unset, `root` or UID 0 (the group does not matter). */
export function isRootConfigUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === '' || name === 'root' || /^0+$/.test(name);
}

/** A healthcheck the image inherits: a test that is not `NONE`. */
export function hasInheritedHealthcheck(facts: ImageFacts): boolean {
  const test = facts.healthcheck;
  return !!test && test.length > 0 && test[0].toUpperCase() !== 'NONE';
}

export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest.slice(0, 20) : `${digest.slice(0, colon + 13)}…`;
}

/** `USER 65532`, `no USER`: what the config sets, for messages (a registry's text, cut short). */
export function configUserText(facts: ImageFacts): string {
  const user = facts.user.trim();
  return user ? `USER ${user.length > 40 ? `${user.slice(0, 40)}…` : user}` : 'no USER';
}

/** Where facts came from, for messages: `sha256:0123456789ab…, from .bosun/images.lock.json`. */
export function factsSource(facts: ImageFacts): string {
  return `${shortDigest(facts.digest)}, ${facts.source === 'lock' ? 'from the image facts lock file' : 'from its registry'}`;
}
