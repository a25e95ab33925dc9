import { isScalar, visit } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { FilesView, Fix, OtherFileChange, Span } from '../engine/types.js';
import { serviceMemo } from '../languages/compose-unit-keys.js';
import { type ComposeModel, type EffectiveService, nodeSpan } from '../languages/compose.js';
import { envFiles } from '../languages/compose-env-files.js';
import { interpolate, NO_VARIABLES } from '../languages/compose-interpolate.js';
import { ignorePattern } from '../languages/ignore-pattern.js';
import { appendLines, broadCopies, builtDockerfile, dockerIgnoreFor, gitIgnoreAddition, gitIgnoreState, insideContext } from '../languages/project.js';
import { stageChain } from '../languages/dockerfile.js';
import { envFileSecrets } from '../knowledge/env-file-secrets.js';

type FixData = { kind: 'git'; path: string } | { kind: 'docker'; path: string; context: string; dockerfile: string | undefined };

function names(list: { name: string }[]): string {
  const shown = list.slice(0, 3).map((s) => s.name);
  return list.length > 3 ? `${shown.join(', ')} and ${list.length - 3} more` : shown.join(', ');
}

/** The build context a service sends whole into its image (a broad COPY in the stages it runs), or undefined. */
function copiedContext(model: ComposeModel, svc: EffectiveService, files: FilesView) {
  const built = builtDockerfile(model, svc, files);
  if (!built?.value.span) return undefined;
  const chain = stageChain(built.stage);
  const copies = broadCopies(built.model).filter((c) => c.instr.stage && chain.includes(c.instr.stage));
  if (!copies.length) return undefined;
  return { built, ignore: dockerIgnoreFor(files, built.context, built.dockerfilePath) };
}

/** Where a finding about the project's `.env` goes: its first use in this file, else the `services` key. */
function dotEnvSite(model: ComposeModel, secretNames: Set<string>): Span | undefined {
  let site: Span | undefined;
  if (model.doc) {
    visit(model.doc, {
      Scalar(_key, node) {
        if (typeof node.value !== 'string' || !node.value.includes('$')) return undefined;
        if (interpolate(node.value, NO_VARIABLES).variables.some((v) => secretNames.has(v))) {
          site = nodeSpan(node);
          return visit.BREAK;
        }
        return undefined;
      },
    });
  }
  if (site) return site;
  const root = model.resolve(model.doc?.contents);
  const pair = root && 'items' in root ? (root.items as { key: unknown }[]).find((p) => isScalar(p.key) && p.key.value === 'services') : undefined;
  return nodeSpan(pair?.key as never);
}

export default defineRule({
  meta: {
    code: 'DC082',
    name: 'env-file-secrets-exposed',
    language: 'compose',
    title: 'Env file with secrets is not kept out of git or out of the image',
    why:
      'An `.env` or `env_file` that holds passwords and tokens leaks them when it is committed (not in .gitignore), ' +
      "or when the service's Dockerfile copies the whole build context and no .dockerignore keeps the file out of the image.",
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CIS-4.10', 'CWE-538'],
    others: {},
    messages: {
      envFileNotIgnored: 'env_file {{file}} holds secrets ({{names}}) and is not in .gitignore: committing it publishes them.',
      dotEnvNotIgnored: 'The .env next to this file holds secrets ({{names}}) and is not in .gitignore: committing it publishes them.',
      envFileInContext: message(
        'env_file {{file}} holds secrets ({{names}}) and lies in the build context of service {{service}}, whose Dockerfile copies the ',
        'whole context and whose .dockerignore does not exclude it: the secrets end up in the image.',
      ),
      dotEnvInContext: message(
        'The .env next to this file holds secrets ({{names}}) and lies in the build context of service {{service}}, whose Dockerfile ',
        'copies the whole context and whose .dockerignore does not exclude it: the secrets end up in the image.',
      ),
    },
    fix: 'safe',
  },
  *check({ model, files }) {
    if (!files || !model.isCompose) return;
    const dotEnv = model.dotEnv();
    const dotEnvSecrets = dotEnv ? envFileSecrets(dotEnv.entries) : [];
    // The override file shares the base's .env: the base reports it once.
    const dotEnvGit = dotEnv && dotEnvSecrets.length && model.mergeSet().role !== 'override' ? gitIgnoreState(files, dotEnv.path) : undefined;
    if (dotEnv && (dotEnvGit === 'unmatched' || dotEnvGit === 'reincluded')) {
      const span = dotEnvSite(model, new Set(dotEnvSecrets.map((s) => s.name)));
      // A `!pattern` that brings the file back is deliberate: appending a pattern after it would undo it without a word.
      const fixData: FixData | undefined = dotEnvGit === 'unmatched' ? { kind: 'git', path: dotEnv.path } : undefined;
      if (span) yield { messageId: 'dotEnvNotIgnored', span, data: { names: names(dotEnvSecrets) }, fixData };
    }
    for (const own of model.services) {
      // Every service is looked at on every edit: whether one has env files is remembered while it is unchanged.
      if (!(dotEnv && dotEnvSecrets.length) && !serviceMemo(model, own, 'DC082 env files', () => !!model.effective(own.name)?.get('env_file'))) continue;
      const svc = model.effective(own.name);
      if (!svc) continue;
      // Reading the Dockerfile and .dockerignore of the build is needed only when a secret could be copied.
      let copiedOnce: ReturnType<typeof copiedContext> | null = null;
      const copied = () => (copiedOnce === null ? (copiedOnce = copiedContext(model, svc, files)) : copiedOnce);
      /** Whether the file goes into the image, and whether a `!pattern` of the .dockerignore brings it back on purpose. */
      const inImage = (c: NonNullable<ReturnType<typeof copiedContext>>, path: string): { reincluded: boolean } | undefined => {
        const rel = insideContext(c.built.context, path);
        const match = rel === undefined ? undefined : c.ignore.ignore?.match(rel);
        if (rel === undefined || match?.ignored) return undefined;
        return { reincluded: match?.by?.exclusion === true };
      };
      const dockerFix = (c: NonNullable<ReturnType<typeof copiedContext>>, path: string, kept: { reincluded: boolean }): FixData | undefined =>
        kept.reincluded ? undefined : { kind: 'docker', path, context: c.built.context, dockerfile: c.built.dockerfilePath };
      for (const ref of envFiles(model, svc)) {
        const span = ref.item.span;
        const secrets = ref.entries ? envFileSecrets(ref.entries) : [];
        if (!span || !secrets.length) continue;
        const data = { file: ref.text, names: names(secrets), service: own.name };
        const git = gitIgnoreState(files, ref.path);
        if (git === 'unmatched' || git === 'reincluded') {
          const fixData: FixData | undefined = git === 'unmatched' ? { kind: 'git', path: ref.path } : undefined;
          yield { messageId: 'envFileNotIgnored', span, data, fixData };
        }
        const c = copied();
        const kept = c && inImage(c, ref.path);
        if (c && kept) yield { messageId: 'envFileInContext', span, data, fixData: dockerFix(c, ref.path, kept) };
      }
      const c = dotEnv && dotEnvSecrets.length ? copied() : undefined;
      const kept = dotEnv && c ? inImage(c, dotEnv.path) : undefined;
      if (dotEnv && c && kept && c.built.value.span) {
        const data = { names: names(dotEnvSecrets), service: own.name };
        yield { messageId: 'dotEnvInContext', span: c.built.value.span, data, fixData: dockerFix(c, dotEnv.path, kept) };
      }
    }
  },
  fix(report, { files }) {
    const data = report.fixData;
    if (!data || !files) return [];
    let change: OtherFileChange | undefined;
    let title: string;
    if (data.kind === 'git') {
      change = gitIgnoreAddition(files, data.path);
      title = change ? `Add ${change.edits[0].text.trim()} to ${change.create ? 'a new ' : ''}.gitignore` : '';
    } else {
      const { path } = dockerIgnoreFor(files, data.context, data.dockerfile);
      const rel = insideContext(data.context, data.path);
      // The name comes from the workspace: only a plain, exact pattern is written (ignore-pattern.ts).
      const pattern = rel === undefined ? undefined : ignorePattern(rel, 'dockerignore');
      if (pattern === undefined) return [];
      change = appendLines(files, path, [pattern]);
      title = `Add ${pattern} to ${change.create ? 'a new ' : ''}.dockerignore`;
    }
    if (!change) return [];
    const fix: Fix = { title, safe: true, edits: [], otherFiles: [change] };
    return [fix];
  },
});
