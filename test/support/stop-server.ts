/**
 * Ends a language server a test started, whatever state it is in: `shutdown` (waited for at most
 * `graceMs`: a server that is stuck or already gone never answers, and a test file whose cleanup
 * waits forever never exits — its other hooks, like stopping the registries, never run), `exit`,
 * then the process is waited for, killed if it does not go (SIGTERM, then SIGKILL), and its pipes
 * are closed, so nothing of it keeps this process alive.
 */
import type { ChildProcess } from 'node:child_process';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';

/** Resolves after `ms` (true) or when `promise` settles first (false); leaves no timer behind. */
async function timedOut(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => false,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function stopServer(connection: ProtocolConnection, child: ChildProcess, graceMs = 5000): Promise<void> {
  const exited = gone(child) ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await timedOut(connection.sendRequest('shutdown'), graceMs);
    await connection.sendNotification('exit');
  } catch {
    /* already gone */
  }
  connection.dispose();
  if (!gone(child) && (await timedOut(exited, graceMs))) child.kill('SIGTERM');
  if (!gone(child) && (await timedOut(exited, graceMs))) child.kill('SIGKILL');
  await exited;
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
}
