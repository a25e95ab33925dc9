import { defineRule } from '../engine/define-rule.js';
import type { Edit, Fix, Report } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { type ComposeMount, display, hasUnknown, mountSpan, normalisePath, setLongReadOnly, setShortOptions, volumesOf, writtenSpan } from '../languages/compose-volumes.js';
import { credentialDir } from './no-credential-dir-mount.js';

interface Sensitive {
  path: string;
  /** `tree`: the path and everything below it; `exact`: the path alone (it *contains* what matters). */
  match: 'tree' | 'exact';
  /** What writing there gives; a read-only mount of a path with no `whenReadOnly` is not reported. */
  grant: string;
  /** What reading it discloses. */
  whenReadOnly?: string;
  /** `grant` and `whenReadOnly` for a path below a `tree` entry, when they claim less there. */
  below?: { grant: string; whenReadOnly: string };
}

const EXEC_TREE = 'programs the host runs as root (a planted binary runs on the next cron job or login)';
const LIB_TREE = 'libraries and kernel modules the host loads as root';

/** Host paths where writing is root on the host, most specific first where they overlap. */
const SENSITIVE: Sensitive[] = [
  {
    path: '/etc',
    match: 'tree',
    grant: 'host configuration (cron, sudoers, shadow, ld.so.preload): root on the next job or login',
    whenReadOnly: 'host configuration and secrets such as /etc/shadow and TLS keys',
    below: { grant: 'configuration that host services running as root read and act on', whenReadOnly: 'host configuration, which often holds keys and passwords' },
  },
  { path: '/root', match: 'tree', grant: 'root\'s home (authorized_keys, shell profiles): root over SSH or on the next login', whenReadOnly: 'root\'s files and credentials' },
  { path: '/boot', match: 'tree', grant: 'the kernel and initramfs: a rootkit that survives reboots', whenReadOnly: 'the host kernel and its configuration' },
  { path: '/proc', match: 'tree', grant: 'host kernel settings (core_pattern runs a program of its choice as host root)', whenReadOnly: 'every host process and its command line, and kernel details' },
  { path: '/sys', match: 'tree', grant: 'kernel and device settings (uevent_helper runs a program as host root)', whenReadOnly: 'host kernel, hardware and cgroup details' },
  { path: '/var/lib/docker', match: 'tree', grant: 'every container\'s filesystem, image and volume: change one and it runs your code', whenReadOnly: 'every container\'s files, volumes and logs, secrets included' },
  { path: '/var/lib/containerd', match: 'tree', grant: 'every container\'s filesystem and image layers', whenReadOnly: 'every container\'s files and image layers' },
  { path: '/var/lib', match: 'exact', grant: 'the container stores in /var/lib/docker and /var/lib/containerd', whenReadOnly: 'the state of every host service and container' },
  { path: '/dev', match: 'exact', grant: 'the host\'s device nodes (the device cgroup still decides which it can open)', whenReadOnly: 'the host\'s device nodes' },
  { path: '/usr', match: 'exact', grant: EXEC_TREE },
  { path: '/usr/bin', match: 'tree', grant: EXEC_TREE },
  { path: '/usr/sbin', match: 'tree', grant: EXEC_TREE },
  { path: '/usr/local/bin', match: 'tree', grant: EXEC_TREE },
  { path: '/usr/local/sbin', match: 'tree', grant: EXEC_TREE },
  { path: '/bin', match: 'tree', grant: EXEC_TREE },
  { path: '/sbin', match: 'tree', grant: EXEC_TREE },
  { path: '/usr/lib', match: 'exact', grant: LIB_TREE },
  { path: '/usr/lib/modules', match: 'tree', grant: LIB_TREE },
  { path: '/lib', match: 'exact', grant: LIB_TREE },
  { path: '/lib64', match: 'exact', grant: LIB_TREE },
  { path: '/lib/modules', match: 'tree', grant: LIB_TREE },
];

/** Files under /etc that say only what time it is: fine read-only, a warning when writable. */
const TIME_FILES = new Set(['/etc/localtime', '/etc/timezone']);
/** World-readable public facts under /etc: fine read-only, root-equivalent when writable like the rest of /etc. */
const PUBLIC_FILES = new Set(['/etc/os-release', '/etc/machine-id', '/etc/hostname', '/etc/hosts', '/etc/resolv.conf', '/etc/passwd', '/etc/group']);
const PUBLIC_TREES = ['/etc/ssl/certs', '/etc/ca-certificates', '/etc/pki/ca-trust', '/etc/pki/tls/certs'];

function under(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

export type Kind = 'writable' | 'readOnly' | 'writableTime' | 'devices';

/**
 * How a bind mount of `source` is reported, if at all: `writable` (root-equivalent, this rule) or,
 * for DC032, `readOnly` (still discloses), `writableTime` (a time zone file) and `devices` (/dev).
 */
export function classify(source: string, readOnly: boolean | undefined): { kind: Kind; path: string; what: string } | undefined {
  if (hasUnknown(source) || !source.trim().startsWith('/')) return undefined;
  const path = normalisePath(source.trim());
  // Home credentials are DC031's; `/` and the runtime directories are DC002's.
  if (credentialDir(path)) return undefined;
  const ro = readOnly !== false;
  if (TIME_FILES.has(path)) return ro ? undefined : { kind: 'writableTime', path, what: 'the host\'s time zone' };
  if (ro && (PUBLIC_FILES.has(path) || PUBLIC_TREES.some((t) => under(path, t)))) return undefined;
  const hit = SENSITIVE.find((s) => (s.match === 'exact' ? path === s.path : under(path, s.path)));
  if (!hit) return undefined;
  // The device cgroup still decides which device nodes can be opened, read-only or not.
  if (hit.path === '/dev') return { kind: 'devices', path: hit.path, what: hit.whenReadOnly ?? hit.grant };
  const texts = path !== hit.path && hit.below ? hit.below : hit;
  // An unknown mode is reported at the read-only level: it is at least that.
  if (ro) return texts.whenReadOnly ? { kind: 'readOnly', path: hit.path, what: texts.whenReadOnly } : undefined;
  return { kind: 'writable', path: hit.path, what: texts.grant };
}

interface FixData {
  service: string;
  index: number;
}

/** The `:ro` / `read_only: true` edit for a writable mount written in the service. */
export function readOnlyEdit(model: ComposeModel, mount: ComposeMount | undefined): Fix[] {
  if (!mount || mount.useSite || mount.readOnly !== false) return [];
  const edit: Edit | undefined =
    mount.syntax === 'short'
      ? setShortOptions(model.file, mount, [...mount.options.filter((o) => o !== 'rw' && o !== ''), 'ro'])
      : setLongReadOnly(model.file, mount);
  // Not safe: the service may write there on purpose (logs, certificates, a config tool).
  return edit ? [{ title: `Mount ${display(mount.hostPath ?? mount.source ?? '')} read-only`, safe: false, edits: [edit] }] : [];
}

/** Reports of every bind mount `classify` puts in one of `kinds`. */
export function* sensitiveMountReports(model: ComposeModel, kinds: Kind[]): Generator<Report> {
  for (const svc of model.services) {
    for (const [index, m] of volumesOf(model, svc).entries()) {
      if (m.hostPath === undefined || m.type === 'npipe') continue;
      const found = classify(m.hostPath, m.readOnly);
      if (!found || !kinds.includes(found.kind)) continue;
      const report: Report = {
        messageId: found.kind,
        span: mountSpan(m),
        data: { service: svc.name, source: display(m.hostPath), path: found.path, what: found.what },
      };
      if (m.useSite) report.related = [{ span: writtenSpan(m), message: `the mount is written here and used by ${svc.name}` }];
      else if (m.volumeDevice) report.related = [{ span: m.volumeDevice.span, message: `volume ${m.volumeDevice.volume} binds ${display(m.hostPath)}` }];
      if (m.readOnly === false && !m.useSite) report.fixData = { service: svc.name, index } satisfies FixData;
      yield report;
    }
  }
}

/** The mount a report's fix data points at. */
export function reportedMount(model: ComposeModel, report: Report): ComposeMount | undefined {
  const data = report.fixData as FixData | undefined;
  const svc = data && model.services.find((s) => s.name === data.service);
  return svc && data ? volumesOf(model, svc)[data.index] : undefined;
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC025',
    name: 'no-writable-sensitive-mount',
    language: 'compose',
    scope: 'unit',
    title: 'Host system path mounted writable into a service',
    why:
      'A writable bind mount of /etc, /root, /boot, /proc, /sys, /var/lib/docker or the host\'s program and library ' +
      'directories lets a container change what the host runs as root: it is root on the host with ordinary file writes.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'CIS-5.6', 'CWE-668'],
    others: {
      kics: ['Volume Has Sensitive Host Directory'],
      composeLint: ['CL-0025', 'CL-0013'],
    },
    messages: {
      writable:
        'Service {{service}} mounts the host\'s {{source}} writable; under {{path}} that is {{what}}. Mount only the files it ' +
        'needs, read-only (:ro).',
    },
    fix: 'unsafe',
  },
  check: ({ model }) => sensitiveMountReports(model, ['writable']),
  fix: (report, { model }) => readOnlyEdit(model, reportedMount(model, report)),
});
