import { defineRule } from '../engine/define-rule.js';
import type { RelatedInfo, Span } from '../engine/types.js';
import type { ComposeModel, ComposeService } from '../languages/compose.js';
import { serviceMemo } from '../languages/compose-units.js';
import { display, hasUnknown, mountSpan, normalisePath, volumesOf, writtenSpan } from '../languages/compose-volumes.js';

interface Use {
  service: string;
  /** The source as written (interpolated), for messages. */
  source: string;
  readOnly: boolean | undefined;
  span: Span;
  written: Span;
}

/** A host bind of a service, without positions: remembered across edits (serviceMemo). */
interface Bind {
  path: string;
  source: string;
  readOnly: boolean | undefined;
  /** Index of the mount in volumesOf(). */
  index: number;
}

function bindsOf(model: ComposeModel, svc: ComposeService): Bind[] {
  const binds: Bind[] = [];
  volumesOf(model, svc).forEach((m, index) => {
    if (m.type !== 'bind' || m.source === undefined || hasUnknown(m.source)) return;
    const path = normalisePath(m.source.trim());
    // Sockets are shared on purpose (an agent, a proxy); the runtime socket is DC002's.
    if (!path.endsWith('.sock')) binds.push({ path, source: m.source, readOnly: m.readOnly, index });
  });
  return binds;
}

/** At most this many other services are listed as related information. */
const MAX_RELATED = 5;

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC027',
    name: 'no-shared-host-mount',
    language: 'compose',
    title: 'Host directory shared writable between services',
    why:
      'When one service can write a host directory that another service also mounts, a compromise of the first can ' +
      'change the files (code, config, scripts) the second reads or runs, crossing the boundary between them.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'CWE-668'],
    others: {
      kics: ['Shared Volumes Between Containers'],
    },
    messages: {
      shared:
        'Service {{service}} can write {{source}}, which {{others}} also mount{{s}}: a compromise of {{service}} can change ' +
        'the files the other side reads or runs. Mount it read-only (:ro) where a service only reads it.',
    },
  },
  *check({ model }) {
    // Host binds by path. Named volumes are left alone: sharing data between services is what they are for.
    // Every service is looked at on every edit: the binds of unchanged services are remembered, positions are not.
    const byPath = new Map<string, { svc: ComposeService; bind: Bind }[]>();
    for (const svc of model.services) {
      for (const bind of serviceMemo(model, svc, 'DC027 binds', () => bindsOf(model, svc))) {
        const uses = byPath.get(bind.path) ?? [];
        uses.push({ svc, bind });
        byPath.set(bind.path, uses);
      }
    }
    const mounts = new Map<ComposeService, ReturnType<typeof volumesOf>>();
    for (const [, binds] of byPath) {
      if (new Set(binds.map((b) => b.svc)).size < 2 || !binds.some((b) => b.bind.readOnly === false)) continue;
      const uses: Use[] = binds.map(({ svc, bind }) => {
        if (!mounts.has(svc)) mounts.set(svc, volumesOf(model, svc));
        const m = mounts.get(svc)![bind.index];
        return { service: svc.name, source: bind.source, readOnly: bind.readOnly, span: mountSpan(m), written: writtenSpan(m) };
      });
      const services = new Set(uses.map((u) => u.service));
      if (services.size < 2) continue;
      for (const use of uses) {
        if (use.readOnly !== false) continue;
        const others = [...services].filter((s) => s !== use.service);
        const related: RelatedInfo[] = uses
          .filter((u) => u.service !== use.service)
          .slice(0, MAX_RELATED)
          .map((u) => ({ span: u.written, message: `${u.service} mounts ${display(u.source.trim())}${u.readOnly ? ' read-only' : ''} here` }));
        yield {
          messageId: 'shared',
          span: use.span,
          data: { service: use.service, source: display(use.source.trim()), others: others.join(', '), s: others.length === 1 ? 's' : '' },
          related,
        };
      }
    }
  },
});
