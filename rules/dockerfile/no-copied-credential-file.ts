import type { Property } from 'dockerfile-ast';
import { defineRule, message } from '../languages/define-rule.js';
import type { FilesView, Span } from '../engine/types.js';
import { type CopyAdd, contextPath, copyInstructions, type CopySource, hasWildcards } from '../languages/copy-add.js';
import { type DInstruction, type DockerfileModel, resolveAt, type Stage, stageChain } from '../languages/dockerfile.js';
import { dockerignoreFor } from '../languages/dockerignore.js';
import { isUnder, resolveImagePath } from '../languages/image-paths.js';
import { basename, dirname, joinPath } from '../languages/paths.js';
import { copiedSecrets } from '../shared/copied-secrets.js';

/**
 * Variables that tell a tool where its credential file is, and what in the file's text shows a
 * credential (when the file can be read). `proof: true`: report only when the text shows one.
 */
const CREDENTIAL_ENVS: Record<string, { secret: RegExp; notSecret?: RegExp; proof?: boolean }> = {
  GOOGLE_APPLICATION_CREDENTIALS: { secret: /"(?:private_key|refresh_token|client_secret)"\s*:/, notSecret: /"type"\s*:\s*"external_account"/ },
  AWS_SHARED_CREDENTIALS_FILE: { secret: /aws_secret_access_key|aws_session_token/ },
  AWS_CONFIG_FILE: { secret: /aws_secret_access_key|aws_session_token/, proof: true },
  HF_TOKEN_PATH: { secret: /\S/ },
  KUBECONFIG: { secret: /\b(?:token|client-key-data|password)\s*:/ },
};

interface CredentialEnv {
  name: string;
  path: string;
  instr: DInstruction;
  span: Span;
}

function propertiesOf(instr: DInstruction): Property[] {
  if (instr.keyword !== 'ENV') return [];
  return (instr.node as unknown as { getProperties?(): Property[] }).getProperties?.() ?? [];
}

function credentialEnvs(model: DockerfileModel): CredentialEnv[] {
  const out: CredentialEnv[] = [];
  for (const instr of model.instructions) {
    for (const prop of propertiesOf(instr)) {
      const name = prop.getName();
      if (!Object.hasOwn(CREDENTIAL_ENVS, name)) continue;
      const value = prop.getValue();
      if (!value) continue;
      const resolved = resolveAt(model, instr, value);
      if (resolved.unknown) continue;
      const span = model.file.spanOf(prop.getNameRange());
      // KUBECONFIG may list several files.
      for (const p of resolved.value.split(name === 'KUBECONFIG' ? ':' : '\u0000')) {
        const path = p.trim() ? resolveImagePath(model, instr, p.trim()) : undefined;
        if (path?.startsWith('/')) out.push({ name, path, instr, span });
      }
    }
  }
  return out;
}

/** True when one stage is built from the other (or they are the same): an ENV of one applies to files of the other. */
function sameLineage(a: Stage | undefined, b: Stage | undefined): boolean {
  if (!a || !b) return false;
  return stageChain(a).includes(b) || stageChain(b).includes(a);
}

/** Where the file that ends up at `target` comes from in the build context, for a COPY source. */
function contextFileFor(source: CopySource, dest: string, target: string, dirSource: boolean): string | undefined {
  const rel = contextPath(source);
  if (rel === undefined) return undefined;
  if (!dirSource) return rel;
  const inside = target.slice(dest.replace(/\/$/, '').length + 1);
  return rel === '.' ? inside : `${rel}/${inside}`;
}

interface Match {
  copy: CopyAdd;
  source: CopySource;
  env: CredentialEnv;
  /** The context file is not in the checkout: its content cannot be seen (see `copiedUnseen`). */
  unseen?: string;
}

function matches(model: DockerfileModel, path: string, files: FilesView | undefined): Match[] {
  const envs = credentialEnvs(model);
  if (!envs.length) return [];
  const already = new Set(copiedSecrets(model, path, files).map((c) => c.source));
  const ignore = dockerignoreFor(path, files);
  const context = dirname(path);
  const out: Match[] = [];
  for (const copy of copyInstructions(model)) {
    if (copy.onbuild || !copy.dest) continue;
    const destRaw = copy.dest.raw;
    for (const env of envs) {
      if (!sameLineage(env.instr.stage, copy.instr.stage)) continue;
      // `COPY key.json $GOOGLE_APPLICATION_CREDENTIALS`: the destination is the credential file.
      const direct = destRaw === `$${env.name}` || destRaw === `\${${env.name}}`;
      const dest = copy.dest.value === undefined ? undefined : resolveImagePath(model, copy.instr, copy.dest.value);
      if (!direct && !dest) continue;
      for (const source of copy.sources) {
        if (already.has(source) || source.kind === 'url' || source.kind === 'git') continue;
        const name = source.value ?? source.raw;
        const dirSource = source.kind === 'local' && (name === '.' || name.endsWith('/') || contextPath(source) === '.');
        const intoDir = copy.dest.raw.endsWith('/') || copy.sources.length > 1 || hasWildcards(name);
        let hit = direct;
        if (!hit && dest) {
          if (dirSource) hit = isUnder(env.path, dest) && env.path !== dest;
          else hit = (intoDir ? [`${dest.replace(/\/$/, '')}/${basename(name)}`] : [dest, `${dest}/${basename(name)}`]).includes(env.path);
        }
        if (!hit) continue;
        const spec = CREDENTIAL_ENVS[env.name];
        // With the build context at hand, look at the file that would land there.
        if (copy.from === undefined && source.kind === 'local' && files) {
          const rel = contextFileFor(source, dest ?? env.path, env.path, dirSource);
          if (rel === undefined || ignore?.match(rel).ignored) continue;
          const text = files.read(joinPath(context, rel));
          if (text === undefined) {
            // A file named by the COPY, not in the checkout, yet copied where the credential variable points:
            // the usual CI leak (the key is written just before `docker build`). Nothing to read: a warning.
            // (A folder source without it simply does not copy it.)
            if (!dirSource && !spec.proof && files.list(joinPath(context, rel)) === undefined) out.push({ copy, source, env, unseen: rel });
            continue;
          }
          if (spec.notSecret?.test(text) || !spec.secret.test(text)) continue;
        } else if (spec.proof) {
          continue;
        }
        out.push({ copy, source, env });
      }
    }
  }
  return out;
}

export default defineRule({
  meta: {
    code: 'DF038',
    name: 'no-copied-credential-file',
    language: 'dockerfile',
    title: 'Credential file copied to where a credentials variable points',
    why:
      'GOOGLE_APPLICATION_CREDENTIALS, AWS_SHARED_CREDENTIALS_FILE, KUBECONFIG and the like name a credential file; ' +
      'when a COPY puts that file into the image, anyone who pulls it gets the credential.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-538', 'CWE-798'],
    others: { trivy: ['DS-0031'] },
    messages: {
      copied: message(
        '{{name}} points at {{path}}, and this {{keyword}} puts that file into the image: the credential ships with it. ',
        'Mount it at run time (a volume or an orchestrator secret), or as a build secret if only the build needs it.',
      ),
      copiedUnseen: message(
        '{{name}} points at {{path}}, and this {{keyword}} puts {{source}} there, which is not in the checkout: a key file written just ',
        'before `docker build` (as CI jobs do) ships with the image, readable by anyone who can pull it. Mount it at run time, or as a ',
        'build secret if only the build needs it.',
      ),
    },
  },
  *check({ model, path, files }) {
    for (const { copy, source, env, unseen } of matches(model, path, files)) {
      const data = { name: env.name, path: env.path, keyword: copy.keyword };
      const related = [{ span: env.span, message: `${env.name} is set here` }];
      if (unseen) yield { messageId: 'copiedUnseen', span: source.span, data: { ...data, source: unseen }, related, level: 'warning' };
      else yield { messageId: 'copied', span: source.span, data, related };
    }
  },
});
