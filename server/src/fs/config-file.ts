/** Reading a `.bosun.yaml` from disk, for the CLI and the desktop language server alike. */
import { readTextBounded } from './read.js';

/** A `.bosun.yaml` is a few lines; a megabyte is already absurd. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * A config file's text; undefined when there is none; the reason when it exists but cannot be read
 * (a FIFO or `/dev/zero` in its place, too large: readBounded never blocks or reads without end).
 */
export function readConfigFile(path: string): string | undefined | { error: string } {
  const r = readTextBounded(path, MAX_CONFIG_BYTES);
  if (r.ok) return r.text;
  return r.missing ? undefined : { error: r.reason };
}
