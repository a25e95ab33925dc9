/**
 * The manifest as the Marketplace and Open VSX want it (scripts/manifest-check.mjs, run by
 * `npm run package`): this repository's package.json passes; each broken field is caught — a
 * placeholder repository URL first of all — and the packaged README keeps its images offline.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { manifestProblems, packagedReadme, pngSize } from '../../scripts/manifest-check.mjs';

const ROOT = join(__dirname, '..', '..');
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const ICON = readFileSync(join(ROOT, 'images', 'icon.png'));
const FILES = new Set([
  'package.json',
  'LICENSE',
  'CHANGELOG.md',
  'images/icon.png',
  'dist/client.js',
  'dist/web/client.js',
  'docs/screenshot.png',
  'docs/screenshot-web.png',
  'dist/docs/dockerfile/no-root-user.md',
]);
const pack = (files = FILES, read = (p: string): Uint8Array | undefined => (p === 'images/icon.png' ? ICON : undefined)) => ({ files, read, placeholders: ['bosun-dev/bosun'] });
const problems = (change: Record<string, unknown>, files?: Set<string>) => manifestProblems({ ...PKG, ...change }, pack(files));

describe('manifest rules of the Marketplace and Open VSX', () => {
  it('this package.json passes, with a browser entry, a 256×256 PNG icon and no repository URL', () => {
    assert.deepEqual(manifestProblems(PKG, pack()), []);
    assert.deepEqual(pngSize(ICON), { width: 256, height: 256 });
    assert.equal(PKG.repository, undefined);
    assert.equal(PKG.browser, './dist/web/client.js');
  });

  it('a placeholder or non-https URL is refused; a real https one is fine', () => {
    assert.match(problems({ repository: { type: 'git', url: 'https://github.com/bosun-dev/bosun' } }).join(), /repository: .* is a placeholder/);
    assert.match(problems({ homepage: 'https://example.com/bosun' }).join(), /homepage: .* is a placeholder/);
    assert.match(problems({ bugs: 'http://tracker.acme.org/bosun' }).join(), /bugs: .* must be https/);
    assert.deepEqual(problems({ bugs: { url: 'https://tracker.acme.org/bosun/issues' } }), []);
  });

  it('icon, banner, categories, keywords, license, changelog and entries are checked', () => {
    assert.match(problems({ icon: 'images/icon.svg' }).join(), /icon: images\/icon\.svg is not in the package/);
    assert.match(
      manifestProblems(
        { ...PKG, icon: 'images/icon.png' },
        pack(FILES, () => new Uint8Array([1, 2, 3])),
      ).join(),
      /is not a PNG/,
    );
    assert.match(problems({ galleryBanner: { color: 'navy', theme: 'dark' } }).join(), /galleryBanner\.color/);
    assert.match(problems({ categories: ['Linters', 'Security'] }).join(), /"Security" is not a Marketplace category/);
    assert.match(problems({ keywords: Array.from({ length: 31 }, (_, i) => `k${i}`) }).join(), /keywords: between 1 and 30/);
    assert.match(problems({ license: undefined }).join(), /license: required by Open VSX/);
    assert.match(problems({}, new Set([...FILES].filter((f) => f !== 'CHANGELOG.md'))).join(), /CHANGELOG\.md/);
    assert.match(problems({ browser: './dist/web/missing.js' }).join(), /browser: .* is not in the package/);
    assert.match(problems({ extensionKind: ['workspace', 'web'] }).join(), /extensionKind/);
    assert.match(problems({ publisher: 'bosun dev' }).join(), /publisher/);
  });
});

describe('the packaged README', () => {
  it('points rule links at the shipped pages, drops links to files it lacks, keeps packaged images', () => {
    const r = packagedReadme(
      '![shot](docs/screenshot.png)\n[DF001](rules/dockerfile/no-root-user.md) see [bench](bench/README.md) and [site](https://code.visualstudio.com)\n',
      FILES,
    );
    assert.deepEqual(r.problems, []);
    assert.equal(r.text, '![shot](docs/screenshot.png)\n[DF001](dist/docs/dockerfile/no-root-user.md) see bench and [site](https://code.visualstudio.com)\n');
  });

  it('an image the package lacks, or one from plain http, is a problem (it would not show offline)', () => {
    assert.match(packagedReadme('![x](docs/other.png)', FILES).problems.join(), /docs\/other\.png is not in the package/);
    assert.match(packagedReadme('![x](http://host/x.png)', FILES).problems.join(), /only packaged files or https/);
  });

  it('this README passes with the files the package ships', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const docs = [...readme.matchAll(/\]\(rules\/((?:dockerfile|compose)\/[\w-]+\.md)\)/g)].map((m) => `dist/docs/${m[1]}`);
    assert.deepEqual(packagedReadme(readme, new Set([...FILES, ...docs])).problems, []);
  });
});
