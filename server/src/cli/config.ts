/** `.bosun.yaml` for the CLI: the nearest one from a file's directory up to the working directory. */
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { findRule } from '../../../rules/api.js';
import type { FileOptions } from '../../../rules/engine/config.js';
import { ConfigResolver, type LoadedConfig } from '../../../rules/engine/config-resolver.js';
import { SourceText } from '../../../rules/engine/source.js';

export type { LoadedConfig };

const toPosix = (p: string) => p.split(sep).join('/');

/** A config file's text; undefined when there is none; the reason when it exists but cannot be read. */
export function readConfigFile(path: string): string | undefined | { error: string } {
  try {
    statSync(path);
  } catch {
    return undefined;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return { error: (e as Error).message };
  }
}

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
