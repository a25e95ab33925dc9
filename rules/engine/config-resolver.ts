/**
 * Which `.bosun.yaml` governs a file, and what it says for that file — the one implementation the
 * CLI and the language server share, so both give the same verdict. The search goes from the file's
 * folder up to a root (the CLI's working directory, the editor's workspace folder); a file outside
 * the root only sees a config in its own folder. Parsed configs and lookups are cached until
 * `invalidate`. Pure: the caller says how to read a config file.
 */
import { type BosunConfig, type ConfigProblem, EMPTY_CONFIG, type FileOptions, findConfig, optionsFor, parseConfig } from './config.js';
import type { LevelSetting } from './types.js';

export interface LoadedConfig {
  /** Absolute, `/`-separated; undefined when no config governs the file. */
  path: string | undefined;
  config: BosunConfig;
  problems: ConfigProblem[];
  text: string;
}

/** How to read a config file: its text, undefined when there is none, or why it cannot be read. */
export type ReadConfig = (path: string) => string | undefined | { error: string };

export const NO_CONFIG: LoadedConfig = { path: undefined, config: EMPTY_CONFIG, problems: [], text: '' };

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function inside(dir: string, root: string): boolean {
  const r = root.replace(/(?<!\/)\/+$/, '') || '/';
  return dir === r || dir.startsWith(r === '/' ? '/' : `${r}/`);
}

/** True when the path names a config file (`.bosun.yaml`, `.bosun.yml`). */
export function isConfigFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === '.bosun.yaml' || base === '.bosun.yml';
}

/**
 * A config the parser cannot get through (whatever it throws) gives the defaults and one problem
 * on the file: a hostile or broken config never stops linting, and never silences it either.
 */
function parseOrDefaults(text: string, knownRule: (codeOrName: string) => boolean): { config: BosunConfig; problems: ConfigProblem[] } {
  try {
    return parseConfig(text, knownRule);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return {
      config: EMPTY_CONFIG,
      problems: [{ message: `Bosun config cannot be used (${why}): the defaults apply.`, span: { start: 0, end: Math.min(text.length, 1) }, severity: 'error' }],
    };
  }
}

export class ConfigResolver {
  /** By path: the parsed config, or null when no such file exists. */
  private readonly loaded = new Map<string, LoadedConfig | null>();
  /** By `dir\0stop`: the nearest config path, or null. */
  private readonly nearest = new Map<string, string | null>();

  constructor(
    private readonly read: ReadConfig,
    private readonly knownRule: (codeOrName: string) => boolean,
  ) {}

  /** The config file at `path` (parsed once), or undefined when there is none. */
  load(path: string): LoadedConfig | undefined {
    let loaded = this.loaded.get(path);
    if (loaded === undefined) {
      const text = this.read(path);
      if (text === undefined) loaded = null;
      else if (typeof text !== 'string') {
        const message = `cannot read config: ${text.error}`;
        loaded = { path, config: EMPTY_CONFIG, problems: [{ message, span: { start: 0, end: 0 }, severity: 'error' }], text: '' };
      } else {
        loaded = { path, ...parseOrDefaults(text, this.knownRule), text };
      }
      this.loaded.set(path, loaded);
    }
    return loaded ?? undefined;
  }

  /** The config that governs `file` (absolute, `/`-separated) when searching up to `root`. */
  forFile(file: string, root: string | undefined): LoadedConfig {
    const dir = dirOf(file);
    const stop = root !== undefined && inside(dir, root) ? root.replace(/(?<!\/)\/+$/, '') || '/' : dir;
    const key = `${dir}\0${stop}`;
    let path = this.nearest.get(key);
    if (path === undefined) {
      path = findConfig(dir, stop, (p) => this.load(p) !== undefined) ?? null;
      this.nearest.set(key, path);
    }
    return (path !== null && this.load(path)) || NO_CONFIG;
  }

  /** Levels, rule options and whether the file is ignored; `editorLevels` (editor settings) win over the config. */
  optionsFor(file: string, root: string | undefined, editorLevels: Record<string, LevelSetting> = {}): FileOptions & { config: LoadedConfig } {
    const loaded = this.forFile(file, root);
    const base = loaded.path ? dirOf(loaded.path) : dirOf(file);
    const relative = base === '/' ? file.slice(1) : file.slice(base.length + 1);
    return { ...optionsFor(loaded.config, relative, editorLevels), config: loaded };
  }

  /** Forget a changed, created or deleted config file (or all of them); lookups are redone. */
  invalidate(path?: string): void {
    if (path === undefined) this.loaded.clear();
    else this.loaded.delete(path);
    this.nearest.clear();
  }

  /** Every config file read so far. */
  all(): LoadedConfig[] {
    return [...this.loaded.values()].filter((l): l is LoadedConfig => l !== null);
  }
}
