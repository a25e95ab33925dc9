/** A service's `env_file`s as Compose loads them, read through the files view (for rules about what they hold). */
import { isMap } from 'yaml';
import { interpolate } from './compose-interpolate.js';
import type { ComposeModel, EffectiveItem, EffectiveService } from './compose-model.js';
import { mapEntries, scalarString, scalarValue } from './compose-file.js';
import { type DotEnvEntry, parseDotEnv } from './dotenv.js';
import { joinPath } from './paths.js';

/** One `env_file` of a service, with the variables it defines. */
export interface EnvFileRef {
  /** As written (interpolated). */
  text: string;
  /** Absolute path. */
  path: string;
  /** `required: false` files may be missing. */
  required: boolean;
  item: EffectiveItem;
  /** Parsed entries; undefined when the file cannot be read. */
  entries: DotEnvEntry[] | undefined;
}

/** The env files of a service (merged across extends/override files); relative paths start at the project directory of their layer. */
export function envFiles(model: ComposeModel, svc: EffectiveService): EnvFileRef[] {
  const value = svc.get('env_file');
  if (!value) return [];
  const out: EnvFileRef[] = [];
  for (const item of value.items()) {
    const m = item.part.layer.model;
    const entries = isMap(item.node) ? mapEntries(m, item.node) : undefined;
    const raw = scalarString(m, entries ? entries.get('path')?.value : item.node);
    const r = raw === undefined ? undefined : interpolate(raw, item.env);
    if (!r || r.unknown || !r.value) continue;
    const required = entries ? scalarValue(m, entries.get('required')?.value) !== false : true;
    const path = joinPath(item.part.layer.dir, r.value);
    const text = model.files?.read(path);
    out.push({ text: r.value, path, required, item, entries: text === undefined ? undefined : parseDotEnv(text) });
  }
  return out;
}
