/**
 * `environment` and `build.args` of a service as Compose runs it: the list (`KEY=value`) and map
 * (`KEY: value`) syntax, merged by name across the files of the project, each variable with where
 * it is written and where a finding about it goes. Values are as written (not interpolated).
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from '../engine/types.js';
import type { EnvLookup } from './compose-interpolate.js';
import type { EffectivePair, EffectivePart, EffectiveService, EffectiveValue, Placement } from './compose-model.js';
import { placeOf } from './compose-place.js';
import { valueTextSpan } from './compose-edit.js';

export interface KeyValueItem extends Placement {
  syntax: 'list' | 'map';
  key: string;
  /** The value as written (not interpolated); null when the variable comes from the shell (`KEY`, `KEY:`). */
  value: string | null;
  /** The key's text in its file (the whole list item when its text cannot be mapped exactly). */
  keySpan: Span;
  /** The value's text in the file, when it can be located exactly and edited (not for escapes or block scalars). */
  valueSpan?: Span;
  /** The item as written: a sequence item node, or a map pair. */
  item: Node | Pair;
  /** The value node (aliases followed); for the list syntax, the `KEY=value` item. */
  node: Node | null;
  /** The sequence or mapping the item is in (aliases followed). */
  container: YAMLMap | YAMLSeq | undefined;
  part: EffectivePart;
  env: EnvLookup;
}

function itemOf(pair: EffectivePair): KeyValueItem {
  const { model, part } = pair;
  const container = model.resolve(part.entry.value);
  const fields = {
    syntax: pair.syntax,
    key: pair.name,
    value: pair.value,
    keySpan: pair.keySpan,
    valueSpan: undefined as Span | undefined,
    item: pair.item,
    node: pair.node,
    container: isMap(container) || isSeq(container) ? container : undefined,
    part,
    env: pair.env,
  };
  if (pair.editable && pair.syntax === 'map') {
    const v = isPair(pair.item) ? (pair.item.value as Node | null) : null;
    if (isScalar(v) && v.value !== null) fields.valueSpan = valueTextSpan(model.file, v);
  }
  // `- KEY=value` written in the service: report at the variable's name, as for the map syntax.
  const content = pair.editable && pair.syntax === 'list' ? valueTextSpan(model.file, pair.node) : undefined;
  if (!content) return Object.assign(placeOf(pair), fields);
  const text = model.file.text.slice(content.start, content.end);
  const keyStart = content.start + text.indexOf(pair.name);
  const keySpan = { start: keyStart, end: keyStart + pair.name.length };
  const eq = text.indexOf('=');
  return Object.assign(placeOf(pair, { span: keySpan }), fields, { keySpan, valueSpan: eq >= 0 ? { start: content.start + eq + 1, end: content.end } : undefined });
}

/** The variables of an `environment`-shaped value, merged. */
export function keyValueItems(value: EffectiveValue | undefined): KeyValueItem[] {
  return value ? [...value.pairs().values()].map(itemOf) : [];
}

/** The service's `environment`, merged and normalised. (`env_file` is not read here.) */
export function environmentItems(svc: EffectiveService): KeyValueItem[] {
  return keyValueItems(svc.get('environment'));
}

/** The service's `build.args`, merged and normalised; empty for `build: ./dir`. */
export function buildArgItems(svc: EffectiveService): KeyValueItem[] {
  return keyValueItems(svc.at('build.args'));
}
