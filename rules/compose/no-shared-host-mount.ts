import { defineRule, message } from '../languages/define-rule.js';
import type { RelatedInfo, Span } from '../engine/types.js';
import type { ComposeModel, EffectiveService } from '../languages/compose.js';
import { projectServices } from '../languages/compose-effective.js';
import { serviceMemo } from '../languages/compose-unit-keys.js';
import { display, hasUnknown, normalisePath, volumesOf } from '../languages/compose-volumes.js';
import { dirname, joinPath } from '../languages/paths.js';
import { type BuiltDockerfile, builtDockerfile } from '../languages/project.js';
import { overlaysBuiltSource } from '../languages/source-overlay.js';

interface Use {
  service: string;
  /** The service's own working copy, mounted where its image COPYs it (a development setup: see source-overlay.ts). */
  overlay: boolean;
  /** The source as written (interpolated), for messages. */
  source: string;
  readOnly: boolean | undefined;
  /** Where a finding goes in the linted file; undefined when another file reports it. */
  span: Span | undefined;
  related: (message: string) => RelatedInfo[];
  /** Where the mount is written, and in which file. */
  written: Span;
  path: string;
}

/** A host bind of a service, without positions: remembered across edits (serviceMemo). */
interface Bind {
  path: string;
  source: string;
  readOnly: boolean | undefined;
  /** Index of the mount in volumesOf(). */
  index: number;
}

function bindsOf(model: ComposeModel, svc: EffectiveService): Bind[] {
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
/** At most this many other services are named in the message; more are counted (`a, b, c and 17 other services`). */
const MAX_NAMED = 4;

/** The services other than `own`, named up to MAX_NAMED, else three named and the rest counted. */
function otherNames(services: ReadonlySet<string>, own: string): string {
  const count = services.size - 1;
  const shown = count > MAX_NAMED ? MAX_NAMED - 1 : count;
  const names: string[] = [];
  for (const s of services) {
    if (names.length === shown) break;
    if (s !== own) names.push(s);
  }
  return count > shown ? `${names.join(', ')} and ${count - shown} other services` : names.join(', ');
}

export default defineRule({
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
      shared: message(
        'Service {{service}} can write {{source}}, which {{others}} also mount{{s}}: a compromise of {{service}} can change ',
        'the files the other side reads or runs. Mount it read-only (:ro) where a service only reads it.',
      ),
    },
  },
  *check({ model, files }) {
    // Host binds by path, across every service of the project. Named volumes are left alone: sharing
    // data between services is what they are for. Every service is looked at on every edit: the binds
    // of unchanged services are remembered, positions are not.
    const byPath = new Map<string, { svc: EffectiveService; bind: Bind }[]>();
    for (const svc of projectServices(model)) {
      const own = model.service(svc.name);
      const binds = own ? serviceMemo(model, own, 'DC027 binds', () => bindsOf(model, svc)) : bindsOf(model, svc);
      for (const bind of binds) {
        const uses = byPath.get(bind.path) ?? [];
        uses.push({ svc, bind });
        byPath.set(bind.path, uses);
      }
    }
    // The Dockerfile each service builds, read once per lint (the overlay test needs it; it is another file).
    const built = new Map<EffectiveService, BuiltDockerfile | undefined>();
    const builtOf = (svc: EffectiveService) => {
      if (!built.has(svc)) built.set(svc, builtDockerfile(model, svc, files));
      return built.get(svc);
    };
    for (const [, binds] of byPath) {
      if (new Set(binds.map((b) => b.svc)).size < 2 || !binds.some((b) => b.bind.readOnly === false)) continue;
      const uses: Use[] = binds.map(({ svc, bind }) => {
        const m = volumesOf(model, svc)[bind.index];
        const image = bind.readOnly === false && m.target !== undefined ? builtOf(svc) : undefined;
        const overlay = image !== undefined && overlaysBuiltSource(image, joinPath(dirname(m.model.path), bind.source.trim()), m.target!);
        return {
          service: svc.name,
          overlay,
          source: bind.source,
          readOnly: bind.readOnly,
          span: m.span,
          related: (message: string) => m.relatedAs(message),
          written: m.written,
          path: m.model.path,
        };
      });
      const services = new Set(uses.map((u) => u.service));
      if (services.size < 2) continue;
      for (const use of uses) {
        // A service that writes its own checkout mounted for live reload: the folder is the developer's, not a boundary.
        if (use.readOnly !== false || !use.span || use.overlay) continue;
        const related: RelatedInfo[] = [];
        for (const u of uses) {
          if (related.length === MAX_RELATED) break;
          if (u.service === use.service) continue;
          related.push({
            span: u.written,
            message: `${u.service} mounts ${display(u.source.trim())}${u.readOnly ? ' read-only' : ''} here`,
            ...(u.path !== model.path ? { path: u.path } : {}),
          });
        }
        const others = otherNames(services, use.service);
        yield {
          messageId: 'shared',
          span: use.span,
          data: { service: use.service, source: display(use.source.trim()), others, s: services.size === 2 ? 's' : '' },
          related: [...use.related(`the mount is written here and used by ${use.service}`), ...related],
        };
      }
    }
  },
});
