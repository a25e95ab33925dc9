// Packs the built extension into dist/bosun.vsix with vsce, offline (dependencies are bundled).
import { execFileSync } from 'node:child_process';
const root = new URL('..', import.meta.url).pathname;
const t0 = performance.now();
execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', 'dist/bosun.vsix'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
});
console.log(`package: dist/bosun.vsix in ${Math.round(performance.now() - t0)} ms`);
