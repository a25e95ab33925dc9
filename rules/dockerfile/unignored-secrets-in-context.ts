import { defineRule } from '../languages/define-rule.js';
import type { FilesView } from '../engine/types.js';
import { type DockerfileModel, stageChain } from '../languages/dockerfile.js';
import { dirname, relativePath } from '../languages/paths.js';
import { appendLines, broadCopies, contextsOf, dockerIgnoreFor, type SensitiveFile, sensitiveFilesIn } from '../languages/project.js';
import { ignorePattern } from '../languages/ignore-pattern.js';
import { runShell } from '../languages/shell.js';

interface FixData {
  context: string;
  found: { relative: string; kind: SensitiveFile['kind'] }[];
}

function listed(found: SensitiveFile[]): string {
  const shown = found.slice(0, 4).map((f) => (f.dir ? `${f.relative}/` : f.relative));
  return found.length > 4 ? `${shown.join(', ')} and ${found.length - 4} more` : shown.join(', ');
}

/** True when a RUN of the image uses git: excluding `.git` could then break the build. */
function usesGit(model: DockerfileModel): boolean {
  return model.instructions.some((i) => {
    if (i.keyword !== 'RUN') return false;
    return (runShell(model, i)?.all ?? []).some((c) => c.words.some((w) => w.value === 'git'));
  });
}

/** The build contexts of this Dockerfile: those Compose files next to it (or one folder up) use, else its own folder. */
function contexts(path: string, files: FilesView): string[] {
  const found = contextsOf(path, files);
  return found.length ? found : [dirname(path)];
}

export default defineRule({
  meta: {
    code: 'DF080',
    name: 'unignored-secrets-in-context',
    language: 'dockerfile',
    title: 'COPY of the whole context takes secrets that .dockerignore does not exclude',
    why:
      '`COPY . .` copies everything in the build context into the image: an `.env`, private keys or the `.git` folder ' +
      'included, unless a .dockerignore excludes them. Anyone who can pull the image can read them.',
    level: 'warning',
    risk: 'high',
    tags: ['security', 'CIS-4.10', 'CWE-538'],
    others: {},
    messages: {
      noDockerignore: 'This copies the whole build context, and there is no .dockerignore: {{files}} will be in the image. Add a .dockerignore that excludes them.',
      notExcluded: 'This copies the whole build context, and {{ignore}} does not exclude {{files}}: they will be in the image.',
    },
    fix: 'both',
  },
  *check({ model, path, files }) {
    if (!files || !model.finalStage) return;
    // What ends up in the image: the final stage and the stages it is built FROM.
    const chain = stageChain(model.finalStage);
    const copy = broadCopies(model).find((c) => c.instr.stage && chain.includes(c.instr.stage));
    if (!copy) return;
    // A build that runs git (version stamps) needs `.git` in its context: not a leak it can avoid here.
    const gitNeeded = usesGit(model);
    for (const context of contexts(path, files)) {
      const { ignore, path: ignorePath } = dockerIgnoreFor(files, context, path);
      const found = sensitiveFilesIn(files, context, ignore).filter((f) => !(f.kind === 'git' && gitNeeded));
      if (!found.length) continue;
      const fixData: FixData = { context, found: found.map((f) => ({ relative: f.relative, kind: f.kind })) };
      const ignoreName = relativePath(dirname(path), ignorePath);
      yield {
        messageId: ignore ? 'notExcluded' : 'noDockerignore',
        span: copy.span,
        data: { files: listed(found), ignore: ignoreName },
        fixData,
      };
      return;
    }
  },
  fix(report, { path, files }) {
    const data = report.fixData;
    if (!data || !files) return [];
    // Names come from the context (written by anyone): only plain, exact patterns are written.
    const patterns: string[] = [];
    const unwritable: string[] = [];
    for (const f of data.found) {
      const pattern = ignorePattern(f.relative, 'dockerignore');
      if (pattern === undefined) unwritable.push(f.relative);
      else patterns.push(pattern);
    }
    if (!patterns.length) return [];
    const change = appendLines(files, dockerIgnoreFor(files, data.context, path).path, patterns);
    const shown = patterns.length > 3 ? `${patterns.slice(0, 3).join(', ')}…` : patterns.join(', ');
    const title = `${change.create ? 'Create .dockerignore excluding' : 'Exclude'} ${shown}${change.create ? '' : ' in .dockerignore'}`;
    // Excluding only some of the files leaves the finding: a step the user takes, not an unattended fix.
    if (unwritable.length) {
      return [{ title: `${title} (${unwritable.length} more cannot be written as a .dockerignore pattern: exclude them by hand)`, safe: false, edits: [], otherFiles: [change] }];
    }
    return [{ title, safe: true, edits: [], otherFiles: [change] }];
  },
});
