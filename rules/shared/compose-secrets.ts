/**
 * What the secret rules share (DC054 environment, DC055 URLs, DC056 tokens, DC057 build args): what
 * counts as a literal secret, the strings they scan, where a match is reported, and the fix edits
 * that move a value into a Compose secret. Values are read as the file commits them: with the
 * defaults it ships and without the project's `.env`, which is checked on its own (DC082).
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Edit, Report, Span } from '../engine/types.js';
import { isNonSecretValue, isSecretName, TOKEN_FORMATS, type TokenFormat, type TokenMatch } from '../knowledge/secrets.js';
import type { ComposeModel, EffectiveService } from '../languages/compose.js';
import { addMapKey, addTopLevelEntry, appendSeqItem, detectSeqIndent, valueTextSpan } from '../languages/compose-edit.js';
import { mapEntries, scalarString, topLevel } from '../languages/compose-file.js';
import { hasUnknown, interpolate, type Interpolated, NO_VARIABLES } from '../languages/compose-interpolate.js';
import { environmentItems, type KeyValueItem } from '../languages/compose-key-values.js';
import { type ServiceString, serviceStrings } from '../languages/compose-strings.js';
import { textMemo } from '../languages/text-memo.js';

/** A value as the file commits it: `${VAR:-default}` ships its default, `${VAR}` is not a literal. */
export function committed(text: string): Interpolated {
  return interpolate(text, NO_VARIABLES);
}

/** The literal value of a credential-shaped environment variable, or undefined when it is not one. */
export function literalEnvSecret(item: KeyValueItem): string | undefined {
  if (item.value === null || !isSecretName(item.key)) return undefined;
  const v = committed(item.value);
  if (v.unknown || isNonSecretValue(v.value)) return undefined;
  return v.value;
}

/** The value nodes of the environment variables DC054 reports (the other value rules skip them). */
export function envSecretNodes(svc: EffectiveService): Set<Node> {
  const out = new Set<Node>();
  for (const item of environmentItems(svc)) if (item.node && literalEnvSecret(item) !== undefined) out.add(item.node);
  return out;
}

const FORMATS: readonly TokenFormat[] = TOKEN_FORMATS.filter((f) => f.id !== 'url-credentials');
const globalCopies = new Map<RegExp, RegExp>();

/** DC055, DC056 and DC057 look at the same strings, and after an edit almost all of them again. */
const knownToken = textMemo((text) => findKnownToken(text));

/** `findKnownToken`, remembered across lints (the result is shared: do not change it). */
export function knownTokenIn(text: string): TokenMatch | undefined {
  return knownToken(text);
}

/** The earliest known token format in `text` (rules/knowledge/secrets.ts), leaving passwords in URLs to DC055. */
export function findKnownToken(text: string): TokenMatch | undefined {
  let best: TokenMatch | undefined;
  for (const f of FORMATS) {
    let g = globalCopies.get(f.re);
    if (!g) globalCopies.set(f.re, (g = new RegExp(f.re.source, `${f.re.flags.replace('g', '')}g`)));
    g.lastIndex = 0;
    for (let m = g.exec(text); m; m = g.exec(text)) {
      if (!f.check || f.check(m[0])) {
        if (!best || m.index < best.span.start) best = { kind: f.kind, id: f.id, span: { start: m.index, end: m.index + m[0].length } };
        break;
      }
      if (m[0].length === 0) g.lastIndex++;
    }
  }
  return best;
}

/**
 * Where a match inside a string is reported: the match itself when the string is written in the
 * service and its text maps 1:1 to the value; else the string (or its use site) as a whole.
 */
export function matchLocation(model: ComposeModel, s: ServiceString, textChanged: boolean, match: Span): Pick<Report, 'span' | 'related'> | undefined {
  if (!s.span) return undefined;
  if (s.editable && !textChanged) {
    const content = valueTextSpan(model.file, s.node);
    if (content) return { span: { start: content.start + match.start, end: content.start + match.end } };
  }
  const related = s.relatedAs('the value is written here');
  return related.length ? { span: s.span, related } : { span: s.span };
}

const scanned = new WeakMap<EffectiveService, ServiceString[]>();

/** Strings a service holds that the value rules look at: all but build args (DC057) and env secrets DC054 reports. */
export function scannedStrings(model: ComposeModel, svc: EffectiveService): ServiceString[] {
  let list = scanned.get(svc);
  if (!list) {
    const skip = envSecretNodes(svc);
    list = serviceStrings(model, svc).filter((s) => !(s.path[0] === 'build' && s.path[1] === 'args') && !skip.has(s.node));
    scanned.set(svc, list);
  }
  return list;
}

const URL_FORMAT = TOKEN_FORMATS.find((f) => f.id === 'url-credentials');
const URL_RE = URL_FORMAT ? new RegExp(URL_FORMAT.re.source, `${URL_FORMAT.re.flags.replace('g', '')}g`) : undefined;
/** `redis://:password@host`: a password with no user name, common for Redis. */
const NO_USER_RE = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/:[^\s/@'"]{1,256}@/g;

/**
 * The first `scheme://user:password@` in an interpolated text whose password is literal: a
 * password from an unknown `${VAR}` is not one, a `${VAR:-default}` password is (the default ships).
 */
export function findUrlCredentials(text: string): { span: Span; scheme: string } | undefined {
  // Every form needs `://`: most strings are ruled out without running the patterns.
  if (!URL_RE || !URL_FORMAT || !text.includes('://')) return undefined;
  let best: { span: Span; scheme: string } | undefined;
  for (const re of [URL_RE, NO_USER_RE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const found = m[0];
      const schemeEnd = found.indexOf('://');
      const password = found.slice(found.indexOf(':', schemeEnd + 3) + 1, -1);
      if (!hasUnknown(password) && (!URL_FORMAT.check || URL_FORMAT.check(found))) {
        if (!best || m.index < best.span.start) best = { span: { start: m.index, end: m.index + found.length }, scheme: found.slice(0, schemeEnd) };
        break;
      }
    }
  }
  return best;
}

/** Remembered across lints, as the token lookup (the result is shared: do not change it). */
export const urlCredentials = textMemo(findUrlCredentials);

/** Top-level `secrets:` mapping entries by name. */
function topLevelSecrets(model: ComposeModel): Set<string> {
  return new Set(mapEntries(model, topLevel(model, 'secrets')).keys());
}

/**
 * The edits that give the service the secret `id`: a `secrets:` item in the service (added or
 * appended) and a top-level entry backed by `source` (when none of that name exists yet).
 * Undefined when the service's `secrets` comes from an anchor or cannot be edited.
 */
export function grantSecretEdits(
  model: ComposeModel,
  holder: { keySpan: { start: number; end: number }; node: Node | null; map?: YAMLMap },
  id: string,
  source: [string, string],
): Edit[] | undefined {
  const { file } = model;
  const seqIndent = detectSeqIndent(file, model.doc?.contents, holder.node);
  const edits: Edit[] = [];
  const map = model.resolve(holder.node);
  const own = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === 'secrets') : undefined;
  if (own) {
    if (!isSeq(own.value) && !(isScalar(own.value) && own.value.value === null) && own.value !== null) return undefined;
    const listed =
      isSeq(own.value) &&
      (own.value as YAMLSeq).items.some((i) => scalarString(model, i) === id || (isMap(i) && scalarString(model, mapEntries(model, i).get('source')?.value) === id));
    if (!listed) {
      const e = appendSeqItem(file, own, id, { seqIndent });
      if (!e) return undefined;
      edits.push(e);
    }
  } else {
    // A `secrets` that only comes through a merge would be overridden: leave that to the user.
    if (isMap(map) && mapEntries(model, map).has('secrets')) return undefined;
    const e = addMapKey(file, holder, 'secrets', { seq: [id] }, { seqIndent });
    if (!e) return undefined;
    edits.push(e);
  }
  if (!topLevelSecrets(model).has(id)) {
    const e = addTopLevelEntry(file, model.doc?.contents, 'secrets', id, { map: [[source[0], { scalar: source[1] }]] }, { seqIndent });
    if (!e) return undefined;
    edits.push(e);
  }
  return edits;
}
