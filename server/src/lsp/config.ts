/**
 * `.bosun.yaml` in the editor: the same resolver as the CLI (rules/engine/config-resolver.ts), with
 * the workspace folder as the root of the search and an open config buffer read instead of the file
 * on disk. Editor settings (`bosun.rules`) are applied on top. A broken config never stops linting:
 * what is valid is used, the rest falls back to defaults, and its problems become diagnostics on the
 * config file itself.
 */
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { ConfigResolver, type FileOptions, findRule, type LintOptions, type LoadedConfig, type ReadConfig, SourceText } from '../../../rules/api.js';
import { SOURCE } from './convert.js';
import type { Settings } from './settings.js';

export { isConfigFile } from '../../../rules/api.js';

/** What a file is linted with, and a key that changes whenever that does (the lint cache compares it). */
export interface EditorLintOptions {
  ignored: boolean;
  options: Pick<LintOptions, 'levels' | 'ruleOptions'>;
  key: string;
}

export class EditorConfig {
  private readonly resolver: ConfigResolver;
  /** Workspace folder paths, deepest first. */
  private roots: string[] = [];

  /**
   * `openText`: the text of an open document at a path (unsaved edits of `.bosun.yaml` count);
   * `readConfig`: the file otherwise (the disk, or the client: see file-access.ts).
   */
  constructor(openText: (path: string) => string | undefined, readConfig: ReadConfig) {
    this.resolver = new ConfigResolver(
      (p) => openText(p) ?? readConfig(p),
      (k) => findRule(k) !== undefined,
    );
  }

  setRoots(paths: readonly string[]): void {
    this.roots = [...paths].sort((a, b) => b.length - a.length);
    this.resolver.invalidate();
  }

  /** The deepest workspace folder holding `path`; undefined outside every folder. */
  rootOf(path: string): string | undefined {
    return this.roots.find((r) => path === r || path.startsWith(r.endsWith('/') ? r : `${r}/`));
  }

  optionsFor(path: string, editorLevels: Settings['rules'] = {}): FileOptions & { config: LoadedConfig } {
    return this.resolver.optionsFor(path, this.rootOf(path), editorLevels);
  }

  /** Lint options for a file (undefined path: an untitled buffer, which no config governs). */
  lintOptions(path: string | undefined, settings: Settings): EditorLintOptions {
    if (path === undefined) {
      return { ignored: false, options: { levels: settings.rules }, key: JSON.stringify([settings.rules]) };
    }
    const o = this.optionsFor(path, settings.rules);
    return { ignored: o.ignored, options: { levels: o.levels, ruleOptions: o.ruleOptions }, key: JSON.stringify([o.levels, o.ruleOptions]) };
  }

  /** The `imageFacts` settings of the `.bosun.yaml` at a workspace folder's root (where its lock file is). */
  rootImageFacts(root: string): { lockFile?: string; maxAgeDays?: number } | undefined {
    const base = root.replace(/\/+$/, '');
    return (this.resolver.load(`${base}/.bosun.yaml`) ?? this.resolver.load(`${base}/.bosun.yml`))?.config.imageFacts;
  }

  /** A config file changed, appeared or went away (on disk or in its buffer); undefined: all of them. */
  invalidate(path?: string): void {
    this.resolver.invalidate(path);
  }

  /** The config file's problems as diagnostics on it; undefined when there is no such file. */
  diagnostics(path: string): Diagnostic[] | undefined {
    const loaded = this.resolver.load(path);
    if (!loaded) return undefined;
    const text = new SourceText(path, loaded.text);
    return loaded.problems.map((p) => ({
      range: text.rangeOf(p.span),
      severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: SOURCE,
      message: p.message,
    }));
  }
}
