/**
 * "Pin to digest", what to pin: where a linted file names an image that could be pinned (or why one
 * cannot be), which findings the fix goes with (rules whose metadata says `registryFix: 'pin-digest'`),
 * and the text it writes. Pure: no network, no editor. Resolving is pin-resolve.ts; the editor's side
 * (code actions, commands, messages) is lsp/pin-digest.ts.
 */
import { isScalar } from 'yaml';
import { type ComposeModel, type DockerfileModel, type Finding, type LintResult, type NormalisedRef, allRules, parseNormalisedRef } from '../../../rules/api.js';

export interface PinTarget {
  /** Offsets of the reference text to replace (inside the quotes of a quoted YAML value). */
  start: number;
  end: number;
  /** The text at [start, end) when the target was computed. */
  written: string;
  ref?: NormalisedRef;
  /** Why this one cannot be pinned (ARG or variable reference, block scalar, invalid name). */
  blocked?: string;
  /** Compose services that use this value. */
  services: string[];
}

let pinCodes: Set<string> | undefined;

/** Whether findings of this rule offer "Pin to digest" (unpinned, untagged or `latest` images). */
export function offersPin(code: string): boolean {
  pinCodes ??= new Set(allRules.filter((r) => r.meta.registryFix === 'pin-digest').map((r) => r.meta.code));
  return pinCodes.has(code);
}

function variables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{?(\w+)/g)].map((m) => m[1]))];
}

function target(start: number, end: number, written: string, services: string[]): PinTarget | undefined {
  const t: PinTarget = { start, end, written, services };
  const parsed = parseNormalisedRef(written);
  if (parsed.ok && parsed.ref.digest) return undefined; // already pinned
  if (parsed.ok) t.ref = parsed.ref;
  else t.blocked = `"${written}" is not an image reference docker accepts (${parsed.error})`;
  return t;
}

function dockerfileTargets(model: DockerfileModel): PinTarget[] {
  const out: PinTarget[] = [];
  for (const stage of model.stages) {
    const base = stage.base;
    if (base.kind !== 'image' || base.image?.digest) continue;
    const written = model.file.text.slice(base.span.start, base.span.end);
    if (written.includes('$')) {
      const names = variables(written);
      out.push({
        start: base.span.start,
        end: base.span.end,
        written,
        services: [],
        blocked: `FROM ${written} uses ARG ${names.join(', ')}; Bosun leaves ARG references alone. Pin the ARG's default value (ARG ${names[0]}=…@sha256:…) instead.`,
      });
      continue;
    }
    const t = target(base.span.start, base.span.end, written, []);
    if (t) out.push(t);
  }
  return out;
}

function composeTargets(model: ComposeModel): PinTarget[] {
  const byStart = new Map<number, PinTarget>();
  const text = model.file.text;
  for (const svc of model.services) {
    const entry = svc.get('image');
    if (!entry || svc.get('build')) continue;
    const node = model.resolve(entry.value);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
    const seen = byStart.get(node.range[0]);
    if (seen) {
      seen.services.push(svc.name);
      continue;
    }
    let [start, end] = node.range;
    let blocked: string | undefined;
    if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
      start++;
      end--;
      if (text.slice(start, end) !== node.value) blocked = `the image of service ${svc.name} is written with escape sequences; pin it by hand`;
    } else if (node.type !== 'PLAIN') {
      blocked = `the image of service ${svc.name} is a block scalar; pin it by hand`;
    }
    const written = text.slice(start, end);
    if (!blocked && written.includes('$')) {
      blocked = `the image of service ${svc.name} uses variable interpolation (${variables(written).join(', ')}); Bosun leaves it alone. Pin the value where the variable is set instead.`;
    }
    const t = blocked ? { start, end, written, services: [svc.name], blocked } : target(start, end, written, [svc.name]);
    if (t) byStart.set(node.range[0], t);
  }
  return [...byStart.values()];
}

/** Every image reference of the file that the fix could pin (or explain why not). */
export function pinTargets(result: LintResult): PinTarget[] {
  if (result.model === undefined) return [];
  if (result.languageId === 'dockerfile') return dockerfileTargets(result.model as DockerfileModel);
  if (result.languageId === 'compose') return composeTargets(result.model as ComposeModel);
  return [];
}

/** The target a finding is about: its Compose service's image, else the reference its span overlaps. */
export function targetOfFinding(result: LintResult, targets: readonly PinTarget[], finding: Finding): PinTarget | undefined {
  const service = finding.report?.data?.service;
  if (result.languageId === 'compose' && typeof service === 'string') return targets.find((t) => t.services.includes(service));
  return targets.find((t) => t.start < finding.span.end && finding.span.start < t.end);
}

/** `node` → `node:latest@sha256:…`; `node:20` → `node:20@sha256:…` (the written name is kept as is). */
export function pinnedText(written: string, ref: NormalisedRef, digest: string): string {
  return `${written}${ref.tag ? '' : ':latest'}@${digest}`;
}

/** `sha256:0123456789ab…`: a digest short enough for a message. */
export function shortDigest(digest: string): string {
  return `${digest.slice(0, digest.indexOf(':') + 13)}…`;
}

/** What the quick fix says before it knows the digest, naming the tag it will resolve. */
export function pinTitle(ref: NormalisedRef): string {
  const where = ref.domain;
  if (!ref.tag) return `Pin to latest@sha256:… (no tag written, so docker uses latest; resolves it now in ${where})`;
  if (ref.tag === 'latest') return `Pin to latest@sha256:… (resolves the tag latest now in ${where})`;
  return `Pin to ${ref.tag}@sha256:… (digest from ${where})`;
}
