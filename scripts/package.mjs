// `npm run package`: dist/bosun.vsix — one package for the desktop (main) and the web (browser), for
// the Visual Studio Marketplace and Open VSX alike. Offline; nothing is published. Fails when the
// manifest or the package breaks a rule of either registry (scripts/manifest-check.mjs, vsce's own
// checks while packing, ovsx's license and manifest reading of the finished .vsix).
//   --web-only   dist/bosun-web.vsix: the same files without the desktop entry, so VS Code can only
//                run it in the browser's web worker extension host (the web E2E installs it).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GRAMMAR_FILES } from './cli-build.mjs';
import { manifestProblems, packagedReadme } from './manifest-check.mjs';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const webOnly = process.argv.includes('--web-only');
const t0 = performance.now();

function fail(lines) {
  for (const l of lines) console.error(`package: ${l}`);
  process.exit(1);
}

const vsce = require('@vscode/vsce');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const files = new Set((await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None })).map((f) => f.split('\\').join('/')));
for (const built of ['dist/client.js', 'dist/server.js', 'dist/web/client.js', 'dist/web/server.js', ...Object.keys(GRAMMAR_FILES).map((f) => `dist/${f}`)]) {
  if (!files.has(built)) fail([`${built} missing: run \`npm run build\` first`]);
}

// The README as packaged: rule links to the shipped pages, images from the package (shown offline).
const readme = packagedReadme(readFileSync(join(root, 'README.md'), 'utf8'), files);
const problems = [...readme.problems, ...manifestProblems(pkg, { files, read: (p) => readFileSync(join(root, p)), placeholders: ['bosun-dev/bosun'] })];
if (problems.length) fail(problems);

// The web-only variant is packed from a copy whose manifest has no desktop entry.
let cwd = root;
const out = join(root, 'dist', webOnly ? 'bosun-web.vsix' : 'bosun.vsix');
if (webOnly) {
  cwd = mkdtempSync(join(tmpdir(), 'bosun-web-package-'));
  for (const f of files) {
    mkdirSync(dirname(join(cwd, f)), { recursive: true });
    cpSync(join(root, f), join(cwd, f));
  }
  cpSync(join(root, '.vscodeignore'), join(cwd, '.vscodeignore'));
  // Without `main` (and the `extensionKind` that only matters with it), VS Code deduces a web-only extension.
  const { main: _desktop, extensionKind: _kind, ...web } = pkg;
  writeFileSync(join(cwd, 'package.json'), `${JSON.stringify(web, null, 2)}\n`);
}
const readmePath = join(cwd, 'dist', 'package-readme.md');
writeFileSync(readmePath, readme.text);
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@vscode/vsce/vsce'),
      'package',
      '--no-dependencies',
      // No repository: relative links stay relative (to files in the package, see packagedReadme).
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
      '--readme-path',
      'dist/package-readme.md',
      // The docs page of DC056 (no-hardcoded-token) shows an obviously fake Slack token as its Bad example;
      // vsce's secret scan would refuse it. Only that kind is allowed: any other token-shaped text still fails.
      '--allow-package-secrets',
      'slack',
      '-o',
      out,
    ],
    { cwd, stdio: ['ignore', 'inherit', 'inherit'] },
  );
} catch {
  fail(['vsce failed (see its message above)']);
} finally {
  if (webOnly) rmSync(cwd, { recursive: true, force: true });
}

// Open VSX reads the finished package: its license rule and its manifest reader.
const ovsx = require('ovsx');
const zip = require('ovsx/lib/zip');
if (!(await ovsx.isLicenseOk(root, pkg))) fail(['Open VSX: no license']);
const packed = await zip.readVSIXPackage(out);
if (packed.publisher !== pkg.publisher || packed.name !== pkg.name || packed.version !== pkg.version) fail(['Open VSX: the packaged manifest does not name this extension']);
if (webOnly && packed.main !== undefined) fail(['--web-only package still has a desktop entry']);
const entries = await vsixEntries(out);
const expected = [
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/license.txt',
  `extension/${pkg.icon}`,
  'extension/dist/web/client.js',
  'extension/dist/web/server.js',
  'extension/dist/docs/dockerfile/no-root-user.md',
];
// The desktop server and CLI read the bash grammar's WebAssembly from beside their bundles; the web
// server has it inside dist/web/server.js.
if (!webOnly) expected.push('extension/dist/client.js', 'extension/dist/server.js', ...Object.keys(GRAMMAR_FILES).map((f) => `extension/dist/${f}`));
const missing = expected.filter((e) => !entries.has(e.toLowerCase()));
if (missing.length) fail(missing.map((m) => `${m} is not in ${out}`));
console.log(`package: ${out.slice(root.length)} (${entries.size} files) in ${Math.round(performance.now() - t0)} ms; Marketplace and Open VSX checks passed`);

async function vsixEntries(path) {
  const yauzl = createRequire(require.resolve('ovsx'))('yauzl-promise');
  const names = new Set();
  const z = await yauzl.open(path);
  try {
    for await (const e of z) names.add(e.filename.toLowerCase());
  } finally {
    await z.close();
  }
  return names;
}
