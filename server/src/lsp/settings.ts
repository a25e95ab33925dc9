/** Per-resource settings (`bosun.*`), pulled from the client and cached until they change. */
import type { Connection } from 'vscode-languageserver';
import type { LintOptions } from '../../../rules/api.js';

export interface Settings {
  enable: boolean;
  rules: NonNullable<LintOptions['levels']>;
  /** `onType`: lint on every change; `onSave`: lint when a document is opened and saved. */
  run: 'onType' | 'onSave';
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {}, run: 'onType' };

const LEVELS = new Set(['off', 'hint', 'info', 'warning', 'error']);

/** Keeps only well-formed values: a typo in settings.json must not break linting. */
export function sanitise(raw: unknown): Settings {
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Settings['rules'] = {};
  if (obj.rules && typeof obj.rules === 'object') {
    for (const [k, v] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (typeof v === 'string' && LEVELS.has(v)) rules[k] = v as Settings['rules'][string];
    }
  }
  return { enable: obj.enable !== false, rules, run: obj.run === 'onSave' ? 'onSave' : 'onType' };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  supported = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<Settings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SETTINGS);
    let s = this.cache.get(uri);
    if (!s) {
      s = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'bosun' }).then(sanitise, () => DEFAULT_SETTINGS);
      this.cache.set(uri, s);
    }
    return s;
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}
