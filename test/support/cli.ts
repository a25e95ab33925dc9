/**
 * The `bosun` CLI as a real process for tests: bundled once per test file with esbuild into a temp
 * dir (same options as scripts/build.mjs, so a stale dist/ never matters), run against temp workspaces.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { copyGrammar, webTreeSitterCjsPlugin } from '../../scripts/cli-build.mjs';
import { HANG_CEILING_MS } from './scaling.js';

export const ROOT = join(__dirname, '..', '..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  tmp: string;
  /** The `file:` url of a rule's page beside the bundled CLI. */
  docsUrl(language: string, name: string): string;
  bosun(args: string[], opts?: { cwd?: string; input?: string; env?: Record<string, string> }): Run;
  /** A fresh workspace under the harness's temp dir, from `relative path -> content`. */
  workspace(files: Record<string, string | Buffer>): string;
  dispose(): void;
}

/** The rule docs beside a bundle in `dir`, as scripts/build.mjs ships them (JSON and SARIF point at them). */
export function copyDocs(dir: string): void {
  for (const lang of ['dockerfile', 'compose']) {
    mkdirSync(join(dir, 'docs', lang), { recursive: true });
    for (const f of readdirSync(join(ROOT, 'rules', lang))) if (f.endsWith('.md')) cpSync(join(ROOT, 'rules', lang, f), join(dir, 'docs', lang, f));
  }
}

export async function cliHarness(): Promise<CliHarness> {
  const tmp = mkdtempSync(join(tmpdir(), 'bosun-cli-test-'));
  await build({
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    absWorkingDir: ROOT,
    entryPoints: { cli: 'server/src/cli/main.ts' },
    outdir: join(tmp, 'bin'),
    banner: { js: '#!/usr/bin/env node' },
    plugins: [webTreeSitterCjsPlugin(ROOT)],
  });
  copyGrammar(ROOT, join(tmp, 'bin'));
  const cli = join(tmp, 'bin', 'cli.js');
  copyDocs(join(tmp, 'bin'));
  return {
    tmp,
    docsUrl: (language: string, name: string) => pathToFileURL(join(tmp, 'bin', 'docs', language, `${name}.md`)).href,
    bosun(args, opts = {}) {
      const env: NodeJS.ProcessEnv = { ...process.env };
      delete env.NO_COLOR;
      delete env.FORCE_COLOR;
      const r = spawnSync(process.execPath, [cli, ...args], {
        cwd: opts.cwd ?? ROOT,
        input: opts.input ?? '',
        env: { ...env, ...opts.env },
        encoding: 'utf8',
        timeout: HANG_CEILING_MS,
        // spawnSync kills the child once its output passes maxBuffer (1 MiB by default): a large SARIF
        // report was cut there, identically in two runs, while its last stderr line raced the kill.
        maxBuffer: 256 * 1024 * 1024,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    workspace(files) {
      const dir = mkdtempSync(join(tmp, 'ws-'));
      for (const [rel, content] of Object.entries(files)) {
        const p = join(dir, rel);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, content);
      }
      return dir;
    },
    dispose() {
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export function parseJson(r: Run): any {
  try {
    return JSON.parse(r.stdout);
  } catch {
    assert.fail(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}
