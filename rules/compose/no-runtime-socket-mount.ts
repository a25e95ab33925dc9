import { defineRule, message } from '../languages/define-rule.js';
import type { RelatedInfo, Span } from '../engine/types.js';
import type { ComposeModel, EffectiveService } from '../languages/compose.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueBool } from '../languages/compose-values.js';
import { display, hasUnknown, normalisePath, volumesOf } from '../languages/compose-volumes.js';

/** Socket files of container runtimes: whoever can talk to one controls every container on the host. */
const SOCKETS = ['docker.sock', 'containerd.sock', 'crio.sock', 'podman.sock'];

/** Host directories that hold those sockets (with `/var/run` read as `/run`, which it links to). */
const RUNTIME_DIRS = new Map<string, string>([
  ['/', '/run/docker.sock'],
  ['/run', '/run/docker.sock'],
  ['/run/containerd', '/run/containerd/containerd.sock'],
  ['/run/docker', '/run/docker/containerd/containerd.sock'],
  ['/run/crio', '/run/crio/crio.sock'],
  ['/run/podman', '/run/podman/podman.sock'],
]);

/** `/var//run/./docker.sock/` → `/run/docker.sock`: `/var/run` is read as `/run`, which it links to. */
function normalise(path: string): string {
  const joined = normalisePath(path);
  return joined.startsWith('/var/run/') || joined === '/var/run' ? joined.slice(4) : joined;
}

interface Exposure {
  kind: 'socket' | 'runtimeDir';
  socket: string;
}

/** What a bind source exposes, if it is a runtime socket or a directory that holds one. */
function exposure(source: string): Exposure | undefined {
  const raw = source.trim();
  if (/^(?:\/\/|\\\\)\.[/\\]pipe[/\\]docker_engine$/i.test(raw)) return { kind: 'socket', socket: 'the Docker Engine named pipe' };
  // A file name that is a runtime socket is one, whatever the (maybe unknown) directory before it.
  const clean = raw.replace(/\\/g, '/').replace(/(?<!\/)\/+$/, '');
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  const socket = SOCKETS.find((s) => name.endsWith(s));
  if (socket) return { kind: 'socket', socket };
  if (hasUnknown(raw) || !raw.startsWith('/')) return undefined;
  const dir = RUNTIME_DIRS.get(normalise(raw));
  return dir ? { kind: 'runtimeDir', socket: dir } : undefined;
}

interface Mount {
  /** Host path, interpolated. */
  source: string;
  readOnly: boolean;
  /** Where to report: the volume entry (short), its `source:` value (long), or the use site of an anchor. */
  span: Span;
  related: RelatedInfo[];
}

/** Bind mounts of the service (and named volumes that are binds), where a variable may hide the directory. */
function hostMounts(model: ComposeModel, svc: EffectiveService): Mount[] {
  const mounts: Mount[] = [];
  for (const m of volumesOf(model, svc)) {
    if (m.source === undefined || !m.span) continue;
    let related: RelatedInfo[] = [];
    let source: string | undefined;
    if (m.volumeDevice && m.hostPath !== undefined) {
      source = m.hostPath;
      related = [
        { span: m.volumeDevice.span, message: `volume ${m.volumeDevice.volume} binds ${display(m.hostPath)}`, ...(m.volumeDevice.path ? { path: m.volumeDevice.path } : {}) },
      ];
    } else if (m.type === 'bind' || m.type === 'npipe' || (m.type === 'unknown' && m.syntax === 'short')) {
      source = m.source;
    }
    if (source === undefined) continue;
    // Written in an anchor or another file: report where this service takes it in, point at the mount itself.
    if (!related.length) related = m.relatedAs('the mount is written here');
    mounts.push({ source, readOnly: m.readOnly === true, span: m.span, related });
  }
  return mounts;
}

export default defineRule({
  meta: {
    code: 'DC002',
    name: 'no-runtime-socket-mount',
    language: 'compose',
    scope: 'unit',
    title: 'Container runtime socket mounted into a service',
    why:
      "The Docker, containerd, CRI-O or Podman socket is the runtime's full API: a container that can reach it can " +
      "start a privileged container with the host's root filesystem mounted, so it is root on the host. Read-only does not help.",
    level: 'warning',
    risk: 'critical',
    tags: ['security', 'CIS-5.32', 'CWE-250'],
    others: {
      kics: ['Docker Socket Mounted In Container'],
      composeLint: ['CL-0001'],
      semgrep: ['exposing-docker-socket-volume'],
    },
    messages: {
      socket: message(
        'Service {{service}} mounts the container runtime socket {{path}}: anything in it can start a privileged ',
        'container and take over the host. Put a socket proxy with a read-only API allow-list in between.',
      ),
      socketReadOnly: message(
        'Service {{service}} mounts the container runtime socket {{path}} read-only, which does not help: `ro` only ',
        'stops changes to the socket file, the API behind it still takes every call. Use a socket proxy with a read-only API allow-list.',
      ),
      apiSocket: message(
        "Service {{service}} sets use_api_socket, which hands it the container engine's API socket and your registry ",
        'credentials: anything in it can start a privileged container and take over the host. Put a socket proxy with a read-only API allow-list in between.',
      ),
      runtimeDir: message(
        'Service {{service}} bind-mounts {{path}}, which holds the container runtime socket ({{socket}}), even read-only: ',
        'anything in it can drive the runtime and take over the host. Mount only what the service needs, or use a socket proxy.',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      // `use_api_socket: true` hands the service the engine's API socket (and the user's registry credentials).
      const api = svc.get('use_api_socket');
      if (api?.span && valueBool(api) === true) {
        yield { messageId: 'apiSocket', span: api.span, data: { service: svc.name }, related: api.relatedAs(`use_api_socket is set here and merged into ${svc.name}`) };
      }
      for (const m of hostMounts(model, svc)) {
        const found = exposure(m.source);
        if (!found) continue;
        const path = display(m.source);
        yield {
          messageId: found.kind === 'runtimeDir' ? 'runtimeDir' : m.readOnly ? 'socketReadOnly' : 'socket',
          span: m.span,
          data: { service: svc.name, path, socket: found.socket },
          ...(m.related.length ? { related: m.related } : {}),
        };
      }
    }
  },
});
