import { defineRule } from '../languages/define-rule.js';
import { type CopyAdd, copyInstructions } from '../languages/copy-add.js';

/** Names ADD unpacks (tar, optionally compressed with gzip, bzip2, xz, zstd…): keeping ADD is then intended. */
const ARCHIVE = /\.(?:tar|tgz|taz|tbz|tbz2|tb2|txz|tzst|tlz|tar\.[a-z0-9]+|gz|bz2|xz|zst|zstd|lz|lzma|lz4|z)$/i;

/** Flags COPY understands too; ADD-only ones (`--checksum`, `--keep-git-dir`, `--unpack`) block the fix. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);

interface FixData {
  keyword: { start: number; end: number };
  /** A source comes from a variable: a build argument could make it a URL or an archive, which COPY would not fetch or unpack. */
  variable: boolean;
}

/** True when ADD does nothing COPY would not: every source is a known local path that is not an archive. */
function addIsCopy(c: CopyAdd): boolean {
  if (c.keyword !== 'ADD' || c.sources.length === 0) return false;
  return c.sources.every((s) => (s.kind === 'local' || s.kind === 'heredoc') && s.value !== undefined && !ARCHIVE.test(s.value));
}

export default defineRule({
  meta: {
    code: 'DF030',
    name: 'prefer-copy-to-add',
    language: 'dockerfile',
    scope: 'unit',
    title: 'ADD used for local files',
    why: 'ADD also downloads URLs and unpacks archives, so a reader (and a later edit of the source name) can get ' + 'more than a copy. COPY does only what it says.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'CIS-4.9'],
    others: {
      hadolint: ['DL3020'],
      trivy: ['DS-0005'],
      checkov: ['CKV_DOCKER_4'],
      kics: ['Add Instead of Copy'],
    },
    messages: {
      useCopy: 'ADD only copies local files here: use COPY, which never downloads or unpacks.',
    },
    fix: 'both',
  },
  *check({ model }) {
    for (const c of copyInstructions(model)) {
      if (!addIsCopy(c)) continue;
      const variable = c.sources.some((s) => s.variable);
      // Several sources need a directory destination (`dir/`): without one the instruction does not build either way.
      const destOk = c.sources.length === 1 || /[/\\]$/.test(c.dest?.raw ?? '');
      const fixData: FixData | undefined = destOk && c.flags.every((f) => COPY_FLAGS.has(f.name)) ? { keyword: c.keywordSpan, variable } : undefined;
      yield { messageId: 'useCopy', span: c.keywordSpan, fixData };
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    if (!data) return [];
    const written = model.file.text.slice(data.keyword.start, data.keyword.end);
    const text = written === written.toLowerCase() ? 'copy' : 'COPY';
    const edits = [{ start: data.keyword.start, end: data.keyword.end, text }];
    if (data.variable) return [{ title: 'Replace ADD with COPY (check no build argument makes the source a URL or an archive)', safe: false, edits }];
    return [{ title: 'Replace ADD with COPY', safe: true, edits }];
  },
});
