/**
 * Hover on an image reference (FROM, Compose image:): what its config says and the digest the facts
 * came from. Everything shown came from a registry or the lock file, so it goes in a code block with
 * fences it cannot close, never as markdown.
 */
import type { Hover, Position } from 'vscode-languageserver';
import { type FilesView, type ImageFacts, isRootConfigUser, type LintResult } from '../../../rules/api.js';
import { imageSitesOf } from '../registry/image-sites.js';

/** One line of the block: no line breaks, no backtick runs that could end the fence. */
const plain = (s: string, max = 200) => {
  const t = s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/`+/g, "'");
  return t.length > max ? `${t.slice(0, max)}…` : t;
};

const list = (items: string[] | undefined) => (items?.length ? plain(JSON.stringify(items)) : undefined);

function factsBlock(f: ImageFacts): string {
  const rows: [string, string | undefined][] = [
    ['digest', f.digest],
    ['index', f.indexDigest],
    ['user', f.user ? `${plain(f.user, 80)}${isRootConfigUser(f.user) ? ' (root)' : ''}` : '(not set: root)'],
    ['healthcheck', list(f.healthcheck) ?? '(none)'],
    ['ports', f.exposedPorts.length ? plain(f.exposedPorts.join(' ')) : undefined],
    ['entrypoint', list(f.entrypoint)],
    ['cmd', list(f.cmd)],
    ['env', f.env.length ? plain(f.env.map((e) => e.split('=')[0]).join(' ')) : undefined],
    ['created', f.created],
    ['platform', [f.os, f.architecture, f.variant].filter(Boolean).join('/') || undefined],
    ...Object.entries(f.labels).map(([k, v]): [string, string] => [plain(k.replace('org.opencontainers.image.', 'label '), 60), plain(v)]),
  ];
  return rows
    .filter((r): r is [string, string] => r[1] !== undefined)
    .map(([k, v]) => `${k.padEnd(12)} ${v}`)
    .join('\n');
}

export function factsHover(
  result: LintResult,
  position: Position,
  files: FilesView,
  lookup: (key: string) => ImageFacts | undefined,
  failure: (key: string) => string | undefined,
): Hover | null {
  // Anywhere on the line that names the image (FROM …, image: …).
  const site = imageSitesOf(result, files).find((s) => !s.elsewhere && result.file.positionAt(s.span.start).line === position.line);
  if (!site) return null;
  const facts = lookup(site.key);
  if (!facts) {
    const why = failure(site.key);
    return why ? { contents: { kind: 'markdown', value: `**Bosun image facts** · none for ${site.platform}: ${plain(why).replace(/[\\`*_[\]<>#|]/g, '\\$&')}` } } : null;
  }
  const where = facts.source === 'lock' ? 'from the lock file' : 'from the cache';
  const head = `**Bosun image facts** · ${site.platform}, ${where}, fetched ${facts.fetchedAt.slice(0, 10)}`;
  return { contents: { kind: 'markdown', value: `${head}\n\n\`\`\`text\n${factsBlock(facts)}\n\`\`\`` } };
}
