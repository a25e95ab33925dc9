/**
 * Image references as docker reads them: `[registry[:port]/]path[:tag][@digest]`.
 * The first path component is a registry only when it has a `.` or `:`, or is `localhost`.
 */
export interface ImageRef {
  /** As written (after variable substitution). */
  text: string;
  /** Registry host as written, if any (`ghcr.io`, `127.0.0.1:5000`). */
  registry?: string;
  /** Repository path without registry (`library/node` is only added by `normalise`). */
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

/** Parses a reference; returns undefined when it is not a valid reference. */
export function parseImageRef(text: string): ImageRef | undefined {
  if (!text || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift();
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  return { text, registry, repository: parts.join('/'), tag, digest };
}

/** docker's normalisation: `nginx` → registry docker.io, repository library/nginx. */
export function normaliseImageRef(ref: ImageRef): Required<Pick<ImageRef, 'registry' | 'repository'>> & ImageRef {
  const registry = !ref.registry || ref.registry === 'index.docker.io' ? 'docker.io' : ref.registry;
  const repository = registry === 'docker.io' && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return { ...ref, registry, repository };
}
