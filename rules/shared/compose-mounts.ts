/**
 * Host paths a bind mount should not expose, shared by the mount rules: credential stores in home
 * directories (DC031), and host paths where writing is root on the host or reading discloses secrets
 * (DC025 writable, DC032 read-only, time zone files and /dev).
 */
import type { ReportOf } from '../engine/define-rule.js';
import type { Edit, Fix, RelatedInfo } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { checkedServices } from '../languages/compose-effective.js';
import { setLongReadOnly, setShortOptions } from '../languages/compose-mount-edit.js';
import { type ComposeMount, display, hasUnknown, normalisePath, UNKNOWN_END, UNKNOWN_START, volumesOf } from '../languages/compose-volumes.js';

/** Credential stores under a home directory, and what an attacker gets from each. */
const CREDENTIALS: [string, string][] = [
  ['.ssh', 'SSH private keys and authorized_keys'],
  ['.aws', 'AWS access keys'],
  ['.azure', 'Azure CLI tokens'],
  ['.config/gcloud', 'Google Cloud credentials'],
  ['.kube', 'Kubernetes cluster credentials'],
  ['.docker', 'registry credentials and Docker TLS client keys'],
  ['.gnupg', 'GPG private keys'],
  ['.netrc', 'passwords for hosts reached over FTP/HTTP'],
  ['.git-credentials', 'Git hosting passwords and tokens'],
];

/** Variables that hold a home directory. */
const HOME_VARIABLES = new Set(['HOME', 'USERPROFILE']);

/** The path below a home directory (`''` for the home itself), or undefined when `source` is not in one. */
function belowHome(source: string): string | undefined {
  if (source === '~' || source.startsWith('~/')) return normalisePath(source.slice(1)).replace(/^\/|^\.$/, '');
  const variable = source.startsWith(UNKNOWN_START) ? source.slice(1, source.indexOf(UNKNOWN_END)) : undefined;
  if (variable !== undefined) {
    if (!HOME_VARIABLES.has(variable)) return undefined;
    const rest = source.slice(source.indexOf(UNKNOWN_END) + 1);
    return hasUnknown(rest) ? undefined : normalisePath(`/${rest}`).slice(1);
  }
  if (hasUnknown(source)) return undefined;
  const path = normalisePath(source.replace(/^[A-Za-z]:(?=[\\/])/, ''));
  const m = /^\/(?:root|home\/[^/]+|Users\/[^/]+)(?:\/(.*))?$/.exec(path);
  return m ? (m[1] ?? '') : undefined;
}

/** What a bind source exposes when it is a home directory or a credential store in one. */
export function credentialDir(source: string): { kind: 'home' | 'credentials'; what: string } | undefined {
  const rest = belowHome(source.trim());
  if (rest === undefined) return undefined;
  if (rest === '') return { kind: 'home', what: 'a whole home directory, with its ~/.ssh, ~/.aws and other credentials' };
  for (const [dir, what] of CREDENTIALS) {
    if (rest === dir || rest.startsWith(`${dir}/`)) return { kind: 'credentials', what };
  }
  return undefined;
}

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

/** Host paths where writing is root on the host (for DC025 and DC032), most specific first where they overlap. */
const SENSITIVE: Sensitive[] = [
  {
    path: '/etc',
    match: 'tree',
    grant: 'host configuration (cron, sudoers, shadow, ld.so.preload): root on the next job or login',
    whenReadOnly: 'host configuration and secrets such as /etc/shadow and TLS keys',
    below: { grant: 'configuration that host services running as root read and act on', whenReadOnly: 'host configuration, which often holds keys and passwords' },
  },
  { path: '/root', match: 'tree', grant: "root's home (authorized_keys, shell profiles): root over SSH or on the next login", whenReadOnly: "root's files and credentials" },
  { path: '/boot', match: 'tree', grant: 'the kernel and initramfs: a rootkit that survives reboots', whenReadOnly: 'the host kernel and its configuration' },
  {
    path: '/proc',
    match: 'tree',
    grant: 'host kernel settings (core_pattern runs a program of its choice as host root)',
    whenReadOnly: 'every host process and its command line, and kernel details',
  },
  { path: '/sys', match: 'tree', grant: 'kernel and device settings (uevent_helper runs a program as host root)', whenReadOnly: 'host kernel, hardware and cgroup details' },
  {
    path: '/var/lib/docker',
    match: 'tree',
    grant: "every container's filesystem, image and volume: change one and it runs your code",
    whenReadOnly: "every container's files, volumes and logs, secrets included",
  },
  { path: '/var/lib/containerd', match: 'tree', grant: "every container's filesystem and image layers", whenReadOnly: "every container's files and image layers" },
  { path: '/var/lib', match: 'exact', grant: 'the container stores in /var/lib/docker and /var/lib/containerd', whenReadOnly: 'the state of every host service and container' },
  { path: '/dev', match: 'exact', grant: "the host's device nodes (the device cgroup still decides which it can open)", whenReadOnly: "the host's device nodes" },
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
  if (TIME_FILES.has(path)) return ro ? undefined : { kind: 'writableTime', path, what: "the host's time zone" };
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

/** What the read-only fix needs: the service and the index of the mount among its volumes. */
export interface MountFixData {
  service: string;
  index: number;
}

/** The `:ro` / `read_only: true` edit for a writable mount written in the service. */
export function readOnlyEdit(model: ComposeModel, mount: ComposeMount | undefined): Fix[] {
  if (!mount?.editable || mount.model.path !== model.path || mount.readOnly !== false) return [];
  const edit: Edit | undefined =
    mount.syntax === 'short' ? setShortOptions(model.file, mount, [...mount.options.filter((o) => o !== 'rw' && o !== ''), 'ro']) : setLongReadOnly(model.file, mount);
  // Not safe: the service may write there on purpose (logs, certificates, a config tool).
  return edit ? [{ title: `Mount ${display(mount.hostPath ?? mount.source ?? '')} read-only`, safe: false, edits: [edit] }] : [];
}

/** Reports of every bind mount `classify` puts in one of `kinds`. */
export function* sensitiveMountReports<K extends Kind>(
  model: ComposeModel,
  kinds: readonly K[],
): Generator<ReportOf<Record<K, { service: string; source: string; path: string; what: string }>, MountFixData>> {
  for (const svc of checkedServices(model)) {
    for (const [index, m] of volumesOf(model, svc).entries()) {
      if (m.hostPath === undefined || m.type === 'npipe' || !m.span) continue;
      const found = classify(m.hostPath, m.readOnly);
      const kind = found && kinds.find((k) => k === found.kind);
      if (!found || !kind) continue;
      const report: ReportOf<Record<K, { service: string; source: string; path: string; what: string }>, MountFixData> = {
        messageId: kind,
        span: m.span,
        data: { service: svc.name, source: display(m.hostPath), path: found.path, what: found.what },
      };
      const related = mountRelated(m, svc.name);
      if (related.length) report.related = related;
      if (m.readOnly === false && m.editable) report.fixData = { service: svc.name, index };
      yield report;
    }
  }
}

/** Where a mount reported elsewhere is written, or the named volume that binds its host path. */
export function mountRelated(m: ComposeMount, service: string): RelatedInfo[] {
  const written = m.relatedAs(`the mount is written here and used by ${service}`);
  if (written.length || !m.volumeDevice || m.hostPath === undefined) return written;
  return [{ span: m.volumeDevice.span, message: `volume ${m.volumeDevice.volume} binds ${display(m.hostPath)}`, ...(m.volumeDevice.path ? { path: m.volumeDevice.path } : {}) }];
}

/** The mount a report's fix data points at. */
export function reportedMount(model: ComposeModel, report: { fixData?: MountFixData }): ComposeMount | undefined {
  const data = report.fixData;
  const svc = data && model.effective(data.service);
  return svc && data ? volumesOf(model, svc)[data.index] : undefined;
}
