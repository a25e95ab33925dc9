import { defineRule, message } from '../languages/define-rule.js';
import { runsNoServiceOfItsOwn } from '../knowledge/runtime-user.js';
import { imageFamily } from '../knowledge/image-families.js';
import { type DockerfileModel, type Stage, instructionArguments, resolveAt, splitPortSpec, stageChain } from '../languages/dockerfile.js';
import { findCommands } from '../languages/shell.js';
import { factsSource, hasInheritedHealthcheck, stageImageFacts } from '../languages/image-facts.js';
import { insertInstructionsEdit } from '../languages/shell-edit.js';

/** Package-manager sub-commands that install packages. */
const INSTALL: Record<string, string[]> = {
  'apt-get': ['install'],
  apt: ['install'],
  apk: ['add'],
  yum: ['install'],
  dnf: ['install'],
  microdnf: ['install'],
  tdnf: ['install'],
  zypper: ['install', 'in'],
};

/** True when a RUN of the chain installs curl with a package manager. */
function installsCurl(model: DockerfileModel, chain: Stage[]): boolean {
  return chain.some((s) =>
    findCommands(model, (n) => Object.hasOwn(INSTALL, n), s).some(({ run, cmd, name, index }) => {
      if (run.onbuild) return false;
      const words = cmd.words
        .slice(index + 1)
        .filter((w) => !w.redirect)
        .map((w) => w.value);
      return words.some((w) => INSTALL[name].includes(w)) && words.some((w) => /^curl(?:$|[=~<>:])/.test(w));
    }),
  );
}

/** The first TCP port the chain EXPOSEs, if it is a plain number. */
function exposedPort(model: DockerfileModel, chain: Stage[]): string | undefined {
  for (const s of [...chain].reverse()) {
    for (const instr of s.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      for (const w of instructionArguments(model.file, instr.node)) {
        const r = resolveAt(model, instr, w.value.replace(/^(["'])(.*)\1$/s, '$2'));
        if (r.unknown) continue;
        const { containerPort, proto } = splitPortSpec(r.value);
        if (/^\d+$/.test(containerPort) && (!proto || proto.toLowerCase() === 'tcp')) return containerPort;
      }
    }
  }
  return undefined;
}

/** Above the final stage's first CMD/ENTRYPOINT (with the comments that describe it), else after its last instruction. */
function insertionPoint(model: DockerfileModel, stage: Stage): { offset: number; atEnd: boolean } {
  const { file } = model;
  const target = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  if (!target) return { offset: stage.span.end, atEnd: true };
  let line = file.positionAt(target.span.start).line;
  while (line > 0 && /^\s*#/.test(file.lineText(line - 1))) line--;
  return { offset: file.lineStarts[line], atEnd: false };
}

export default defineRule({
  meta: {
    code: 'DF056',
    name: 'require-healthcheck-instruction',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Final stage has no HEALTHCHECK',
    why:
      'Without a HEALTHCHECK the runtime only knows whether the process is alive, not whether it still serves: a hung ' +
      'or half-broken service keeps receiving traffic and is never restarted.',
    level: 'hint',
    defaultOn: false,
    risk: 'low',
    tags: ['security', 'availability', 'CIS-4.6'],
    others: {
      hadolint: ['DL3057'],
      trivy: ['DS-0026'],
      checkov: ['CKV_DOCKER_2'],
      kics: ['Healthcheck Instruction Missing'],
    },
    messages: {
      missing: message(
        'The final stage has no HEALTHCHECK, so Docker cannot tell a hung service from a healthy one. Add one that ',
        'probes the service (or `HEALTHCHECK NONE` to say it is deliberately left to the orchestrator).',
      ),
      missingInImage: message(
        'The final stage has no HEALTHCHECK, and its base image {{image}} has none in its config either ({{source}}), so Docker ',
        'cannot tell a hung service from a healthy one. Add one that probes the service (or `HEALTHCHECK NONE` to say it is ',
        'deliberately left to the orchestrator).',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model, imageFacts }) {
    const stage = model.finalStage;
    if (!stage) return;
    // A HEALTHCHECK anywhere in the chain is inherited; `HEALTHCHECK NONE` is a deliberate choice, not an omission.
    // (ONBUILD HEALTHCHECK only applies to child images, so it does not count.)
    if (stageChain(stage).some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return;
    // No service of its own to probe: a base or toolchain image (golang, `CMD ["irb"]`) or a thin extension of another image.
    // (Judged from the file alone, with or without facts: facts only add the base image's own HEALTHCHECK.)
    if (runsNoServiceOfItsOwn(model, stage)) return;
    // So is the base image's own HEALTHCHECK, when the front-end knows its config.
    const known = stageImageFacts(model, stage, imageFacts);
    if (known && hasInheritedHealthcheck(known.facts)) return;
    const { file } = model;
    const firstLineEnd = file.lineEnd(file.positionAt(stage.from.span.start).line);
    const span = { start: stage.from.span.start, end: Math.min(stage.from.span.end, firstLineEnd) };
    if (known) yield { messageId: 'missingInImage', span, data: { image: known.site.text, source: factsSource(known.facts) } };
    else yield { messageId: 'missing', span };
  },
  fix(_report, { model }) {
    const stage = model.finalStage;
    if (!stage) return [];
    const chain = stageChain(stage);
    const port = exposedPort(model, chain);
    if (!port) return [];
    // Only when a probe tool is known to exist: curl installed by this file, or busybox wget on Alpine.
    const base = model.rootBase(stage);
    let probe: string;
    if (installsCurl(model, chain)) probe = `curl -fsS http://localhost:${port}/ || exit 1`;
    else if (base.kind === 'image' && imageFamily(base.image) === 'alpine') probe = `wget -q --spider http://localhost:${port}/ || exit 1`;
    else return [];
    const line = `HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ${probe}`;
    const { offset, atEnd } = insertionPoint(model, stage);
    const edit = insertInstructionsEdit(model, offset, atEnd, [line]);
    if (!edit) return [];
    return [{ title: `Add a HEALTHCHECK probing http://localhost:${port}/ (check the path)`, safe: false, edits: [edit] }];
  },
});
