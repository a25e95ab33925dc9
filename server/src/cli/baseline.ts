/**
 * Baselines: adopt Bosun on a big repository and fail only on new findings. A baseline lists the
 * fingerprints of accepted findings (stable across line shifts; see fingerprint.ts).
 */
import { dirname } from 'node:path';
import { Containment } from '../fs/containment.js';
import { readBounded } from '../fs/read.js';
import { type WriteResult, writeContained } from '../fs/write.js';
import { fingerprints } from './fingerprint.js';
import type { FileReport } from './report.js';

export interface BaselineFile {
  version: 1;
  tool: 'bosun';
  findings: { path: string; code: string; fingerprint: string }[];
}

export class BaselineError extends Error {}

export function readBaseline(path: string): Set<string> {
  let data: BaselineFile;
  const read = readBounded(path);
  if (!read.ok) throw new BaselineError(`cannot read baseline ${path}: ${read.reason}`);
  try {
    data = JSON.parse(read.bytes.toString('utf8'));
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data?.version !== 1 || !Array.isArray(data.findings)) throw new BaselineError(`${path} is not a Bosun baseline (version 1)`);
  return new Set(data.findings.map((f) => f.fingerprint));
}

/** Writes the baseline (in its folder, through writeContained: never through a link that leads elsewhere). */
export function writeBaseline(path: string, files: readonly FileReport[]): (WriteResult & { ok: false }) | { ok: true; count: number } {
  const findings = files.flatMap((f) => {
    const prints = fingerprints(f.target.display, f.result, f.findings);
    return f.findings.map((x, i) => ({ path: f.target.display, code: x.code, fingerprint: prints[i] }));
  });
  const data: BaselineFile = { version: 1, tool: 'bosun', findings };
  const before = readBounded(path);
  if (!before.ok && !before.missing) return { ok: false, reason: before.reason };
  const written = writeContained(new Containment([dirname(path)]), path, Buffer.from(`${JSON.stringify(data, null, 2)}\n`), before.ok ? before.bytes : null);
  return written.ok ? { ok: true, count: findings.length } : written;
}

/** Drops baselined findings; returns how many were dropped. */
export function applyBaseline(files: FileReport[], accepted: Set<string>): number {
  let dropped = 0;
  for (const f of files) {
    const prints = fingerprints(f.target.display, f.result, f.findings);
    const kept = f.findings.filter((_, i) => !accepted.has(prints[i]));
    dropped += f.findings.length - kept.length;
    f.findings = kept;
  }
  return dropped;
}
