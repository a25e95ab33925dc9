import type { ImageRef } from '../languages/image-ref.js';

/**
 * Which tools an image has for creating users. Decided from the reference alone (no network):
 * the official images that are Debian-based unless tagged alpine, distroless/Chainguard images
 * that ship a `nonroot` user, and RHEL-family images with shadow-utils.
 */
export type ImageFamily = 'alpine' | 'debian' | 'rhel' | 'distroless' | 'scratch' | 'unknown';

const DEBIAN_TAG = /(bookworm|bullseye|buster|stretch|trixie|jammy|noble|focal|bionic|slim)/;
const DEBIAN_BASED = new Set([
  'debian',
  'ubuntu',
  'node',
  'python',
  'ruby',
  'golang',
  'openjdk',
  'eclipse-temurin',
  'amazoncorretto',
  'php',
  'perl',
  'rust',
  'buildpack-deps',
  'maven',
  'gradle',
  'nginx',
  'httpd',
  'postgres',
  'redis',
  'mysql',
  'mariadb',
  'mongo',
  'elixir',
  'erlang',
  'haskell',
  'julia',
  'r-base',
  'swift',
  'dart',
  'clojure',
  'groovy',
  'tomcat',
  'jetty',
  'rabbitmq',
  'memcached',
  'wordpress',
  'ghost',
  'composer',
  'pypy',
  'bash',
  'mcr.microsoft.com/dotnet',
]);
const RHEL_BASED = /(^|\/)(ubi\d*|ubi\d*-init|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux)$/;

export function imageFamily(ref: ImageRef | undefined): ImageFamily {
  if (!ref) return 'unknown';
  const repo = ref.repository.toLowerCase();
  const tag = (ref.tag ?? '').toLowerCase();
  const last = repo.split('/').pop() ?? repo;
  const registry = (ref.registry ?? '').toLowerCase();
  if ((registry === 'gcr.io' && repo.startsWith('distroless/')) || (registry === 'cgr.dev' && repo.startsWith('chainguard/'))) {
    return 'distroless';
  }
  if (last === 'alpine' || tag.includes('alpine')) return 'alpine';
  if (/(ubi\d*-minimal|ubi\d*-micro)$/.test(repo)) return 'unknown';
  if (RHEL_BASED.test(repo)) return 'rhel';
  if (DEBIAN_TAG.test(tag)) return 'debian';
  const withRegistry = registry ? `${registry}/${repo}` : repo;
  if (DEBIAN_BASED.has(last) || DEBIAN_BASED.has(withRegistry) || withRegistry.startsWith('mcr.microsoft.com/dotnet/')) {
    return registry && registry !== 'docker.io' && !registry.startsWith('mcr.') ? 'unknown' : 'debian';
  }
  return 'unknown';
}

/** Images whose default user is not root, by convention of the tag (distroless `:nonroot`, `-nonroot`). */
export function runsAsNonRootByDefault(ref: ImageRef | undefined): boolean {
  return !!ref?.tag && /(^|[-_.])nonroot($|[-_.])/.test(ref.tag.toLowerCase());
}

/**
 * The user a Windows base image runs as when no USER is set: Nano Server runs as the unprivileged
 * `ContainerUser`, Server Core and the full Windows images as `ContainerAdministrator`. Undefined
 * for images that are not Windows.
 */
export function windowsDefaultUser(ref: ImageRef | undefined): 'ContainerUser' | 'ContainerAdministrator' | undefined {
  if (!ref) return undefined;
  const registry = (ref.registry ?? '').toLowerCase();
  const repo = ref.repository.toLowerCase();
  if (registry !== 'mcr.microsoft.com') return undefined;
  if (/^windows\/nanoserver$/.test(repo)) return 'ContainerUser';
  if (/^windows(\/(servercore|server))?$/.test(repo)) return 'ContainerAdministrator';
  return undefined;
}
