import { isAlias, isMap, isScalar, type Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { RelatedInfo, Report, Span } from '../engine/types.js';
import { type ComposeModel, type ComposeService, nodeSpan, scalarValue, seqItems } from '../languages/compose.js';
import { substitute } from '../languages/substitute.js';

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

/** Marks the value of a variable that is not known when the file is read: `\0NAME\u0001`. */
const UNKNOWN = '\u0000';

/** Compose interpolation: `${VAR:-default}` gives its default, an unknown `${VAR}` becomes a marker. */
function interpolate(text: string): string {
  const known = substitute(text, () => undefined, '$');
  if (!known.unknown) return known.value;
  return substitute(text, (name) => `${UNKNOWN}${name}\u0001`, '$').value;
}

/** A path for messages: unknown variables shown as `${NAME}`. */
function display(path: string): string {
  return path.replace(/\u0000(\w*)\u0001/g, (_m, name: string) => `\${${name}}`);
}

/** `/var//run/./docker.sock/` → `/run/docker.sock`; relative paths stay relative. */
function normalise(path: string): string {
  const p = path.replace(/\\/g, '/');
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && absolute) out.pop();
    else out.push(seg);
  }
  const joined = (absolute ? '/' : '') + out.join('/');
  return joined.startsWith('/var/run/') || joined === '/var/run' ? joined.slice(4) : joined || (absolute ? '/' : '.');
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
  const clean = raw.replace(/\\/g, '/').replace(/\/+$/, '');
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  const socket = SOCKETS.find((s) => name.endsWith(s));
  if (socket) return { kind: 'socket', socket };
  if (raw.includes(UNKNOWN) || !raw.startsWith('/')) return undefined;
  const dir = RUNTIME_DIRS.get(normalise(raw));
  return dir ? { kind: 'runtimeDir', socket: dir } : undefined;
}

/** True when a short-syntax source is a host path rather than a named volume. */
function isHostPath(source: string): boolean {
  return /^(?:[/.~\\]|[A-Za-z]:[\\/])/.test(source) || source.startsWith(UNKNOWN);
}

/** `source:target[:mode]`, where a Windows drive letter's colon does not split. */
function splitShort(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === ':' && !(cur.length === 1 && /[A-Za-z]/.test(cur) && /[\\/]/.test(spec[i + 1] ?? ''))) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

interface Mount {
  /** Host path, interpolated. */
  source: string;
  readOnly: boolean;
  /** Where to report: the volume entry (short) or its `source:` value (long). */
  span: Span;
  related?: RelatedInfo;
}

/** `driver_opts.device` of a top-level named volume that is really a bind mount (`o: bind`). */
function namedVolumeDevice(model: ComposeModel, name: string): { path: string; span: Span } | undefined {
  const root = model.resolve(model.doc?.contents);
  if (!isMap(root)) return undefined;
  const volumes = model.resolve(root.items.find((p) => isScalar(p.key) && p.key.value === 'volumes')?.value);
  if (!isMap(volumes)) return undefined;
  const vol = model.resolve(volumes.items.find((p) => isScalar(p.key) && String(p.key.value) === name)?.value);
  if (!isMap(vol)) return undefined;
  const opts = model.resolve(vol.items.find((p) => isScalar(p.key) && p.key.value === 'driver_opts')?.value);
  if (!isMap(opts)) return undefined;
  const get = (key: string) => opts.items.find((p) => isScalar(p.key) && p.key.value === key)?.value as Node | undefined;
  const o = scalarValue(model, get('o'));
  const device = get('device');
  const path = scalarValue(model, device);
  const span = nodeSpan(device);
  if (typeof o !== 'string' || !/(?:^|,)\s*r?bind\s*(?:,|$)/.test(o) || typeof path !== 'string' || !span) return undefined;
  return { path: interpolate(path), span };
}

function mountsOf(model: ComposeModel, svc: ComposeService): Mount[] {
  const entry = svc.get('volumes');
  if (!entry) return [];
  const mounts: Mount[] = [];
  for (const item of seqItems(model, entry.value)) {
    const node = item.node;
    if (isScalar(node) && typeof node.value === 'string') {
      const parts = splitShort(interpolate(node.value));
      if (parts.length < 2) continue; // `/data`: an anonymous volume
      const [source, , mode = ''] = parts;
      const readOnly = mode.split(',').includes('ro');
      if (isHostPath(source)) mounts.push({ source, readOnly, span: item.span });
      else {
        const dev = namedVolumeDevice(model, source);
        if (dev) mounts.push({ source: dev.path, readOnly, span: item.span, related: { span: dev.span, message: `volume ${source} binds ${dev.path}` } });
      }
    } else if (isMap(node)) {
      const get = (key: string) => node.items.find((p) => isScalar(p.key) && p.key.value === key)?.value as Node | undefined;
      const type = scalarValue(model, get('type'));
      const sourceNode = get('source');
      const rawSource = scalarValue(model, sourceNode);
      if (typeof rawSource !== 'string') continue;
      const source = interpolate(rawSource);
      const span = nodeSpan(sourceNode) ?? item.span;
      const ro = scalarValue(model, get('read_only'));
      const readOnly = ro === true || (typeof ro === 'string' && /^(?:true|yes|on|y)$/i.test(ro));
      if (type === 'bind' || type === 'npipe' || (type === undefined && isHostPath(source))) {
        mounts.push({ source, readOnly, span });
      } else if (type === 'volume') {
        const dev = namedVolumeDevice(model, source);
        if (dev) mounts.push({ source: dev.path, readOnly, span, related: { span: dev.span, message: `volume ${source} binds ${dev.path}` } });
      }
    }
  }
  if (entry.inheritedFrom || isAlias(entry.value)) {
    // Written in an anchor: report where this service uses it, point at the mount itself.
    const at = entry.inheritedFrom ? entry.span : (nodeSpan(entry.value) ?? entry.span);
    return mounts.map((m) => ({ ...m, span: at, related: m.related ?? { span: m.span, message: 'the mount is written here' } }));
  }
  return mounts;
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC002',
    name: 'no-runtime-socket-mount',
    language: 'compose',
    title: 'Container runtime socket mounted into a service',
    why:
      'The Docker, containerd, CRI-O or Podman socket is the runtime\'s full API: a container that can reach it can ' +
      'start a privileged container with the host\'s root filesystem mounted, so it is root on the host. Read-only does not help.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'CIS-5.32', 'CWE-250'],
    catalog: ['DC-MNT-001'],
    others: {
      kics: ['Docker Socket Mounted In Container'],
      composeLint: ['CL-0001'],
      semgrep: ['exposing-docker-socket-volume'],
    },
    messages: {
      socket:
        'Service {{service}} mounts the container runtime socket {{path}}: anything in it can start a privileged ' +
        'container and take over the host. Put a socket proxy with a read-only API allow-list in between.',
      socketReadOnly:
        'Service {{service}} mounts the container runtime socket {{path}} read-only, which does not help: `ro` only ' +
        'stops changes to the socket file, the API behind it still takes every call. Use a socket proxy with a read-only API allow-list.',
      runtimeDir:
        'Service {{service}} bind-mounts {{path}}, which holds the container runtime socket ({{socket}}), even read-only: ' +
        'anything in it can drive the runtime and take over the host. Mount only what the service needs, or use a socket proxy.',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      for (const m of mountsOf(model, svc)) {
        const found = exposure(m.source);
        if (!found) continue;
        const path = display(m.source);
        const report: Report = {
          messageId: found.kind === 'runtimeDir' ? 'runtimeDir' : m.readOnly ? 'socketReadOnly' : 'socket',
          span: m.span,
          data: { service: svc.name, path, socket: found.socket },
        };
        if (m.related) report.related = [m.related];
        yield report;
      }
    }
  },
});
