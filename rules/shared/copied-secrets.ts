/**
 * Secret files that COPY/ADD bring into an image, shared by DF039 (no-secret-file-copy), DF038
 * (no-copied-credential-file: not reported twice) and DF040 (no-secret-removed-later).
 */
import type { FilesView } from '../engine/types.js';
import { classifySecretPath, type SecretFile } from '../knowledge/secret-files.js';
import { type CopyAdd, contextPath, copyInstructions, type CopySource, hasWildcards } from '../languages/copy-add.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import { type DockerIgnore, dockerignoreFor, matchSegment } from '../languages/dockerignore.js';
import { dirname, joinPath } from '../languages/paths.js';

/** The secret file a COPY source brings in, with the context-relative name that showed it. */
export interface CopiedSecret {
  copy: CopyAdd;
  source: CopySource;
  secret: SecretFile;
  /** The file that matched (differs from the source for a wildcard). */
  name: string;
  /**
   * The checkout was looked at and holds no such file or folder: the secret is judged from its name
   * alone (a file written just before `docker build`, or one that is never there).
   */
  unseen?: boolean;
}

/**
 * Secret files that COPY/ADD sources bring into a stage: names from the build context (read through
 * the files view when available, expanding wildcards there) or from another stage (`--from`, by name
 * only). Sources that `.dockerignore` excludes bring nothing and are skipped.
 */
export function copiedSecrets(model: DockerfileModel, path: string, files: FilesView | undefined): CopiedSecret[] {
  const context = dirname(path);
  const ignore: DockerIgnore | undefined = dockerignoreFor(path, files);
  const out: CopiedSecret[] = [];
  for (const copy of copyInstructions(model)) {
    for (const source of copy.sources) {
      if (source.kind !== 'local') continue;
      if (copy.from !== undefined) {
        if (source.value === undefined) continue;
        const secret = classifySecretPath(source.value);
        if (secret) out.push({ copy, source, secret, name: source.value });
        continue;
      }
      const rel = contextPath(source);
      if (rel === undefined || rel === '.') continue;
      for (const name of expand(rel, context, files)) {
        if (ignore?.match(name).ignored) continue;
        const abs = joinPath(context, name);
        const direct = classifySecretPath(name, files ? () => files.read(abs) : undefined);
        if (direct) {
          const unseen = !!files && files.read(abs) === undefined && files.list(abs) === undefined;
          out.push(unseen ? { copy, source, secret: direct, name, unseen } : { copy, source, secret: direct, name });
          break;
        }
        const inside = secretInside(name, context, files, ignore);
        if (inside) {
          out.push({ copy, source, ...inside });
          break;
        }
      }
    }
  }
  return out;
}

/** Folders never worth walking for secrets (dependencies, build output). */
const SKIP_DIRS = new Set(['node_modules', 'vendor', '.venv', 'venv', '__pycache__', '.git', 'target', '.next', '.cache', '.tox']);

/**
 * The first secret file inside a copied folder (`COPY certs/ /etc/nginx/certs/`), walking a few
 * levels and a bounded number of folders; undefined when it is not a folder or cannot be listed.
 */
function secretInside(dir: string, context: string, files: FilesView | undefined, ignore: DockerIgnore | undefined): { secret: SecretFile; name: string } | undefined {
  if (!files) return undefined;
  const queue: { rel: string; depth: number }[] = [{ rel: dir, depth: 0 }];
  let visited = 0;
  while (queue.length && visited < 50) {
    const { rel, depth } = queue.shift()!;
    const names = files.list(joinPath(context, rel));
    if (!names) continue;
    visited++;
    for (const n of [...names].sort()) {
      const child = `${rel}/${n}`;
      if (ignore?.match(child).ignored) continue;
      const abs = joinPath(context, child);
      const secret = classifySecretPath(child, () => files.read(abs));
      if (secret) return { secret, name: child };
      if (depth < 2 && !SKIP_DIRS.has(n) && !/\.[A-Za-z0-9]{1,8}$/.test(n)) queue.push({ rel: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/** A context path, or the names a wildcard in its last segment matches (the pattern itself when they cannot be listed). */
function expand(rel: string, context: string, files: FilesView | undefined): string[] {
  if (!hasWildcards(rel)) return [rel];
  const slash = rel.lastIndexOf('/');
  const dir = slash < 0 ? '' : rel.slice(0, slash);
  const pattern = rel.slice(slash + 1);
  if (hasWildcards(dir) || !files) return [rel];
  const names = files.list(dir ? joinPath(context, dir) : context);
  if (!names) return [rel];
  return names.filter((n) => matchSegment(pattern, n)).map((n) => (dir ? `${dir}/${n}` : n));
}
