import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Edit, Fix, Report } from '../engine/types.js';
import { findTokenFormat, isDefaultCredential, isNonSecretValue, isSecretName } from '../knowledge/secrets.js';
import type { ComposeModel, ComposeService } from '../languages/compose.js';
import {
  addMapKey,
  addTopLevelEntry,
  appendSeqItem,
  detectSeqIndent,
  joinInsertions,
  removePair,
  removeSeqItem,
  replaceNode,
} from '../languages/compose-edit.js';
import { environmentItems, interpolate, interpolateWithEnv, type KeyValueItem, mapPair, scalarString } from '../languages/compose-ports.js';
import { normaliseImageRef, parseImageRef } from '../languages/image-ref.js';

/** The literal value of a credential-shaped environment variable, or undefined when it is not one. */
export function literalEnvSecret(item: KeyValueItem): string | undefined {
  if (item.value === null || !isSecretName(item.key)) return undefined;
  // `${VAR}` is set elsewhere; `${VAR:-default}` ships its default, so it counts as literal.
  const v = interpolate(item.value);
  if (v.unknown || isNonSecretValue(v.text)) return undefined;
  return v.text;
}

/**
 * A password a person picked to get started rather than a secret someone generated: a usual default
 * (`password`, `postgres`), the service's name or a user/database name next to it, or one plain
 * lower-case word (`paperless`, `sentry`). Whoever reaches the service tries these first.
 */
function defaultCredential(value: string, sameAs: () => ReadonlySet<string>): boolean {
  const v = value.trim().toLowerCase();
  return isDefaultCredential(value) || (v !== '' && sameAs().has(v)) || /^[a-z]{1,12}$/.test(value.trim());
}

/** The service's name and its other variables' values, as isDefaultCredential compares them (read once per service: a service with hundreds of secrets made the check quadratic). */
function namesAndValues(svc: ComposeService, items: readonly KeyValueItem[]): ReadonlySet<string> {
  const out = new Set<string>([svc.name.trim().toLowerCase()]);
  for (const i of items) if (i.value !== null && !isSecretName(i.key)) out.add(interpolate(i.value).text.trim().toLowerCase());
  return out;
}

/** The resolved value nodes of the environment items this rule reports (other value rules skip them). */
export function envSecretNodes(model: ComposeModel, svc: ComposeService): Set<Node> {
  const out = new Set<Node>();
  for (const item of environmentItems(model, svc)) {
    if (literalEnvSecret(item) === undefined) continue;
    const written = isPair(item.written) ? item.written.value : item.written;
    const node = model.resolve(written);
    if (node) out.add(node);
  }
  return out;
}

/**
 * Images whose entrypoint reads `<NAME>_FILE` (Grafana: `<NAME>__FILE`) instead of `<NAME>`: there the
 * fix keeps the variable working by pointing it at the mounted secret.
 */
const FILE_ENV_IMAGES: readonly { repo: RegExp; name: RegExp; suffix: string }[] = [
  { repo: /^library\/postgres$/, name: /^POSTGRES_(?:PASSWORD|USER|DB|INITDB_ARGS)$/, suffix: '_FILE' },
  { repo: /^library\/mysql$/, name: /^MYSQL_(?:ROOT_PASSWORD|PASSWORD|USER|DATABASE|ROOT_HOST)$/, suffix: '_FILE' },
  { repo: /^library\/mariadb$/, name: /^(?:MARIADB|MYSQL)_(?:ROOT_PASSWORD|ROOT_PASSWORD_HASH|PASSWORD|PASSWORD_HASH|USER|DATABASE|ROOT_HOST)$/, suffix: '_FILE' },
  { repo: /^library\/mongo$/, name: /^MONGO_INITDB_ROOT_(?:USERNAME|PASSWORD)$/, suffix: '_FILE' },
  { repo: /^library\/wordpress$/, name: /^WORDPRESS_\w+$/, suffix: '_FILE' },
  { repo: /^grafana\/grafana(?:-oss|-enterprise)?$/, name: /^GF_\w+$/, suffix: '__FILE' },
];

function fileSuffix(model: ComposeModel, svc: ComposeService, name: string): string | undefined {
  // A built image is not the one its name suggests.
  if (svc.get('build')) return undefined;
  const raw = scalarString(model, svc.get('image')?.value);
  const v = raw === undefined ? undefined : interpolateWithEnv(model, raw);
  const ref = v && !v.unknown ? parseImageRef(v.text.trim()) : undefined;
  if (!ref) return undefined;
  const repo = normaliseImageRef(ref).repository;
  return FILE_ENV_IMAGES.find((i) => i.repo.test(repo) && i.name.test(name))?.suffix;
}

/** A secret name from a variable name: `POSTGRES_PASSWORD` → `postgres_password`. */
export function secretId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
}

/**
 * What every fix of one lint looks up again — the top-level secrets, a service's listed secrets, its
 * environment items by name, services by name — found once per model: one by one, a service with
 * hundreds of secrets in its environment made its fixes quadratic.
 */
interface Lookups {
  topLevel?: Set<string>;
  listed: Map<YAMLSeq, Set<string>>;
  items: Map<ComposeService, Map<string, KeyValueItem[]>>;
  services?: Map<string, ComposeService>;
}
const lookups = new WeakMap<ComposeModel, Lookups>();
function lookupsOf(model: ComposeModel): Lookups {
  let l = lookups.get(model);
  if (!l) lookups.set(model, (l = { listed: new Map(), items: new Map() }));
  return l;
}

/** Top-level `secrets:` mapping entries by name. */
function topLevelSecrets(model: ComposeModel): Set<string> {
  const l = lookupsOf(model);
  if (l.topLevel) return l.topLevel;
  const root = model.resolve(model.doc?.contents);
  const secrets = isMap(root) ? model.resolve(mapPair(model, root, 'secrets')?.pair.value) : undefined;
  return (l.topLevel = new Set(isMap(secrets) ? secrets.items.map((p) => String((p.key as { value?: unknown })?.value)) : []));
}

/** The secret names a service's `secrets:` list grants (short items and long ones' `source`). */
function listedSecrets(model: ComposeModel, seq: YAMLSeq): Set<string> {
  const l = lookupsOf(model);
  let names = l.listed.get(seq);
  if (!names) {
    names = new Set();
    for (const i of seq.items) {
      const name = isMap(i) ? scalarString(model, mapPair(model, i, 'source')?.pair.value) : scalarString(model, i);
      if (name !== undefined) names.add(name);
    }
    l.listed.set(seq, names);
  }
  return names;
}

/** The service's environment items of that name, in order. */
function envItemsNamed(model: ComposeModel, svc: ComposeService, name: string): KeyValueItem[] {
  const l = lookupsOf(model);
  let byName = l.items.get(svc);
  if (!byName) {
    byName = new Map();
    for (const item of environmentItems(model, svc)) {
      const same = byName.get(item.key);
      if (same) same.push(item);
      else byName.set(item.key, [item]);
    }
    l.items.set(svc, byName);
  }
  return byName.get(name) ?? [];
}

/** The first service of that name among those the model checks. */
function serviceNamed(model: ComposeModel, name: string): ComposeService | undefined {
  const l = lookupsOf(model);
  if (!l.services) {
    l.services = new Map();
    for (const s of model.services) if (!l.services.has(s.name)) l.services.set(s.name, s);
  }
  return l.services.get(name);
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
    const listed = isSeq(own.value) && listedSecrets(model, own.value as YAMLSeq).has(id);
    if (!listed) {
      const e = appendSeqItem(file, own, id, { seqIndent });
      if (!e) return undefined;
      edits.push(e);
    }
  } else {
    // A `secrets` that only comes through a merge would be overridden: leave that to the user.
    if (isMap(map) && mapPair(model, map, 'secrets')) return undefined;
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

/** Removes an environment item; the whole key when it is the only one. */
function removeItemEdit(model: ComposeModel, svc: ComposeService, item: KeyValueItem): Edit | undefined {
  const entry = svc.get('environment');
  if (!entry || !svc.map) return undefined;
  const container = entry.value;
  if (item.syntax === 'map' && item.map) {
    return item.map.items.length === 1 ? removePair(model.file, svc.map, entry.pair) : removePair(model.file, item.map, item.written as Pair);
  }
  if (!isSeq(container)) return undefined;
  return container.items.length === 1 ? removePair(model.file, svc.map, entry.pair) : removeSeqItem(model.file, container, item.written);
}

/** Rewrites the item to `NAME_FILE: /run/secrets/id` (or the list form), keeping its quoting. */
function pointAtFileEdits(model: ComposeModel, item: KeyValueItem, fileName: string, path: string): Edit[] | undefined {
  if (item.syntax === 'map') {
    const pair = item.written as Pair;
    const key = replaceNode(pair.key as Node, fileName);
    const value = replaceNode(pair.value as Node, path);
    return key && value ? [key, value] : undefined;
  }
  const node = item.written as Node;
  if (!isScalar(node) || !node.range) return undefined;
  const q = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : node.type === 'PLAIN' ? '' : undefined;
  if (q === undefined) return undefined;
  return [{ start: node.range[0], end: node.range[1], text: `${q}${fileName}=${path}${q}` }];
}

function moveToSecretFix(model: ComposeModel, svc: ComposeService, item: KeyValueItem): Fix | undefined {
  const entry = svc.get('environment');
  // Only a variable written in the service itself: an anchor's environment is shared with other services.
  if (!item.editable || !entry || entry.inheritedFrom || !svc.map) return undefined;
  const id = secretId(item.key);
  const path = `/run/secrets/${id}`;
  const file = `./secrets/${id}.txt`;
  const grant = grantSecretEdits(model, svc, id, ['file', file]);
  if (!grant) return undefined;
  const suffix = fileSuffix(model, svc, item.key);
  const fileName = suffix && `${item.key}${suffix}`;
  const taken = fileName && envItemsNamed(model, svc, fileName).length > 0;
  const change = fileName && !taken ? pointAtFileEdits(model, item, fileName, path) : [removeItemEdit(model, svc, item)].filter((e): e is Edit => !!e);
  if (!change || change.length === 0) return undefined;
  const title = fileName && !taken
    ? `Move ${item.key} to secret ${id} and set ${fileName} (put the value in ${file})`
    : `Move ${item.key} to secret ${id} at ${path} (put the value in ${file}; the app must read the file)`;
  return { title, safe: false, edits: joinInsertions([...change, ...grant]) };
}

interface FixData {
  service: string;
  key: string;
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC054',
    name: 'no-secret-in-environment',
    language: 'compose',
    scope: 'unit',
    title: 'Secret written in environment',
    why:
      'A password or key written in `environment` is committed with the Compose file and visible to anyone who can ' +
      'run `docker inspect` or read /proc in the container; a `${VAR:-default}` default ships the same way.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'secrets', 'CIS-4.10', 'CWE-798', 'CWE-256'],
    catalog: ['DC-SEC-001'],
    others: {
      kics: ['Passwords And Secrets'],
      composeLint: ['CL-0020'],
    },
    messages: {
      literal:
        'Service {{service}} sets {{name}} to a literal value: it is committed with this file and shown by `docker inspect`. ' +
        'Use a `secrets:` entry backed by an uncommitted file, or `${{{name}}}` from an uncommitted .env.',
      literalDefault:
        'Service {{service}} gives {{name}} a literal default: the default is committed with this file and used whenever ' +
        'the variable is unset. Drop the default (`${VAR:?set it}`), or use a `secrets:` entry.',
      defaultCredential:
        'Service {{service}} sets {{name}} to `{{value}}`, a default anyone would try first: whoever can reach the service can use it. ' +
        'Set it from an uncommitted .env (`${{{name}}:?set it}`) or a `secrets:` entry.',
      token:
        'Service {{service}} sets {{name}} to a literal {{kind}}: it is readable by anyone with this file or its history. ' +
        'Revoke it, then use a `secrets:` entry backed by an uncommitted file.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const items = environmentItems(model, svc);
      let sameAs: ReadonlySet<string> | undefined;
      for (const item of items) {
        const value = literalEnvSecret(item);
        if (value === undefined) continue;
        const token = findTokenFormat(value);
        const weak = !token && defaultCredential(value, () => (sameAs ??= namesAndValues(svc, items)));
        const messageId = token && token.id !== 'url-credentials' ? 'token' : weak ? 'defaultCredential' : item.value !== value && item.value?.includes('$') ? 'literalDefault' : 'literal';
        const report: Report = {
          messageId,
          span: item.span,
          data: { service: svc.name, name: item.key, kind: token?.kind ?? '', value: weak ? value : '' },
          fixData: { service: svc.name, key: item.key } satisfies FixData,
          // A guessable default is a weakness of the deployment, not a secret given away.
          ...(weak ? { level: 'warning' as const } : {}),
        };
        if (item.inheritedFrom) report.related = [{ span: item.inheritedFrom, message: `${item.key} is set here` }];
        yield report;
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData as FixData | undefined;
    const svc = data && serviceNamed(model, data.service);
    const item = svc && envItemsNamed(model, svc, data.key).find((i) => literalEnvSecret(i) !== undefined);
    const fix = svc && item && moveToSecretFix(model, svc, item);
    return fix ? [fix] : [];
  },
});
