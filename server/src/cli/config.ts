/** `.bosun.yaml` for the CLI: the nearest one from a file's directory up to the working directory. */
import { sep } from 'node:path';
import { ConfigResolver, type FileOptions, findRule, type LoadedConfig, SourceText } from '../../../rules/api.js';
import { readConfigFile } from '../fs/config-file.js';

export type { LoadedConfig };

const toPosix = (p: string) => p.split(sep).join('/');

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
