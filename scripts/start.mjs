// `npm start`: the demo. Builds the extension, packs dist/bosun.vsix, installs the editor tools
// (test/e2e/setup.sh: Debian chromium is not needed for this, code-server on Node 24 is), then runs a
// real VS Code (code-server) in the browser with Bosun installed, on a temporary copy of examples/
// (the demo never modifies the repo). Stays up until Ctrl+C, then removes everything it created.
//
//   npm start                    → http://127.0.0.1:$PORT (default 8080; a free port if that one is taken)
//   npm start -- --no-build      skip build + package (reuse dist/)
//   npm start -- --cli           instead run the bosun CLI (dist/cli.js) on examples/ and exit
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const args = process.argv.slice(2);
const examples = join(root, 'examples');

function step(name, cmd, argv) {
  const t0 = performance.now();
  console.log(`bosun: ${name}…`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bosun: ${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`bosun: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (!args.includes('--no-build')) step('build', process.execPath, ['scripts/build.mjs']);

if (args.includes('--cli')) {
  const r = spawnSync(process.execPath, ['dist/cli.js', '--fail-level', 'none', 'examples'], { cwd: root, stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

if (!args.includes('--no-build')) step('package the extension', process.execPath, ['scripts/package.mjs']);
step('editor tools (code-server on Node 24, chromium)', 'bash', ['test/e2e/setup.sh']);

const { startCodeServer } = createRequire(import.meta.url)('../test/e2e/lib.js');
const DEMO_FILES = {
  // Only used when examples/ is missing (e.g. a partial checkout).
  Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD ["sh"]\n',
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
};
const hasExamples = existsSync(examples) && readdirSync(examples).length > 0;
if (!hasExamples) console.warn('bosun: examples/ not found — opening a small demo workspace instead');

const wanted = Number(process.env.PORT) || 8080;
let cs;
try {
  cs = await startCodeServer({
    copyFrom: hasExamples ? examples : undefined,
    files: hasExamples ? {} : DEMO_FILES,
    port: wanted,
  });
} catch (e) {
  console.error(`bosun: could not start code-server: ${e.message}`);
  process.exit(1);
}

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nbosun: stopping code-server and removing the temporary workspace…');
  await cs.stop();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));
cs.exited.then((c) => {
  if (stopping) return;
  console.error(`bosun: code-server exited unexpectedly (${c}); log tail:\n${cs.logTail(3000)}`);
  shutdown(1);
});

if (cs.port !== wanted) console.log(`bosun: port ${wanted} is taken, using ${cs.port}`);
const line = '─'.repeat(72);
console.log(`\n${line}
  Bosun is running in VS Code (code-server, port ${cs.port}) on a copy of ${hasExamples ? 'examples/' : 'a demo workspace'}.

  Open ${cs.url()} in a browser

  Open a Dockerfile or compose.yaml: findings are squiggles and in the Problems panel
  (Ctrl+Shift+M); Ctrl+. on a finding offers the fixes. Edits stay in the temporary copy:
    ${cs.ws}
  code-server log: ${cs.logFile}
  Press Ctrl+C to stop.
${line}\n`);
// Keeps the event loop alive (code-server runs detached and unref'd) and stops when our parent goes
// away: `kill <npm pid>` does not always reach us, and code-server must not outlive the demo.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown(0);
}, 1000);
