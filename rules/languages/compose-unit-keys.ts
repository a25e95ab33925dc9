/**
 * A Compose file's units for rules with `scope: 'unit'` (rules/engine/units.ts): the lines before
 * the first service, one unit per service, and what follows the `services:` mapping. After an edit
 * inside one service, unit-scoped rules check that service only; the others keep their findings.
 *
 * A service's findings may depend on more than its own lines: anchors (written before `services:`,
 * or in another service), top-level `volumes:`/`networks:`, and, through `extends`, duplicate
 * names, override and included files, on other services. So every key holds the text outside the
 * services, and the text of every service that may hold an anchor; and a file where a service can
 * read another one (`extends`, a name used twice, an override or included file) is one unit.
 *
 * The same keys let rules that must look at every service (DC027, DC043, DC082) remember, per
 * document, what they read from each service while its key is unchanged (serviceMemo).
 */
import type { Unit } from '../engine/units.js';
import type { ComposeModel, ComposeService } from './compose-model.js';
import { serviceBlocks } from './compose-reparse.js';

/** Models whose units are one per service (units[i + 1] is services[i]); absent: one unit for the file. */
const perService = new WeakSet<ComposeModel>();

/**
 * A short stand-in for a context text in every key: comparing keys then costs each service's own
 * text, not the whole context again. Ids are never reused; forgetting them only costs re-use.
 */
const contextIds = new Map<string, number>();
let nextContextId = 0;
function contextId(context: string): number {
  let id = contextIds.get(context);
  if (id === undefined) {
    if (contextIds.size >= 256) contextIds.clear();
    contextIds.set(context, (id = nextContextId++));
  }
  return id;
}

function wholeFile(model: ComposeModel): Unit[] {
  return [{ span: { start: 0, end: model.file.text.length }, key: model.file.text }];
}

function servicesReadEachOther(model: ComposeModel, text: string): boolean {
  if (text.includes('extends')) return true;
  const names = new Set<string>();
  for (const s of model.services) {
    if (names.has(s.name)) return true;
    names.add(s.name);
  }
  return model.mergeSet().models.length > 1 || model.includes().length > 0;
}

export function composeUnits(model: ComposeModel): Unit[] {
  const text = model.file.text;
  const blocks = model.isCompose ? serviceBlocks(model.doc, text) : undefined;
  if (!blocks || blocks.starts.length !== model.services.length || servicesReadEachOther(model, text)) return wholeFile(model);
  const { starts, end } = blocks;
  const bodies = starts.map((start, i) => text.slice(start, i + 1 < starts.length ? starts[i + 1] : end));
  // `&` may start an anchor (or be part of a value): such a service is context for every other one.
  const context = contextId([text.slice(0, starts[0]), text.slice(end), ...bodies.filter((b) => b.includes('&'))].join('\u0000'));
  const units: Unit[] = [{ span: { start: 0, end: starts[0] }, key: `prelude\u0000${context}` }];
  bodies.forEach((body, i) => {
    const key = `${context}\u0000${body}`;
    units.push({ span: { start: starts[i], end: starts[i] + body.length }, key });
    keys.set(model.services[i], key);
  });
  if (end < text.length) units.push({ span: { start: end, end: text.length }, key: `after\u0000${context}` });
  perService.add(model);
  return units;
}

/** Each service's unit key (what its findings depend on), while its file is cut into services. */
const keys = new WeakMap<ComposeService, string>();
/** Per document, across the versions its models were re-parsed from: see serviceMemo. */
const memos = new WeakMap<ComposeModel, Map<string, Map<string, unknown>>>();
const MEMO_LIMIT = 4096;

/** A later version of the document (re-parsed from `previous`, with the same other files) keeps its memo. */
export function carryMemo(previous: ComposeModel, next: ComposeModel): void {
  const memo = memos.get(previous);
  if (memo) memos.set(next, memo.size > MEMO_LIMIT ? new Map() : memo);
}

/**
 * `compute()` for a service, remembered across versions of the document while the service's unit
 * key (its text and everything around it that its findings depend on) stays the same: for rules
 * that look at every service on every edit. The value must not hold positions or nodes (they move
 * and change with the document): only what the service's text and context decide.
 */
export function serviceMemo<T>(model: ComposeModel, svc: ComposeService, name: string, compute: () => T): T {
  const key = keys.get(svc);
  // A model a rule sees may be a restricted view of the file's model (restrictCompose).
  const root = perService.has(model) ? model : (Object.getPrototypeOf(model) as ComposeModel);
  if (key === undefined || !perService.has(root)) return compute();
  let memo = memos.get(root);
  if (!memo) memos.set(root, (memo = new Map()));
  // By key first: the long key string is hashed once per version, not once per rule.
  let values = memo.get(key);
  if (!values) memo.set(key, (values = new Map()));
  if (values.has(name)) return values.get(name) as T;
  const value = compute();
  values.set(name, value);
  return value;
}

/** The model as a unit-scoped rule sees it when only the `dirty` units need checking: those services only. */
export function restrictCompose(model: ComposeModel, dirty: ReadonlySet<number>): ComposeModel {
  const services = perService.has(model) ? model.services.filter((_, i) => dirty.has(i + 1)) : dirty.size ? model.services : [];
  return Object.create(model, { services: { value: services, enumerable: true } }) as ComposeModel;
}
