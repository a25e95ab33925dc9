/** `.bosun.yaml` for the CLI: the nearest one from a file's directory up to the working directory. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { findRule } from '../../../rules/api.js';
import { type BosunConfig, type ConfigProblem, EMPTY_CONFIG, type FileOptions, findConfig, optionsFor, parseConfig } from '../../../rules/engine/config.js';
import { SourceText } from '../../../rules/engine/source.js';

export interface LoadedConfig {
  path: string | undefined;
  config: BosunConfig;
  problems: ConfigProblem[];
  text: string;
}

const toPosix = (p: string) => p.split(sep).join('/');

export class ConfigLoader {
  private readonly byPath = new Map<string, LoadedConfig>();

  constructor(private readonly root: string) {}

  /** The config that governs `file` (absolute path). */
  forFile(file: string): LoadedConfig {
    const dir = toPosix(dirname(file));
    const root = toPosix(this.root);
    const stop = dir === root || dir.startsWith(`${root}/`) ? root : dir;
    const path = findConfig(dir, stop, existsSync);
    if (!path) return { path: undefined, config: EMPTY_CONFIG, problems: [], text: '' };
    let loaded = this.byPath.get(path);
    if (!loaded) {
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        const message = `cannot read config: ${(e as Error).message}`;
        loaded = { path, config: EMPTY_CONFIG, problems: [{ message, span: { start: 0, end: 0 }, severity: 'error' }], text };
        this.byPath.set(path, loaded);
        return loaded;
      }
      const { config, problems } = parseConfig(text, (k) => findRule(k) !== undefined);
      loaded = { path, config, problems, text };
      this.byPath.set(path, loaded);
    }
    return loaded;
  }

  optionsFor(file: string): FileOptions & { config: LoadedConfig } {
    const loaded = this.forFile(file);
    const base = loaded.path ? dirname(loaded.path) : dirname(file);
    return { ...optionsFor(loaded.config, toPosix(relative(base, file))), config: loaded };
  }

  /** Every config read so far, for reporting its problems once. */
  all(): LoadedConfig[] {
    return [...this.byPath.values()];
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
