/**
 * CLI throughput: whole-process wall time (spawn to exit, output to /dev/null) for one file against
 * `node -e ""` as the floor, and files per second on a generated workspace, for Bosun and the peers.
 */
import { spawn } from 'node:child_process';
import { type Summary, summarize } from './stats';

export interface ProcessRun {
  ms: number;
  code: number | null;
}

/** Wall time of one process, from spawn until it has exited. Output goes to /dev/null. */
export function timeProcess(command: string, args: string[], cwd: string, timeoutMs = 600_000): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ').slice(0, 200)}: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code });
    });
  });
}

export interface Repeated extends Summary {
  codes: (number | null)[];
}

/** `warmup` unrecorded runs (page cache, disk), then `runs` recorded ones. */
export async function repeat(command: string, args: string[], cwd: string, runs: number, warmup = 2): Promise<Repeated> {
  for (let i = 0; i < warmup; i++) await timeProcess(command, args, cwd);
  const times: number[] = [];
  const codes: (number | null)[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await timeProcess(command, args, cwd);
    times.push(r.ms);
    codes.push(r.code);
  }
  return { ...summarize(times), codes: [...new Set(codes)] };
}

/**
 * Several commands measured round-robin (A B C A B C …) rather than one after the other, so a burst
 * of load from other work on the machine hits all of them alike.
 */
export async function interleaved(commands: { key: string; command: string; args: string[] }[], cwd: string, runs: number, warmup = 2): Promise<Record<string, Repeated>> {
  const times: Record<string, number[]> = {};
  const codes: Record<string, Set<number | null>> = {};
  for (let i = 0; i < warmup + runs; i++) {
    for (const c of commands) {
      const r = await timeProcess(c.command, c.args, cwd);
      if (i < warmup) continue;
      (times[c.key] ??= []).push(r.ms);
      (codes[c.key] ??= new Set()).add(r.code);
    }
  }
  const out: Record<string, Repeated> = {};
  for (const c of commands) out[c.key] = { ...summarize(times[c.key]), codes: [...codes[c.key]] };
  return out;
}
