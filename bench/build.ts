/**
 * Bundles the server and the CLI for the benchmark, with the same esbuild options as scripts/build.mjs,
 * into a private directory: other people running `npm run build` (which empties dist/) cannot pull
 * the files from under a running benchmark, and the numbers are for the source as it is now.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = join(__dirname, '..');

export async function buildBundles(): Promise<{ server: string; cli: string; dir: string; ms: number }> {
  const t0 = performance.now();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `bosun-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const common = {
    define: { BOSUN_VERSION: JSON.stringify(pkg.version) },
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node20',
    sourcemap: 'linked' as const,
    logLevel: 'warning' as const,
    absWorkingDir: ROOT,
    outdir: dir,
  };
  await Promise.all([
    build({ ...common, entryPoints: { server: 'server/src/node.ts' } }),
    // The CLI as installed: launcher, main bundle and lazily loaded parser chunks (scripts/cli-build.mjs).
    import('../scripts/cli-build.mjs').then(({ buildCli }) => buildCli(ROOT, dir, common)),
  ]);
  return { server: join(dir, 'server.js'), cli: join(dir, 'cli.js'), dir, ms: performance.now() - t0 };
}
