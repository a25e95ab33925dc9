/**
 * Baselines: adopt Bosun on a big repository and fail only on new findings. A baseline lists the
 * fingerprints of accepted findings (stable across line shifts; see fingerprint.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
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
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data?.version !== 1 || !Array.isArray(data.findings)) throw new BaselineError(`${path} is not a Bosun baseline (version 1)`);
  return new Set(data.findings.map((f) => f.fingerprint));
}

export function writeBaseline(path: string, files: readonly FileReport[]): number {
  const findings = files.flatMap((f) => {
    const prints = fingerprints(f.target.display, f.result, f.findings);
    return f.findings.map((x, i) => ({ path: f.target.display, code: x.code, fingerprint: prints[i] }));
  });
  const data: BaselineFile = { version: 1, tool: 'bosun', findings };
  writeFileSync(path, `${JSON.stringify(data, null, 2)}\n`);
  return findings.length;
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
