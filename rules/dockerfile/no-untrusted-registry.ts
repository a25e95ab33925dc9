import type { Flag } from 'dockerfile-ast';
import { defineRule, message } from '../languages/define-rule.js';
import type { Span } from '../engine/types.js';
import { parseNormalisedRef } from '../languages/image-ref.js';
import { allStageNames } from '../languages/stage-names.js';

/** Names people use for Docker Hub; docker itself stores every one of them as `docker.io`. */
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com', 'registry.hub.docker.com']);

/**
 * One allow-list entry: `ghcr.io` (any image there), `*.example.com` (any sub-domain), or a registry
 * with a path prefix, `ghcr.io/acme` (images under `acme/` only; `docker.io/library` = Docker
 * Official Images). Hosts compare case-insensitively, paths exactly.
 */
interface Allowed {
  host: string;
  wildcard: boolean;
  path?: string;
}

export function parseAllowList(entries: unknown): Allowed[] | undefined {
  if (!Array.isArray(entries)) return undefined;
  const out: Allowed[] = [];
  for (const e of entries) {
    if (typeof e !== 'string' || !e.trim()) continue;
    const text = e
      .trim()
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/(?<!\/)\/+$/, '');
    const slash = text.indexOf('/');
    let host = (slash < 0 ? text : text.slice(0, slash)).toLowerCase();
    const path = slash < 0 ? undefined : text.slice(slash + 1);
    const wildcard = host.startsWith('*.');
    if (wildcard) host = host.slice(2);
    if (DOCKER_HUB.has(host)) host = 'docker.io';
    out.push({ host, wildcard, path });
  }
  return out;
}

export function isAllowed(domain: string, path: string, list: readonly Allowed[]): boolean {
  const withPort = domain.toLowerCase();
  // An entry without a port allows the host on any port (same owner); one with a port only that port.
  const bare = withPort.replace(/:\d+$/, '');
  return list.some((a) => {
    const host = /:\d+$/.test(a.host) ? withPort : bare;
    const hostOk = a.wildcard ? host.endsWith(`.${a.host}`) : host === a.host;
    return hostOk && (a.path === undefined || path === a.path || path.startsWith(`${a.path}/`));
  });
}

export default defineRule({
  meta: {
    code: 'DF050',
    name: 'no-untrusted-registry',
    language: 'dockerfile',
    scope: 'unit',
    title: 'Image from a registry not on the allow-list',
    why:
      'Base images run with full access to the build and become the runtime: pulling them from a registry the ' +
      'organisation does not control or mirror lets a typo or a hijacked namespace into production.',
    level: 'warning',
    risk: 'medium',
    tags: ['security', 'supply-chain', 'CIS-4.2', 'CWE-829'],
    others: {
      hadolint: ['DL3026'],
    },
    messages: {
      untrusted: message(
        '{{image}} comes from {{registry}}, which is not on the allowed registries ({{allowed}}). Use a mirror on an ',
        'allowed registry, or add this one to `allowedRegistries` if it is trusted.',
      ),
    },
  },
  options: ['allowedRegistries'],
  *check({ model, options }) {
    const configured = options.allowedRegistries;
    const list = parseAllowList(configured);
    // Off unless configured: without a list there is nothing to compare against.
    if (!list?.length || !Array.isArray(configured)) return;
    const allowed = configured.filter((s) => typeof s === 'string').join(', ');
    const stageNames = allStageNames(model);
    const check = (text: string, span: Span) => {
      const parsed = parseNormalisedRef(text);
      // Invalid references are DF051's business; only real images are judged here.
      if (!parsed.ok || isAllowed(parsed.ref.domain, parsed.ref.path, list)) return undefined;
      return { messageId: 'untrusted' as const, span, data: { image: text, registry: parsed.ref.domain, allowed } };
    };
    for (const stage of model.stages) {
      const base = stage.base;
      // scratch, `FROM <stage>` and references that are only known at build time are not registries.
      if (base.kind === 'image' && !base.unknown) {
        const report = check(base.text, base.span);
        if (report) yield report;
      }
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'COPY') continue;
        // `COPY --from=<image>` pulls an image too; stage names and indexes do not.
        const flag = (instr.node as typeof instr.node & { getFlags?(): Flag[] }).getFlags?.().find((f) => f.getName().toLowerCase() === 'from');
        const value = flag?.getValue();
        const range = flag?.getValueRange();
        if (!value || !range || value.includes('$') || /^\d+$/.test(value) || stageNames.has(value.toLowerCase())) continue;
        const report = check(value, model.file.spanOf(range));
        if (report) yield report;
      }
    }
  },
});
