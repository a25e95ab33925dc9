import { defineRule, message } from '../languages/define-rule.js';
import { contextPath, copyAt, hasWildcards } from '../languages/copy-add.js';
import { type DockerfileModel, stageChain } from '../languages/dockerfile.js';
import { dockerignoreFor, matchSegment } from '../languages/dockerignore.js';
import { dirname, joinPath } from '../languages/paths.js';
import { runShell } from '../languages/shell.js';

/** A RUN of the file calls git (a version stamp, submodules): the context's `.git` is then needed by the build. */
function buildUsesGit(model: DockerfileModel): boolean {
  const { text } = model.file;
  return model.instructions.some((i) => {
    // Only a RUN whose text says `git` can call it: the others' shells need no parsing.
    if ((i.keyword !== 'RUN' && i.keyword !== 'ONBUILD') || !text.slice(i.span.start, i.span.end).includes('git')) return false;
    const run = runShell(model, i);
    return !!run && run.all.some((c) => c.words.some((w) => w.value === 'git' || w.value.endsWith('/git')));
  });
}

export default defineRule({
  meta: {
    code: 'DF044',
    name: 'no-git-dir-in-image',
    language: 'dockerfile',
    title: '.git folder copied into the image',
    why:
      'The .git folder holds the whole repository history: every file ever committed, secrets that were removed ' +
      'later, internal URLs and author e-mails. In an image it ships to everyone who can pull it.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'build-context', 'CWE-527', 'CWE-538'],
    others: {},
    messages: {
      explicit: message(
        '{{keyword}} copies the .git folder into the image, with the whole repository history (files and secrets that were ',
        'deleted later included). Stamp the version at build time instead (`ARG GIT_COMMIT`, or a label).',
      ),
      broadWithGit: message(
        'This copies the whole build context into the image, .git included (the build runs git, so .dockerignore cannot ',
        'simply exclude it). Run git in a build stage and copy only its result, or pass the version as a build argument.',
      ),
    },
  },
  *check({ model, path, files }) {
    const final = model.finalStage;
    if (!final) return;
    const chain = stageChain(final);
    const ignore = dockerignoreFor(path, files);
    const context = dirname(path);
    // Without a listing we cannot know whether the context has a .git folder; explicit sources need none.
    const gitDir = files?.list(context)?.includes('.git') && files.list(joinPath(context, '.git')) !== undefined;
    let usesGit: boolean | undefined;
    // Only the final image's stages matter: other stages' COPYs are not even parsed.
    const copies = chain.flatMap((s) => s.instructions.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')).map((i) => copyAt(model, i)!);
    copies.sort((a, b) => a.instr.span.start - b.instr.span.start);
    for (const c of copies) {
      if (c.onbuild || c.from !== undefined) continue;
      for (const s of c.sources) {
        if (s.kind !== 'local') continue;
        const rel = contextPath(s);
        if (rel === undefined) continue;
        if (rel === '.git' || rel.startsWith('.git/')) {
          if (ignore?.match(rel).ignored) continue; // nothing is copied; DF043 reports the mismatch
          yield { messageId: 'explicit', span: s.span, data: { keyword: c.keyword } };
          continue;
        }
        const broad = rel === '.' || (!rel.includes('/') && hasWildcards(rel) && matchSegment(rel, '.git'));
        if (!broad || !gitDir || ignore?.match('.git').ignored) continue;
        // Without git in the build, DF080 reports .git with the other files .dockerignore should exclude.
        usesGit ??= buildUsesGit(model);
        if (!usesGit) continue;
        yield { messageId: 'broadWithGit', span: s.span, data: { keyword: c.keyword } };
      }
    }
  },
});
