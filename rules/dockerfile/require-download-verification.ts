import { defineRule, message } from '../languages/define-rule.js';
import { type Download, isCommitPinnedUrl, isVerificationMaterial, parseDownload, verifications } from '../knowledge/downloads.js';
import { type CommandPlace, commandPlaces, pipedAfter } from '../languages/command-places.js';
import { commandName, commandsNamed, type RunShell, runShells } from '../languages/shell.js';

/** Programs that turn a piped download into files of the image (archives, packages). */
const UNPACKERS = new Set([
  'tar',
  'bsdtar',
  'unzip',
  'gunzip',
  'gzip',
  'zcat',
  'xz',
  'unxz',
  'xzcat',
  'bunzip2',
  'bzip2',
  'bzcat',
  'zstd',
  'unzstd',
  'zstdcat',
  'lz4',
  'cpio',
  'dpkg',
  'dpkg-deb',
  'rpm',
  'rpm2cpio',
  'busybox',
  'install',
  'dd',
]);

/** What the download becomes, or undefined when it is only data read by the script (an API answer, a key). */
function artifactOf(dl: Download, place: CommandPlace | undefined): string | undefined {
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
  if (!place) return undefined;
  const next = pipedAfter(place)[0];
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
    if (verifications(r.all).length) last.set(stageKey(r), i);
  });
  return last;
}

const stageKey = (r: RunShell) => `${r.instr.stage?.index ?? -1}:${r.onbuild}`;

export default defineRule({
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
    others: {},
    messages: {
      unverified: message(
        '{{tool}} downloads {{what}} and nothing checks it: verify a checksum (`echo "<sha256>  file" | sha256sum -c -`) ',
        'or a signature (`gpg --verify`) in the same RUN.',
      ),
    },
  },
  *check({ model }) {
    const runs = runShells(model);
    let last: Map<string, number> | undefined;
    for (const [index, run] of runs.entries()) {
      // Where the RUN's last verification starts (computed once per RUN, not per download).
      let lastVerificationStart: number | undefined;
      for (const cmd of commandsNamed(run.all, 'curl', 'wget')) {
        const dl = parseDownload(cmd);
        // A forge URL at a full commit id is content-addressed: what it serves cannot be swapped.
        if (!dl || (dl.urls.length > 0 && dl.urls.every((u) => isCommitPinnedUrl(u.value)))) continue;
        const what = artifactOf(dl, commandPlaces(run).get(cmd));
        if (what === undefined) continue;
        // Verified after the download: later in this RUN, or in a later RUN of the same stage.
        last ??= lastVerification(runs);
        const lastRun = last.get(stageKey(run)) ?? -1;
        if (lastRun === index) lastVerificationStart ??= verifications(run.all).reduce((at, c) => Math.max(at, c.span.start), -1);
        if (lastRun > index || (lastRun === index && lastVerificationStart! > cmd.span.start)) continue;
        const shown = what.length > 80 ? `${what.slice(0, 77)}…` : what;
        yield { messageId: 'unverified', span: dl.nameWord.span, data: { tool: dl.tool, what: shown } };
      }
    }
  },
});
