import { isScalar, isSeq } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { EffectiveService, EffectiveValue } from '../languages/compose.js';
import { addMapKey, detectSeqIndent, type KeyValue } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { itemText, valueText } from '../languages/compose-values.js';
import { normaliseImageRef, parseImageRef, type ImageRef } from '../languages/image-ref.js';

/**
 * Docker Official Images (docker.io/library/…) for long-running services. The Official Images
 * program does not add HEALTHCHECK to its images (docker-library/cassandra#76), so a service that
 * runs one of these without its own healthcheck has none. Values: a check that only uses tools the
 * image ships, or null when there is no such tool.
 */
const OFFICIAL_SERVICES: ReadonlyMap<string, ((ref: ImageRef) => string | undefined) | null> = new Map<string, ((ref: ImageRef) => string | undefined) | null>([
  // `$$` is Compose's escape: the shell in the container reads POSTGRES_USER.
  ['postgres', () => '["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]'],
  ['mysql', () => '["CMD", "mysqladmin", "ping", "-h", "localhost"]'],
  ['mariadb', () => '["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]'],
  ['redis', () => '["CMD", "redis-cli", "ping"]'],
  ['rabbitmq', () => '["CMD", "rabbitmq-diagnostics", "-q", "ping"]'],
  // mongosh ships from MongoDB 5 on; older tags only have the legacy shell.
  [
    'mongo',
    (ref) =>
      !ref.tag || ref.tag === 'latest' || Number(/^(\d+)/.exec(ref.tag)?.[1] ?? 0) >= 5 ? '["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand(\'ping\')"]' : undefined,
  ],
  ['memcached', null],
  ['nginx', null],
  ['httpd', null],
  ['haproxy', null],
  ['tomcat', null],
  ['wordpress', null],
  ['ghost', null],
  ['nextcloud', null],
  ['drupal', null],
  ['joomla', null],
  ['couchdb', null],
  ['cassandra', null],
  ['zookeeper', null],
]);

/** The key that switches the healthcheck off: `disable: true`, or `test: ["NONE"]` / `test: NONE`. */
function disabledBy(svc: EffectiveService): EffectiveValue | undefined {
  const disable = svc.at('healthcheck.disable');
  const d = valueText(disable);
  if (disable && d !== undefined && /^(?:true|yes|on|y)$/i.test(d.trim())) return disable;
  const test = svc.at('healthcheck.test');
  if (!test) return undefined;
  const first = isSeq(test.value) ? test.items()[0] : undefined;
  const text = first ? itemText(first) : isScalar(test.value) ? valueText(test) : undefined;
  return text !== undefined && text.trim().toUpperCase() === 'NONE' ? test : undefined;
}

/** The Official Image the service runs, when it runs one this rule knows (and builds nothing). */
function officialImage(svc: EffectiveService): { name: string; ref: ImageRef } | undefined {
  if (svc.get('build') || !svc.complete) return undefined;
  const text = valueText(svc.get('image'));
  const ref = text === undefined ? undefined : parseImageRef(text.trim());
  if (!ref) return undefined;
  const n = normaliseImageRef(ref);
  if (n.registry !== 'docker.io' || !n.repository.startsWith('library/')) return undefined;
  const name = n.repository.slice('library/'.length);
  return OFFICIAL_SERVICES.has(name) ? { name, ref } : undefined;
}

export default defineRule({
  meta: {
    code: 'DC052',
    name: 'require-healthcheck',
    language: 'compose',
    scope: 'unit',
    title: 'Service has no working healthcheck',
    why:
      'Without a healthcheck Docker only knows whether the process runs, not whether it serves: a hung or ' +
      'half-started service stays "up", `depends_on: service_healthy` cannot wait for it, and nothing notices a compromised process that stopped answering.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'availability', 'CIS-5.27'],
    others: {
      kics: ['Healthcheck Not Set'],
    },
    messages: {
      disabled: message(
        'Service {{service}} disables its healthcheck, so Docker cannot tell a hung service from a healthy one. ',
        'Remove the override, or write a check that fits the service.',
      ),
      missing: message(
        'Service {{service}} runs {{image}}, which has no HEALTHCHECK (Official Images ship none), and sets no ',
        'healthcheck: Docker cannot tell a hung service from a healthy one.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      if (svc.get('healthcheck')) {
        const off = disabledBy(svc);
        if (!off?.span) continue;
        const related = off.relatedAs('the healthcheck is disabled here');
        yield { messageId: 'disabled', span: off.span, data: { service: svc.name }, ...(related.length ? { related } : {}) };
        continue;
      }
      // The cross-file rule handles `build:`; an `extends` that cannot be read may give it one.
      const image = officialImage(svc);
      if (!image || !svc.span) continue;
      yield { messageId: 'missing', span: svc.span, data: { service: svc.name, image: image.ref.text }, fixData: { service: svc.name } };
    }
  },
  fix(report, { model }) {
    const name = report.fixData?.service;
    const svc = name === undefined ? undefined : model.effective(name);
    const image = svc && officialImage(svc);
    const test = image && OFFICIAL_SERVICES.get(image.name)?.(image.ref);
    const own = svc?.own;
    if (!own || !test || !image) return [];
    const value: KeyValue = {
      map: [
        ['test', { scalar: test }],
        ['interval', { scalar: '10s' }],
        ['timeout', { scalar: '5s' }],
        ['retries', { scalar: '5' }],
      ],
    };
    const edit = addMapKey(model.file, own, 'healthcheck', value, { seqIndent: detectSeqIndent(model.file, model.doc?.contents, own.map) });
    return edit ? [{ title: `Add a ${image.name} healthcheck (check the timings)`, safe: false, edits: [edit] }] : [];
  },
});
