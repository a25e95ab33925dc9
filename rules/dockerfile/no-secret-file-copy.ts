import { defineRule, message } from '../languages/define-rule.js';
import type { FilesView } from '../engine/types.js';
import { classifySecretPath, type SecretFile } from '../knowledge/secret-files.js';
import { type CopyAdd, contextPath, copyInstructions, type CopySource, hasWildcards } from '../languages/copy-add.js';
import { type DockerfileModel, type Stage, stageChain } from '../languages/dockerfile.js';
import { type DockerIgnore, dockerignoreFor, matchSegment } from '../languages/dockerignore.js';
import { dirname, joinPath } from '../languages/paths.js';

/** The secret file a COPY source brings in, with the context-relative name that showed it. */
export interface CopiedSecret {
  copy: CopyAdd;
  source: CopySource;
  secret: SecretFile;
  /** The file that matched (differs from the source for a wildcard). */
  name: string;
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
        const found = direct ? { secret: direct, name } : secretInside(name, context, files, ignore);
        if (found) {
          out.push({ copy, source, ...found });
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

/** True when the stage ends up in the final image (it is the final stage or one it is built FROM). */
export function reachesFinalImage(model: DockerfileModel, stage: Stage | undefined): boolean {
  return !!stage && !!model.finalStage && stageChain(model.finalStage).includes(stage);
}

export default defineRule({
  meta: {
    code: 'DF039',
    name: 'no-secret-file-copy',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Secret file copied into the image',
    why:
      'COPY and ADD write files into an image layer that everyone who can pull the image can read; a private key, ' +
      '.env file or credentials file stays there even if a later step deletes it.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-538', 'CWE-798'],
    catalog: ['DS-SEC-005'],
    others: {},
    messages: {
      copied: message(
        '{{keyword}} puts {{label}} ({{name}}) into the image: anyone who can pull it can read it, and deleting it in a later ',
        'step does not remove it. Pass it as a build secret (`RUN --mount=type=secret,id=…`) or mount it at run time.',
      ),
      buildStage: message(
        '{{keyword}} puts {{label}} ({{name}}) into build stage {{stage}}: not in the final image, but kept in the build cache ',
        'and in images built with `--target {{stage}}`. Use a secret mount (`RUN --mount=type=secret,id=…`) instead.',
      ),
    },
  },
  *check({ model, path, files }) {
    for (const found of copiedSecrets(model, path, files)) {
      const { copy, source, secret, name } = found;
      const stage = copy.instr.stage;
      const data = { keyword: copy.keyword, label: secret.label, name };
      if (copy.onbuild || reachesFinalImage(model, stage)) {
        yield { messageId: 'copied', span: source.span, data };
      } else {
        yield { messageId: 'buildStage', span: source.span, data: { ...data, stage: stage?.name ?? String(stage?.index ?? 0) }, level: 'warning' };
      }
    }
  },
});
