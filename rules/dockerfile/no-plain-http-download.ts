import type { Property } from 'dockerfile-ast';
import { defineRule } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { parseDownload, verifications } from '../knowledge/downloads.js';
import { copyInstructions } from '../languages/copy-add.js';
import type { DInstruction } from '../languages/dockerfile.js';
import { argumentWords, commandName, commandsWhere, runShells, type ShellCommand, type ShellWord } from '../languages/shell.js';

/** A plain-text URL found in the file. */
interface PlainUrl {
  scheme: 'http' | 'ftp' | 'git';
  url: string;
  span: Span;
}

/** Hosts that never leave the machine (or the Docker host): plain HTTP there is not a network risk. */
function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::1' || h === '0.0.0.0' || h === 'host.docker.internal';
}

/** Plain `http://` (and `ftp://`, `git://` where asked) URLs in the raw text at `base`. */
function plainUrls(raw: string, base: number, schemes: readonly PlainUrl['scheme'][]): PlainUrl[] {
  const out: PlainUrl[] = [];
  const re = /\b(https?|ftp|git):\/\//gi;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const scheme = m[1].toLowerCase();
    if (scheme === 'https' || !(schemes as string[]).includes(scheme)) continue;
    let end = m.index + m[0].length;
    while (end < raw.length && !/[\s"'`;|&<>()]/.test(raw[end])) end++;
    const url = raw.slice(m.index, end);
    const authority = url.slice(m[0].length).split(/[/?#]/)[0];
    const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '');
    if (!host || isLocalHost(host)) continue;
    out.push({ scheme: scheme as PlainUrl['scheme'], url, span: { start: base + m.index, end: base + end } });
  }
  return out;
}

/** Package tools that download over whatever URL they are given and check no signature. */
const URL_TOOLS: Record<string, (args: string[]) => boolean> = {
  git: (a) => ['clone', 'fetch', 'pull', 'ls-remote', 'archive', 'submodule', 'remote'].includes(a[0] ?? ''),
  pip: (a) => !a.some((x) => x === '--require-hashes' || x.startsWith('--hash')),
  pip3: (a) => URL_TOOLS.pip(a),
  pipx: () => true,
  uv: () => true,
  npm: () => true,
  yarn: () => true,
  pnpm: () => true,
  gem: () => true,
  bundle: () => true,
  composer: () => true,
  aria2c: (a) => !a.some((x) => x.startsWith('--checksum')),
};

/** ENV/ARG names that point a package tool at an index it then downloads from. */
const INDEX_VARIABLES = new Set([
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'PIP_FIND_LINKS',
  'UV_INDEX_URL',
  'UV_EXTRA_INDEX_URL',
  'UV_DEFAULT_INDEX',
  'NPM_CONFIG_REGISTRY',
  'YARN_REGISTRY',
  'YARN_NPM_REGISTRY_SERVER',
  'PNPM_REGISTRY',
  'BUNDLE_MIRROR__ALL',
]);

function propertiesOf(instr: DInstruction): Property[] {
  const node = instr.node as unknown as { getProperties?(): Property[] };
  return instr.keyword === 'ENV' || instr.keyword === 'ARG' ? (node.getProperties?.() ?? []) : [];
}

interface FixData {
  url: PlainUrl;
}

export default defineRule({
  meta: {
    code: 'DF033',
    name: 'no-plain-http-download',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Download over plain HTTP',
    why: 'Anything fetched over http://, ftp:// or git:// can be read and replaced by anyone on the network path, and ' + 'the build runs or ships whatever arrives.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'CIS-4.12', 'CWE-319', 'CWE-494'],
    others: {},
    messages: {
      plain: '{{url}} is fetched over plain {{scheme}}: anyone on the network path can read or replace it. Use https://.',
      index: '{{name}} points at {{url}} over plain HTTP: every package installed from it can be replaced in transit. Use https://.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    const { file } = model;
    const shown = (u: PlainUrl) => (u.url.length > 80 ? `${u.url.slice(0, 77)}…` : u.url);
    const report = (u: PlainUrl) => ({ messageId: 'plain' as const, span: u.span, data: { url: shown(u), scheme: u.scheme }, fixData: { url: u } satisfies FixData });
    const indexReport = (u: PlainUrl, name: string) => ({
      messageId: 'index' as const,
      span: u.span,
      data: { url: shown(u), scheme: u.scheme, name },
      fixData: { url: u } satisfies FixData,
    });
    const wordUrls = (w: ShellWord, schemes: readonly PlainUrl['scheme'][]) => plainUrls(file.text.slice(w.span.start, w.span.end), w.span.start, schemes);

    for (const run of runShells(model)) {
      // A download whose checksum or signature is checked in the same RUN cannot be swapped unnoticed.
      const verified = verifications(run.all).length > 0;
      // Downloads, and the package tools of URL_TOOLS (own keys only: a command named `constructor` is neither).
      for (const cmd of commandsWhere(run.all, (n) => n === 'curl' || n === 'wget' || Object.hasOwn(URL_TOOLS, n))) {
        const dl = parseDownload(cmd);
        if (dl) {
          if (verified || dl.output === 'none') continue;
          for (const w of dl.urls) for (const u of wordUrls(w, ['http', 'ftp'])) yield report(u);
          continue;
        }
        const cn = commandName(cmd as ShellCommand);
        const check = cn && Object.hasOwn(URL_TOOLS, cn.name) ? URL_TOOLS[cn.name] : undefined;
        if (!cn || !check) continue;
        const args = argumentWords(cmd);
        if (!check(args.map((a) => a.value))) continue;
        const schemes: PlainUrl['scheme'][] = cn.name === 'git' ? ['http', 'git'] : ['http'];
        for (const w of args) for (const u of wordUrls(w, schemes)) yield report(u);
      }
    }

    for (const c of copyInstructions(model)) {
      if (c.keyword !== 'ADD' || c.flags.some((f) => f.name === 'checksum' && f.value)) continue;
      for (const s of c.sources) {
        if (s.kind !== 'url' && s.kind !== 'git') continue;
        for (const u of plainUrls(file.text.slice(s.span.start, s.span.end), s.span.start, ['http', 'git'])) yield report(u);
      }
    }

    for (const instr of model.instructions) {
      for (const prop of propertiesOf(instr)) {
        const name = prop.getName();
        const range = prop.getValueRange();
        if (!INDEX_VARIABLES.has(name.toUpperCase()) || !range) continue;
        const span = file.spanOf(range);
        for (const u of plainUrls(file.text.slice(span.start, span.end), span.start, ['http'])) yield indexReport(u, name);
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    if (!data || data.url.scheme === 'ftp') return [];
    const { span, scheme } = data.url;
    const written = model.file.text.slice(span.start, span.start + scheme.length);
    return [
      {
        title: `Use https:// instead of ${scheme}://`,
        safe: false,
        edits: [{ start: span.start, end: span.start + scheme.length, text: written === written.toUpperCase() ? 'HTTPS' : 'https' }],
      },
    ];
  },
});
