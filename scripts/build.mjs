// Bundles the extension client, the language server and the CLI into dist/ (desktop: Node), the web
// extension into dist/web/ (browser), and copies the rule docs.
import { build } from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, webTreeSitterCjsPlugin } from './cli-build.mjs';
import { buildWeb } from './web-build.mjs';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const common = {
  define: { BOSUN_VERSION: JSON.stringify(pkg.version) },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
};
const t0 = performance.now();
rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
  // Also the `bosun-language-server` bin (`--stdio`, for editors other than VS Code); the scan worker
  // lints big files off the thread that answers the editor.
  build({
    ...common,
    entryPoints: { server: 'server/src/node.ts', 'scan-worker': 'server/src/lsp/scan-worker-main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [webTreeSitterCjsPlugin(root)],
  }),
  buildCli(root, join(root, 'dist'), common),
  buildWeb(build, common),
]);
for (const bin of Object.values(pkg.bin)) chmodSync(join(root, bin), 0o755);
// Rule docs ship with the extension so "Show documentation" works offline.
for (const lang of ['dockerfile', 'compose']) {
  const dir = join(root, 'rules', lang);
  const out = join(root, 'dist', 'docs', lang);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.md')) cpSync(join(dir, f), join(out, f));
}
console.log(`build: dist/ in ${Math.round(performance.now() - t0)} ms`);
