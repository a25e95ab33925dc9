/**
 * Reading scalars of the effective model the way Compose reads them: the text as written (a plain
 * `0800` stays `0800`), interpolated by the one policy of compose-interpolate.ts with the variables
 * of the layer the value comes from. A value that cannot be known comes back undefined: rules stay
 * silent rather than guess.
 */
import { isScalar } from 'yaml';
import { type EnvLookup, type Interpolated, interpolate } from './compose-interpolate.js';
import type { ComposeModel, EffectiveItem, EffectiveValue } from './compose-model.js';
import { scalarString } from './compose-file.js';

/** Booleans as Compose reads them after interpolation (`y`, `yes`, `true`, `on`, any case). */
const TRUE_WORDS = /^(?:y|yes|true|on)$/i;
const FALSE_WORDS = /^(?:n|no|false|off)$/i;

/** A scalar node of `model`'s file, interpolated; undefined for collections and null. */
export function textOf(model: ComposeModel, node: unknown, env: EnvLookup): Interpolated | undefined {
  const raw = scalarString(model, node);
  return raw === undefined ? undefined : interpolate(raw, env);
}

/** The known text of a scalar node; undefined when it is not a scalar or depends on an unknown variable. */
export function knownText(model: ComposeModel, node: unknown, env: EnvLookup): string | undefined {
  const r = textOf(model, node, env);
  return r && !r.unknown ? r.value : undefined;
}

/** A boolean as Compose reads it; undefined when missing, unknown or not a boolean. */
export function boolOf(model: ComposeModel, node: unknown, env: EnvLookup): boolean | undefined {
  const n = model.resolve(node);
  if (isScalar(n) && typeof n.value === 'boolean') return n.value;
  const text = knownText(model, n, env)?.trim();
  if (text === undefined) return undefined;
  if (TRUE_WORDS.test(text)) return true;
  if (FALSE_WORDS.test(text)) return false;
  return undefined;
}

/** The known text of an effective value (its deciding part). */
export function valueText(v: EffectiveValue | undefined): string | undefined {
  return v ? knownText(v.last.layer.model, v.last.entry.value, v.env) : undefined;
}

/** The boolean an effective value says, if known. */
export function valueBool(v: EffectiveValue | undefined): boolean | undefined {
  return v ? boolOf(v.last.layer.model, v.last.entry.value, v.env) : undefined;
}

/** The known text of a sequence item. */
export function itemText(item: EffectiveItem): string | undefined {
  return knownText(item.model, item.node, item.env);
}

/** An item interpolated (unknown parts marked). */
export function itemInterpolated(item: EffectiveItem): Interpolated | undefined {
  return textOf(item.model, item.node, item.env);
}
