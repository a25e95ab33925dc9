/** Reads one target (a file, or stdin) as text: fs/read-target.ts. */
import { MAX_READ_BYTES, readStdinBounded } from '../fs/read.js';
import { type TargetRead, decodeTarget, readTargetFile } from '../fs/read-target.js';
import { STDIN, type Target } from './discover.js';

export const MAX_FILE_BYTES = MAX_READ_BYTES;

export type ReadResult = TargetRead;

export function readTarget(target: Target): ReadResult {
  return target.abs === STDIN ? decodeTarget(readStdinBounded()) : readTargetFile(target.abs);
}
