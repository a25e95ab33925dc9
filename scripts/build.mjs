// Bundles the extension client, the language server and the CLI into dist/, and copies the rule docs.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from './cli-build.mjs';

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
  build({ ...common, entryPoints: { server: 'server/src/server.ts', 'scan-worker': 'server/src/lsp/scan-worker-main.ts' }, outdir: 'dist' }),
  buildCli(root, join(root, 'dist'), common),
]);
// Rule docs ship with the extension so "Show documentation" works offline.
for (const lang of ['dockerfile', 'compose']) {
  const dir = join(root, 'rules', lang);
  const out = join(root, 'dist', 'docs', lang);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.md')) cpSync(join(dir, f), join(out, f));
}
console.log(`build: dist/ in ${Math.round(performance.now() - t0)} ms`);
