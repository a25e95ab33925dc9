import { defineRule } from '../engine/define-rule.js';
import { type Download, isVerification, isVerificationMaterial, parseDownload } from '../knowledge/downloads.js';
import type { DockerfileModel } from '../languages/dockerfile.js';
import { commandName, pipelineOf, type RunShell, runShells, type ShellCommand } from '../languages/shell.js';

/** Programs that turn a piped download into files of the image (archives, packages). */
const UNPACKERS = new Set([
  'tar', 'bsdtar', 'unzip', 'gunzip', 'gzip', 'zcat', 'xz', 'unxz', 'xzcat', 'bunzip2', 'bzip2', 'bzcat', 'zstd',
  'unzstd', 'zstdcat', 'lz4', 'cpio', 'dpkg', 'dpkg-deb', 'rpm', 'rpm2cpio', 'busybox', 'install', 'dd',
]);

/** What the download becomes, or undefined when it is only data read by the script (an API answer, a key). */
function artifactOf(dl: Download, list: readonly ShellCommand[]): string | undefined {
  const firstUrl = dl.urls[0]?.value;
  if (firstUrl !== undefined && isVerificationMaterial(firstUrl)) return undefined;
  if (dl.output === 'none') return undefined;
  if (dl.output === 'file') {
    if (dl.outputPath !== undefined && isVerificationMaterial(dl.outputPath)) return undefined;
    return dl.outputPath ?? firstUrl ?? 'a file';
  }
  // stdout: written to a file by redirection, or piped into an unpacker.
  const redirect = dl.cmd.redirects.find((r) => (r.op === '>' || r.op === '>>' || r.op === '1>') && r.target);
  if (redirect) return isVerificationMaterial(redirect.target!) ? undefined : redirect.target;
  const i = list.indexOf(dl.cmd);
  if (i < 0) return undefined;
  const pipeline = pipelineOf(list, i);
  const next = pipeline[pipeline.indexOf(dl.cmd) + 1];
  const name = next && commandName(next)?.name;
  if (name === 'tee') {
    const target = next.words.slice(commandName(next)!.index + 1).find((w) => !w.redirect && !w.value.startsWith('-'));
    return target && !isVerificationMaterial(target.value) ? target.value : undefined;
  }
  return name && UNPACKERS.has(name) ? (firstUrl ?? 'an archive') : undefined;
}

/** Per stage (ONBUILD triggers apart), the index in `runs` of the last RUN that checks a checksum or signature. */
function lastVerification(runs: readonly RunShell[]): Map<string, number> {
  const last = new Map<string, number>();
  runs.forEach((r, i) => {
    if (r.all.some((c) => isVerification(c))) last.set(stageKey(r), i);
  });
  return last;
}

const stageKey = (r: RunShell) => `${r.instr.stage?.index ?? -1}:${r.onbuild}`;

export default defineRule<DockerfileModel>({
  meta: {
    code: 'DF034',
    name: 'require-download-verification',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Downloaded artifact never verified',
    why:
      'A release archive or binary fetched with curl or wget is trusted as is unless the build checks it against a ' +
      'known checksum or signature; a replaced file then ends up in the image unnoticed.',
    level: 'info',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'CIS-4.12', 'CWE-494'],
    catalog: ['DS-NET-005'],
    others: {},
    messages: {
      unverified:
        '{{tool}} downloads {{what}} and nothing checks it: verify a checksum (`echo "<sha256>  file" | sha256sum -c -`) ' +
        'or a signature (`gpg --verify`) in the same RUN.',
    },
  },
  *check({ model }) {
    const runs = runShells(model);
    let last: Map<string, number> | undefined;
    for (const [index, run] of runs.entries()) {
      const lists: (readonly ShellCommand[])[] = [run.commands, ...run.all.filter((c) => c.nested.length).map((c) => c.nested)];
      for (const cmd of run.all) {
        const dl = parseDownload(cmd);
        if (!dl) continue;
        const what = artifactOf(dl, lists.find((l) => l.includes(cmd)) ?? []);
        if (what === undefined) continue;
        // Verified after the download: later in this RUN, or in a later RUN of the same stage.
        last ??= lastVerification(runs);
        const lastRun = last.get(stageKey(run)) ?? -1;
        if (lastRun > index || (lastRun === index && run.all.some((c) => c.span.start > cmd.span.start && isVerification(c)))) continue;
        const shown = what.length > 80 ? `${what.slice(0, 77)}…` : what;
        yield { messageId: 'unverified', span: dl.nameWord.span, data: { tool: dl.tool, what: shown } };
      }
    }
  },
});
