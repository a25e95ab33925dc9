/**
 * Docker credential helpers (`docker-credential-<name> get`), found and run without trusting the
 * current directory: the program is looked up only in absolute PATH directories that are not inside
 * a workspace folder (an empty or relative PATH entry — and on Windows the implicit current
 * directory — would otherwise run a `docker-credential-desktop` committed to the repository being
 * checked), then spawned by absolute path, without a shell.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Credentials } from './auth.js';

/** Names docker's own helpers use (`desktop`, `osxkeychain`, `ecr-login`, `gcloud`, `pass`): a plain file name. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function isPlainHelperName(name: unknown): name is string {
  return typeof name === 'string' && HELPER_NAME.test(name) && !name.includes('..');
}

export type HelperLookup = { path: string } | { refused: string } | { missing: string };

const onWindows = process.platform === 'win32';
const foldCase = (p: string) => (onWindows || process.platform === 'darwin' ? p.toLowerCase() : p);

/** A drive or UNC path on Windows (`\dir` is relative to the current drive); `/…` elsewhere. */
function isAbsoluteDir(dir: string): boolean {
  return onWindows ? /^(?:[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(dir) : isAbsolute(dir);
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(foldCase(folder), foldCase(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

async function real(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    if (!onWindows) await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `docker-credential-<name>` lives: the first absolute PATH directory holding it that is not
 * inside a workspace folder (by its real path too: a symlink out of /usr/local/bin into the
 * workspace is inside). Windows: `.exe` only (a `.cmd` would need a shell).
 */
export async function findHelper(name: string, workspaceFolders: readonly string[], pathEnv = process.env.PATH ?? process.env.Path ?? ''): Promise<HelperLookup> {
  const program = `docker-credential-${name}${onWindows ? '.exe' : ''}`;
  if (!isPlainHelperName(name)) return { refused: `not a plain program name` };
  const folders = await Promise.all(workspaceFolders.map(real));
  let insideWorkspace: string | undefined;
  for (const dir of pathEnv.split(onWindows ? ';' : ':')) {
    if (!dir || !isAbsoluteDir(dir)) continue;
    const candidate = join(dir, program);
    if (!(await isExecutableFile(candidate))) continue;
    const resolved = await real(candidate);
    if (folders.some((f) => isInside(candidate, f) || isInside(resolved, f))) {
      insideWorkspace ??= candidate;
      continue;
    }
    return { path: candidate };
  }
  if (insideWorkspace) return { refused: `${insideWorkspace}: it is inside the workspace` };
  return { missing: `${program} was not found in any absolute PATH directory outside the workspace` };
}

/** Runs the helper (absolute path, no shell) with the server URL on stdin; undefined when it has nothing. */
export function runHelper(path: string, name: string, serverUrl: string, signal: AbortSignal): Promise<Credentials | undefined> {
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(path, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], signal, shell: false, windowsHide: true });
    } catch {
      resolve(undefined);
      return;
    }
    child.on('error', () => resolve(undefined));
    child.stdin!.on('error', () => {}); // a helper that exits without reading stdin
    child.stdout!.on('data', (d) => {
      if (out.length < 64 * 1024) out += d;
    });
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      try {
        const j = JSON.parse(out) as { Username?: unknown; Secret?: unknown };
        if (typeof j.Secret !== 'string' || !j.Secret) return resolve(undefined);
        const source = `credential helper docker-credential-${name}`;
        const username = typeof j.Username === 'string' ? j.Username : '';
        resolve(username === '<token>' ? { identityToken: j.Secret, source } : { username, password: j.Secret, source });
      } catch {
        resolve(undefined);
      }
    });
    child.stdin!.end(serverUrl);
  });
}
