/**
 * The web build's guard against Node modules (scripts/web-build.mjs): an import of a Node module
 * fails the build, naming who imported it, except where the importing package's own `browser` field
 * says it does without that module in a browser (web-tree-sitter, the shell grammar's runtime, maps
 * `module` and `fs/promises` to false: it imports them only when it runs in Node).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { build } from 'esbuild';
import { noNodeModules } from '../../scripts/web-build.mjs';

const ROOT = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'bosun-web-build-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A package in tmp/node_modules: its manifest and an index.js that imports `imports`. */
function pkg(name: string, manifest: Record<string, unknown>, imports: string): void {
  const dir = join(tmp, 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, main: 'index.js', ...manifest }));
  writeFileSync(join(dir, 'index.js'), `module.exports = () => import(${JSON.stringify(imports)});\n`);
}

async function bundle(contents: string, resolveDir = tmp): Promise<string[]> {
  try {
    await build({ stdin: { contents, resolveDir }, bundle: true, write: false, platform: 'browser', format: 'iife', logLevel: 'silent', plugins: [noNodeModules()] });
    return [];
  } catch (e) {
    return ((e as { errors?: { text: string }[] }).errors ?? []).map((x) => x.text);
  }
}

describe('web build: no Node modules', () => {
  it('fails on a Node module, naming the importer', async () => {
    pkg('uses-fs', {}, 'fs');
    const errors = await bundle('require("uses-fs");');
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /"fs" \(a Node module\) imported by .*uses-fs/);
    assert.match((await bundle('import "node:path";'))[0] ?? '', /"node:path" \(a Node module\)/);
  });

  it('lets a package that maps the module to false in its browser field import it (esbuild makes it empty)', async () => {
    pkg('browser-aware', { browser: { module: false } }, 'module');
    assert.deepEqual(await bundle('require("browser-aware");'), []);
  });

  it('looks risky but holds: the browser field of another package, or for another module, does not count', async () => {
    pkg('maps-other', { browser: { fs: false } }, 'module');
    assert.equal((await bundle('require("maps-other");')).length, 1);
    pkg('imports-aware', {}, 'fs');
    assert.equal((await bundle('require("browser-aware"); require("imports-aware");')).length, 1);
  });

  it('bundles web-tree-sitter, the shell grammar runtime, for the browser', async () => {
    assert.deepEqual(await bundle('import { Parser } from "web-tree-sitter"; globalThis.p = Parser;', ROOT), []);
  });
});
