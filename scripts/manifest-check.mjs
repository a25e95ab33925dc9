// What the Visual Studio Marketplace and Open VSX require of an extension's manifest and package,
// checked offline before `npm run package` hands the .vsix to anyone (vsce checks its own part while
// packing: names, version, engine, README links). Written from the registries' published rules;
// every problem is one line naming the field. Pure: scripts/package.mjs supplies the file list.

/** The Marketplace's categories (Open VSX accepts the same names). */
export const CATEGORIES = new Set([
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
]);
/** The Marketplace shows (and searches) at most this many keywords. */
export const MAX_KEYWORDS = 30;
/** Open VSX: names and namespaces are made of these characters. */
const OPEN_VSX_NAME = /^[\w\-+$~]+$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[\da-z-]+(?:\.[\da-z-]+)*)?(?:\+[\da-z-]+(?:\.[\da-z-]+)*)?$/i;
const HEX_COLOR = /^#(?:[\da-f]{3}|[\da-f]{6})$/i;
/** Hosts that only ever stand in for a real address. */
const PLACEHOLDER_HOSTS = /(^|\.)(example\.(com|org|net)|localhost|invalid|test)$/i;

/** Width and height of a PNG, from its header; undefined when the bytes are not a PNG. */
export function pngSize(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!bytes || bytes.length < 24 || sig.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function urlProblem(field, value, knownPlaceholders) {
  const href = typeof value === 'string' ? value : value?.url;
  if (typeof href !== 'string') return `${field}: must be a URL (or be left out)`;
  let url;
  try {
    url = new URL(href.replace(/^git\+/, ''));
  } catch {
    return `${field}: "${href}" is not a URL`;
  }
  if (url.protocol !== 'https:') return `${field}: "${href}" must be https`;
  if (PLACEHOLDER_HOSTS.test(url.hostname) || knownPlaceholders.some((p) => href.includes(p))) {
    return `${field}: "${href}" is a placeholder, not a real address — give the real one or leave the field out`;
  }
  return undefined;
}

/**
 * @param {Record<string, any>} pkg package.json
 * @param {{ files: Set<string>, read: (path: string) => Uint8Array | undefined, placeholders?: string[] }} pack
 *   the packaged files (paths relative to the extension root, `/`-separated) and a reader for them
 * @returns {string[]} problems
 */
export function manifestProblems(pkg, pack) {
  const problems = [];
  const need = (cond, message) => {
    if (!cond) problems.push(message);
  };
  const placeholders = pack.placeholders ?? [];
  // Identity (both registries).
  need(typeof pkg.publisher === 'string' && OPEN_VSX_NAME.test(pkg.publisher), 'publisher: missing, or has characters Open VSX namespaces cannot have');
  need(typeof pkg.name === 'string' && OPEN_VSX_NAME.test(pkg.name), 'name: missing, or has characters Open VSX names cannot have');
  need(typeof pkg.version === 'string' && SEMVER.test(pkg.version), `version: "${pkg.version}" is not semantic versioning`);
  need(typeof pkg.displayName === 'string' && pkg.displayName.length > 0 && pkg.displayName.length <= 255, 'displayName: required, at most 255 characters');
  need(typeof pkg.description === 'string' && pkg.description.length > 0 && pkg.description.length <= 2048, 'description: required, at most 2048 characters');
  // Open VSX refuses content without a license.
  need(typeof pkg.license === 'string' && pkg.license.length > 0 && pkg.license.length <= 255, 'license: required by Open VSX (an SPDX id)');
  need(
    [...pack.files].some((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f)),
    'LICENSE: the license text must be in the package',
  );
  need(pack.files.has('CHANGELOG.md'), 'CHANGELOG.md: must be in the package (both registries show it)');
  // Where it runs.
  need(typeof pkg.engines?.vscode === 'string', 'engines.vscode: required');
  for (const entry of ['main', 'browser']) {
    if (pkg[entry] === undefined) continue;
    const path = String(pkg[entry]).replace(/^\.\//, '');
    need(pack.files.has(path), `${entry}: ${pkg[entry]} is not in the package`);
  }
  need(pkg.main !== undefined || pkg.browser !== undefined, 'main or browser: the extension has no entry');
  if (pkg.extensionKind !== undefined) {
    const kinds = Array.isArray(pkg.extensionKind) ? pkg.extensionKind : [pkg.extensionKind];
    need(
      kinds.length > 0 && kinds.every((k) => k === 'ui' || k === 'workspace'),
      `extensionKind: ${JSON.stringify(pkg.extensionKind)} — only "ui" and "workspace" exist (the web is the \`browser\` entry)`,
    );
  }
  // Gallery.
  const categories = Array.isArray(pkg.categories) ? pkg.categories : [];
  need(categories.length > 0, 'categories: at least one');
  for (const c of categories) need(CATEGORIES.has(c), `categories: "${c}" is not a Marketplace category`);
  const keywords = Array.isArray(pkg.keywords) ? pkg.keywords : [];
  need(keywords.length > 0 && keywords.length <= MAX_KEYWORDS, `keywords: between 1 and ${MAX_KEYWORDS}`);
  need(new Set(keywords).size === keywords.length, 'keywords: duplicates');
  if (typeof pkg.icon !== 'string') problems.push('icon: required (a PNG of at least 128×128)');
  else {
    const size = pack.files.has(pkg.icon) ? pngSize(pack.read(pkg.icon)) : undefined;
    if (!pack.files.has(pkg.icon)) problems.push(`icon: ${pkg.icon} is not in the package`);
    else if (!size) problems.push(`icon: ${pkg.icon} is not a PNG (the Marketplace refuses SVG icons)`);
    else need(size.width >= 128 && size.height >= 128 && size.width === size.height, `icon: ${size.width}×${size.height}, needs a square of at least 128×128`);
  }
  const banner = pkg.galleryBanner;
  need(banner && HEX_COLOR.test(banner.color ?? ''), 'galleryBanner.color: a hex colour like #0b2545');
  need(banner && (banner.theme === 'dark' || banner.theme === 'light'), 'galleryBanner.theme: "dark" or "light"');
  // Links: real or none.
  for (const field of ['repository', 'homepage', 'bugs']) {
    if (pkg[field] === undefined) continue;
    const p = urlProblem(field, pkg[field], placeholders);
    if (p) problems.push(p);
  }
  if (pkg.qna !== undefined)
    need(pkg.qna === 'marketplace' || pkg.qna === false || urlProblem('qna', pkg.qna, placeholders) === undefined, 'qna: "marketplace", false or a real https URL');
  return problems;
}

/**
 * The README as it goes into the package: links to rule pages (`rules/<lang>/<name>.md`) point at
 * the copies the package ships (`dist/docs/…`); other links to files the package lacks become plain
 * text; images must be packaged files (they are shown offline, from the installed extension).
 * @returns {{ text: string, problems: string[] }}
 */
export function packagedReadme(readme, files) {
  const problems = [];
  const text = readme.replace(/(!?)\[((?:[^\][]|\[[^\]]*\])*)\]\(([^)\s]+)\)/g, (all, bang, label, href) => {
    if (/^[a-z][\w+.-]*:/i.test(href) || href.startsWith('#')) {
      if (bang && !href.startsWith('https:')) problems.push(`README image ${href}: only packaged files or https images`);
      return all;
    }
    const [path, anchor] = href.split('#');
    const target = path.replace(/^\.\//, '').replace(/^rules\/(dockerfile|compose)\//, 'dist/docs/$1/');
    if (bang) {
      if (!files.has(target)) problems.push(`README image ${href} is not in the package: it would not show offline`);
      return all;
    }
    if (files.has(target)) return `[${label}](${target}${anchor ? `#${anchor}` : ''})`;
    return label;
  });
  const html = /<img[^>]+src=["']([^"']+)["']/gi;
  for (const m of readme.matchAll(html)) if (!files.has(m[1].replace(/^\.\//, ''))) problems.push(`README image ${m[1]} is not in the package`);
  return { text, problems };
}
