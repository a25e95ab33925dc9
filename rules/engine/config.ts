/**
 * `.bosun.yaml`: one configuration for the editor and the CLI. Parsing never throws: every problem
 * becomes a located message for the config file, and whatever is valid is still used.
 *
 *   rules:                       # level by code or name, or {level, options}
 *     DF001: error
 *     no-privileged: off
 *     DF050: { level: warning, options: { allowedRegistries: [docker.io, ghcr.io] } }
 *   ignore: [vendor/**]          # paths not checked, relative to this file
 *   registries: { trusted: [docker.io, ghcr.io] }
 *   failLevel: warning           # CLI exit threshold
 *   overrides:                   # later entries win
 *     - files: ["docker-compose.dev.yml", "*.dev.yaml"]
 *       rules: { DC003: off }
 *   imageFacts:                  # base-image facts (bosun --image-facts refresh)
 *     lockFile: .bosun/images.lock.json   # relative to this file, inside the workspace
 *     maxAgeDays: 30             # older entries are reported as stale
 */
import { isMap, isScalar, isSeq, type Node, parseDocument, type YAMLMap } from 'yaml';
import { matchesAny } from './glob.js';
import type { LevelSetting, Span } from './types.js';

export const CONFIG_FILE_NAMES = ['.bosun.yaml', '.bosun.yml'];
export type FailLevel = 'error' | 'warning' | 'info' | 'hint' | 'none';

export interface RuleSetting {
  level?: LevelSetting;
  options?: Record<string, unknown>;
}

export interface BosunConfig {
  rules: Record<string, RuleSetting>;
  ignore: string[];
  trustedRegistries: string[];
  failLevel?: FailLevel;
  overrides: { files: string[]; rules: Record<string, RuleSetting> }[];
  imageFacts?: { lockFile?: string; maxAgeDays?: number };
}

export interface ConfigProblem {
  message: string;
  span: Span;
  severity: 'error' | 'warning';
}

export const EMPTY_CONFIG: BosunConfig = { rules: {}, ignore: [], trustedRegistries: [], overrides: [] };

const LEVELS = new Set(['off', 'hint', 'info', 'warning', 'error']);
const FAIL_LEVELS = new Set(['error', 'warning', 'info', 'hint', 'none']);
const TOP_KEYS = new Set(['rules', 'ignore', 'registries', 'failLevel', 'overrides', 'imageFacts']);

function spanOf(node: unknown, fallback: Span): Span {
  const r = (node as Node | undefined)?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** Parses config text. `knownRule` tells whether a code or name exists (unknown ones are reported). */
export function parseConfig(text: string, knownRule: (codeOrName: string) => boolean): { config: BosunConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: BosunConfig = { rules: {}, ignore: [], trustedRegistries: [], overrides: [] };
  const whole = { start: 0, end: Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')) };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) {
    problems.push({ message: `Bosun config: ${e.message.split('\n')[0]}`, span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) }, severity: 'error' });
  }
  const root = doc.contents;
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) return { config, problems };
  if (!isMap(root)) {
    problems.push({ message: 'Bosun config must be a mapping (rules, ignore, registries, failLevel, overrides).', span: spanOf(root, whole), severity: 'error' });
    return { config, problems };
  }
  const problem = (node: unknown, message: string, severity: 'error' | 'warning' = 'error') => problems.push({ message, span: spanOf(node, whole), severity });

  const strings = (node: unknown, what: string): string[] => {
    if (!isSeq(node)) {
      if (node !== null && node !== undefined) problem(node, `${what} must be a list of strings.`);
      return [];
    }
    const out: string[] = [];
    for (const item of node.items) {
      if (isScalar(item) && typeof item.value === 'string') out.push(item.value);
      else problem(item, `${what} must contain only strings.`);
    }
    return out;
  };

  const ruleSettings = (node: unknown): Record<string, RuleSetting> => {
    const out: Record<string, RuleSetting> = {};
    if (!isMap(node)) {
      if (node !== null && node !== undefined) problem(node, 'rules must map rule codes or names to a level or {level, options}.');
      return out;
    }
    for (const pair of (node as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (!key) continue;
      if (!knownRule(key)) {
        problem(pair.key, `Unknown rule '${key}': use a code like DF001 or a name like no-root-user.`, 'warning');
        continue;
      }
      const v = pair.value;
      if (isScalar(v) && typeof v.value === 'string' && LEVELS.has(v.value)) {
        out[key] = { level: v.value as LevelSetting };
      } else if (isMap(v)) {
        const setting: RuleSetting = {};
        for (const p of v.items) {
          const k = isScalar(p.key) ? String(p.key.value) : '';
          if (k === 'level') {
            if (isScalar(p.value) && LEVELS.has(String(p.value.value))) setting.level = String(p.value.value) as LevelSetting;
            else problem(p.value, `Level must be one of off, hint, info, warning, error.`);
          } else if (k === 'options') {
            if (isMap(p.value)) {
              // Aliases that expand past the limit throw: the options are left out, the rest still applies.
              try {
                setting.options = p.value.toJS(doc, { maxAliasCount: 50 }) as Record<string, unknown>;
              } catch (e) {
                problem(p.value, `options of ${key} cannot be used: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
              }
            } else problem(p.value, 'options must be a mapping.');
          } else {
            problem(p.key, `Unknown rule setting '${k}' (use level or options).`, 'warning');
          }
        }
        out[key] = setting;
      } else {
        problem(v ?? pair.key, `Level of ${key} must be one of off, hint, info, warning, error.`);
      }
    }
    return out;
  };

  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value;
    switch (key) {
      case 'rules':
        config.rules = ruleSettings(value);
        break;
      case 'ignore':
        config.ignore = strings(value, 'ignore');
        break;
      case 'registries':
        if (isMap(value)) {
          for (const p of value.items) {
            const k = isScalar(p.key) ? String(p.key.value) : '';
            if (k === 'trusted') config.trustedRegistries = strings(p.value, 'registries.trusted');
            else problem(p.key, `Unknown registries setting '${k}' (use trusted).`, 'warning');
          }
        } else if (value !== null) problem(value, 'registries must be a mapping with a trusted list.');
        break;
      case 'failLevel':
        if (isScalar(value) && FAIL_LEVELS.has(String(value.value))) config.failLevel = String(value.value) as FailLevel;
        else problem(value ?? pair.key, 'failLevel must be one of error, warning, info, hint, none.');
        break;
      case 'overrides':
        if (!isSeq(value)) {
          if (value !== null) problem(value, 'overrides must be a list of {files, rules}.');
          break;
        }
        for (const item of value.items) {
          if (!isMap(item)) {
            problem(item, 'Each override needs files and rules.');
            continue;
          }
          const files = strings(item.get('files', true), 'overrides.files');
          if (!files.length) problem(item, 'An override needs a non-empty files list.');
          config.overrides.push({ files, rules: ruleSettings(item.get('rules', true)) });
        }
        break;
      case 'imageFacts':
        config.imageFacts = imageFactsSettings(value, problem);
        break;
      default:
        if (!TOP_KEYS.has(key)) problem(pair.key, `Unknown setting '${key}' (known: ${[...TOP_KEYS].join(', ')}).`, 'warning');
    }
  }
  return { config, problems };
}

/** `imageFacts: { lockFile, maxAgeDays }`: a relative path that stays inside the config's folder, a positive number of days. */
function imageFactsSettings(value: unknown, problem: (node: unknown, message: string, severity?: 'error' | 'warning') => void): BosunConfig['imageFacts'] {
  const out: NonNullable<BosunConfig['imageFacts']> = {};
  if (!isMap(value)) {
    if (value !== null) problem(value, 'imageFacts must be a mapping with lockFile and maxAgeDays.');
    return out;
  }
  for (const p of value.items) {
    const k = isScalar(p.key) ? String(p.key.value) : '';
    const v = p.value;
    if (k === 'lockFile') {
      const path = isScalar(v) && typeof v.value === 'string' ? v.value.trim() : '';
      if (!path || path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split(/[\\/]/).includes('..') || /[\u0000-\u001f]/.test(path)) {
        problem(v ?? p.key, 'imageFacts.lockFile must be a relative path inside this folder (no .. and not absolute).');
      } else out.lockFile = path;
    } else if (k === 'maxAgeDays') {
      if (isScalar(v) && typeof v.value === 'number' && v.value > 0 && Number.isFinite(v.value)) out.maxAgeDays = v.value;
      else problem(v ?? p.key, 'imageFacts.maxAgeDays must be a positive number of days.');
    } else {
      problem(p.key, `Unknown imageFacts setting '${k}' (use lockFile or maxAgeDays).`, 'warning');
    }
  }
  return out;
}

export interface FileOptions {
  ignored: boolean;
  levels: Record<string, LevelSetting>;
  ruleOptions: Record<string, Record<string, unknown>>;
}

/**
 * What the config says for one file. `relativePath` is the file's path relative to the config's
 * directory (`/`-separated). Overrides apply in order; later ones win.
 */
export function optionsFor(config: BosunConfig, relativePath: string, editorLevels: Record<string, LevelSetting> = {}): FileOptions {
  const levels: Record<string, LevelSetting> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  const apply = (rules: Record<string, RuleSetting>) => {
    for (const [key, s] of Object.entries(rules)) {
      if (s.level) levels[key] = s.level;
      if (s.options) ruleOptions[key] = { ...ruleOptions[key], ...s.options };
    }
  };
  // `registries.trusted` is the allow-list of DF050 no-untrusted-registry (its own options still win).
  if (config.trustedRegistries.length) ruleOptions['no-untrusted-registry'] = { allowedRegistries: config.trustedRegistries };
  apply(config.rules);
  for (const o of config.overrides) if (matchesAny(relativePath, o.files)) apply(o.rules);
  Object.assign(levels, editorLevels);
  return { ignored: matchesAny(relativePath, config.ignore), levels, ruleOptions };
}

/** The nearest config file from `dir` up to `root` (inclusive), using `exists` to look. */
export function findConfig(dir: string, root: string, exists: (path: string) => boolean): string | undefined {
  let d = dir.replace(/(?<!\/)\/+$/, '') || '/';
  const stop = root.replace(/(?<!\/)\/+$/, '') || '/';
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = d === '/' ? `/${name}` : `${d}/${name}`;
      if (exists(p)) return p;
    }
    if (d === stop || d === '/' || !d.startsWith(stop)) return undefined;
    d = d.slice(0, d.lastIndexOf('/')) || '/';
  }
}
