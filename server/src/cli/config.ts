/** `.bosun.yaml` for the CLI: the nearest one from a file's directory up to the working directory. */
import { sep } from 'node:path';
import { findRule } from '../../../rules/api.js';
import type { FileOptions } from '../../../rules/engine/config.js';
import { ConfigResolver, type LoadedConfig } from '../../../rules/engine/config-resolver.js';
import { SourceText } from '../../../rules/engine/source.js';
import { readTextBounded } from '../fs/read.js';

export type { LoadedConfig };

const toPosix = (p: string) => p.split(sep).join('/');

/**
 * A config file's text; undefined when there is none; the reason when it exists but cannot be read
 * (a FIFO or `/dev/zero` in its place, too large: readBounded never blocks or reads without end).
 */
export function readConfigFile(path: string): string | undefined | { error: string } {
  const r = readTextBounded(path, MAX_CONFIG_BYTES);
  if (r.ok) return r.text;
  return r.missing ? undefined : { error: r.reason };
}

/** A `.bosun.yaml` is a few lines; a megabyte is already absurd. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** The CLI's view of the shared resolver (rules/engine/config-resolver.ts): the root is the working directory. */
export class ConfigLoader {
  private readonly resolver = new ConfigResolver(readConfigFile, (k) => findRule(k) !== undefined);

  constructor(private readonly root: string) {}

  /** The config that governs `file` (absolute path). */
  forFile(file: string): LoadedConfig {
    return this.resolver.forFile(toPosix(file), toPosix(this.root));
  }

  optionsFor(file: string): FileOptions & { config: LoadedConfig } {
    return this.resolver.optionsFor(toPosix(file), toPosix(this.root));
  }

  /** Every config read so far, for reporting its problems once. */
  all(): LoadedConfig[] {
    return this.resolver.all();
  }
}

/** `path:line:col: severity: message` lines for a config's problems. */
export function describeProblems(loaded: LoadedConfig, display: string): string[] {
  const text = new SourceText(loaded.path ?? '', loaded.text);
  return loaded.problems.map((p) => {
    const pos = text.positionAt(p.span.start);
    return `${display}:${pos.line + 1}:${pos.character + 1}: ${p.severity}: ${p.message}`;
  });
}
