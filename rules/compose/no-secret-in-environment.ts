import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix } from '../engine/types.js';
import { secretId } from '../knowledge/secret-id.js';
import { comparableValues, findTokenFormat, isDefaultCredential, isSecretName } from '../knowledge/secrets.js';
import type { ComposeModel, ComposeService, EffectiveService } from '../languages/compose.js';
import { joinInsertions, removePair, removeSeqItem, replaceNode } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { environmentItems, type KeyValueItem } from '../languages/compose-key-values.js';
import { valueText } from '../languages/compose-values.js';
import { normaliseImageRef, parseImageRef } from '../languages/image-ref.js';
import { committed, grantSecretEdits, literalEnvSecret } from '../shared/compose-secrets.js';

/**
 * A password a person picked to get started rather than a secret someone generated: a usual default
 * (`password`, `postgres`), the service's name or a user/database name next to it, or one plain
 * lower-case word (`paperless`, `sentry`). Whoever reaches the service tries these first.
 */
function defaultCredential(svc: EffectiveService, value: string): boolean {
  let names = plainValues.get(svc);
  if (!names) {
    const others = environmentItems(svc).filter((i) => i.value !== null && !isSecretName(i.key));
    plainValues.set(svc, (names = comparableValues([svc.name, ...others.map((i) => committed(i.value!).value)])));
  }
  return isDefaultCredential(value, names) || /^[a-z]{1,12}$/.test(value.trim());
}
/** The service's name and its environment values that are not secrets, once per service. */
const plainValues = new WeakMap<EffectiveService, ReadonlySet<string>>();

/**
 * The service's environment items of that name, in order: indexed once per service, since the fixes
 * of one lint look items up by name (one search per fix made a service with hundreds of secrets in
 * its environment quadratic).
 */
const itemsByName = new WeakMap<EffectiveService, Map<string, KeyValueItem[]>>();
function envItemsNamed(svc: EffectiveService, name: string): KeyValueItem[] {
  let byName = itemsByName.get(svc);
  if (!byName) {
    byName = new Map();
    for (const item of environmentItems(svc)) {
      const same = byName.get(item.key);
      if (same) same.push(item);
      else byName.set(item.key, [item]);
    }
    itemsByName.set(svc, byName);
  }
  return byName.get(name) ?? [];
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

function fileSuffix(svc: EffectiveService, name: string): string | undefined {
  // A built image is not the one its name suggests.
  if (svc.get('build')) return undefined;
  const text = valueText(svc.get('image'));
  const ref = text === undefined ? undefined : parseImageRef(text.trim());
  if (!ref) return undefined;
  const repo = normaliseImageRef(ref).repository;
  return FILE_ENV_IMAGES.find((i) => i.repo.test(repo) && i.name.test(name))?.suffix;
}

/** Removes an environment item; the whole key when it is the only one. */
function removeItemEdit(model: ComposeModel, own: ComposeService, item: KeyValueItem): Edit | undefined {
  const container = item.container;
  if (!own.map) return undefined;
  if (item.syntax === 'map' && isMap(container)) {
    return container.items.length === 1 ? removePair(model.file, own.map, item.part.entry.pair) : removePair(model.file, container, item.item as Pair);
  }
  if (!isSeq(container)) return undefined;
  return container.items.length === 1 ? removePair(model.file, own.map, item.part.entry.pair) : removeSeqItem(model.file, container, item.item);
}

/** Rewrites the item to `NAME_FILE: /run/secrets/id` (or the list form), keeping its quoting. */
function pointAtFileEdits(_model: ComposeModel, item: KeyValueItem, fileName: string, path: string): Edit[] | undefined {
  if (item.syntax === 'map') {
    const pair = item.item as Pair;
    const key = replaceNode(pair.key as Node, fileName);
    const value = replaceNode(pair.value as Node, path);
    return key && value ? [key, value] : undefined;
  }
  const node = item.item as Node;
  if (!isScalar(node) || !node.range) return undefined;
  const q = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : node.type === 'PLAIN' ? '' : undefined;
  if (q === undefined) return undefined;
  return [{ start: node.range[0], end: node.range[1], text: `${q}${fileName}=${path}${q}` }];
}

function moveToSecretFix(model: ComposeModel, svc: EffectiveService, item: KeyValueItem): Fix | undefined {
  const own = svc.own;
  // Only a variable written in the service itself: an anchor's environment is shared with other services.
  if (!item.editable || !own?.map || item.part.entry.inheritedFrom || !own.map.items.includes(item.part.entry.pair)) return undefined;
  const id = secretId(item.key);
  const path = `/run/secrets/${id}`;
  const file = `./secrets/${id}.txt`;
  const grant = grantSecretEdits(model, own, id, ['file', file]);
  if (!grant) return undefined;
  const suffix = fileSuffix(svc, item.key);
  const fileName = suffix && `${item.key}${suffix}`;
  const taken = fileName && envItemsNamed(svc, fileName).length > 0;
  const change = fileName && !taken ? pointAtFileEdits(model, item, fileName, path) : [removeItemEdit(model, own, item)].filter((e): e is Edit => !!e);
  if (!change || change.length === 0) return undefined;
  const title =
    fileName && !taken
      ? `Move ${item.key} to secret ${id} and set ${fileName} (put the value in ${file})`
      : `Move ${item.key} to secret ${id} at ${path} (put the value in ${file}; the app must read the file)`;
  return { title, safe: false, edits: joinInsertions([...change, ...grant]) };
}

interface FixData {
  service: string;
  key: string;
}

export default defineRule({
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
    others: {
      kics: ['Passwords And Secrets'],
      composeLint: ['CL-0020'],
    },
    messages: {
      literal: message(
        'Service {{service}} sets {{name}} to a literal value: it is committed with this file and shown by `docker inspect`. ',
        'Use a `secrets:` entry backed by an uncommitted file, or `${{{name}}}` from an uncommitted .env.',
      ),
      literalDefault: message(
        'Service {{service}} gives {{name}} a literal default: the default is committed with this file and used whenever ',
        'the variable is unset. Drop the default (`${VAR:?set it}`), or use a `secrets:` entry.',
      ),
      defaultCredential: message(
        'Service {{service}} sets {{name}} to `{{value}}`, a default anyone would try first: whoever can reach the service can use it. ',
        'Set it from an uncommitted .env (`${{{name}}:?set it}`) or a `secrets:` entry.',
      ),
      token: message(
        'Service {{service}} sets {{name}} to a literal {{kind}}: it is readable by anyone with this file or its history. ',
        'Revoke it, then use a `secrets:` entry backed by an uncommitted file.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const item of environmentItems(svc)) {
        const value = literalEnvSecret(item);
        if (value === undefined || !item.span) continue;
        const token = findTokenFormat(value);
        const weak = !token && defaultCredential(svc, value);
        const messageId =
          token && token.id !== 'url-credentials' ? 'token' : weak ? 'defaultCredential' : item.value !== value && item.value?.includes('$') ? 'literalDefault' : 'literal';
        const related = item.relatedAs(`${item.key} is set here`);
        yield {
          messageId,
          span: item.span,
          data: { service: svc.name, name: item.key, kind: token?.kind ?? '', value: weak ? value : '' },
          fixData: { service: svc.name, key: item.key } satisfies FixData,
          // A guessable default is a weakness of the deployment, not a secret given away.
          ...(weak ? { level: 'warning' as const } : {}),
          ...(related.length ? { related } : {}),
        };
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    const item = svc && envItemsNamed(svc, data.key).find((i) => literalEnvSecret(i) !== undefined);
    const fix = svc && item && moveToSecretFix(model, svc, item);
    return fix ? [fix] : [];
  },
});
