import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import { type ComposeModel, type ComposeService, nodeSpan } from '../languages/compose.js';
import { addMapKey, detectSeqIndent, type KeyValue } from '../languages/compose-edit.js';
import { hasServiceValue, interpolateWithEnv, mapPair, scalarString } from '../languages/compose-ports.js';
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
  ['mongo', (ref) => (!ref.tag || ref.tag === 'latest' || Number(/^(\d+)/.exec(ref.tag)?.[1] ?? 0) >= 5 ? '["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand(\'ping\')"]' : undefined)],
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

/** True when the healthcheck is switched off: `disable: true`, or `test: ["NONE"]` / `test: NONE`. */
function disabledAt(model: ComposeModel, value: unknown): Node | undefined {
  const map = model.resolve(value);
  if (!isMap(map)) return undefined;
  const disable = mapPair(model, map, 'disable');
  const d = scalarString(model, disable?.pair.value);
  if (disable && d !== undefined && /^(?:true|yes|on|y)$/i.test(d.trim())) return disable.pair.key as Node;
  const test = mapPair(model, map, 'test');
  if (!test) return undefined;
  const t = model.resolve(test.pair.value);
  const first = isSeq(t) ? scalarString(model, t.items[0]) : isScalar(t) ? scalarString(model, t) : undefined;
  return first !== undefined && first.trim().toUpperCase() === 'NONE' ? (test.pair.key as Node) : undefined;
}

/** The Official Image the service runs, when it runs one this rule knows (and builds nothing). */
function officialImage(model: ComposeModel, svc: ComposeService): { name: string; ref: ImageRef } | undefined {
  if (hasServiceValue(model, svc, [['build']]) !== 'no') return undefined;
  const raw = scalarString(model, svc.get('image')?.value);
  if (raw === undefined) return undefined;
  const v = interpolateWithEnv(model, raw);
  const ref = v.unknown ? undefined : parseImageRef(v.text.trim());
  if (!ref) return undefined;
  const n = normaliseImageRef(ref);
  if (n.registry !== 'docker.io' || !n.repository.startsWith('library/')) return undefined;
  const name = n.repository.slice('library/'.length);
  return OFFICIAL_SERVICES.has(name) ? { name, ref } : undefined;
}

export default defineRule<ComposeModel>({
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
      disabled:
        'Service {{service}} disables its healthcheck, so Docker cannot tell a hung service from a healthy one. ' +
        'Remove the override, or write a check that fits the service.',
      missing:
        'Service {{service}} runs {{image}}, which has no HEALTHCHECK (Official Images ship none), and sets no ' +
        'healthcheck: Docker cannot tell a hung service from a healthy one.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const hc = svc.get('healthcheck');
      if (hc) {
        const off = disabledAt(model, hc.value);
        if (!off) continue;
        const written = nodeSpan(off);
        const viaAnchor = hc.inheritedFrom !== undefined || isAlias(hc.value) || !written;
        const report: Report = { messageId: 'disabled', span: viaAnchor ? hc.span : written, data: { service: svc.name } };
        if (viaAnchor && written) report.related = [{ span: written, message: 'the healthcheck is disabled here' }];
        yield report;
        continue;
      }
      // A service with `extends` may get its healthcheck from the base; the cross-file rule handles `build:`.
      if (hasServiceValue(model, svc, [['healthcheck']]) !== 'no') continue;
      const image = officialImage(model, svc);
      if (!image) continue;
      yield { messageId: 'missing', span: svc.keySpan, data: { service: svc.name, image: image.ref.text }, fixData: { service: svc.name } };
    }
  },
  fix(report, { model }) {
    const name = (report.fixData as { service?: string } | undefined)?.service;
    const svc = model.services.find((s) => s.name === name);
    const image = svc && officialImage(model, svc);
    const test = image && OFFICIAL_SERVICES.get(image.name)?.(image.ref);
    if (!svc || !test) return [];
    const value: KeyValue = {
      map: [
        ['test', { scalar: test }],
        ['interval', { scalar: '10s' }],
        ['timeout', { scalar: '5s' }],
        ['retries', { scalar: '5' }],
      ],
    };
    const edit = addMapKey(model.file, svc, 'healthcheck', value, { seqIndent: detectSeqIndent(model.file, model.doc?.contents, svc.map) });
    return edit ? [{ title: `Add a ${image.name} healthcheck (check the timings)`, safe: false, edits: [edit] }] : [];
  },
});

