import { defineRule } from '../engine/define-rule.js';
import type { Report } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { display, hasUnknown, mountSpan, normalisePath, UNKNOWN_END, UNKNOWN_START, volumesOf, writtenSpan } from '../languages/compose-volumes.js';

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

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC031',
    name: 'no-credential-dir-mount',
    language: 'compose',
    scope: 'unit',
    title: 'Home credentials mounted into a service',
    why:
      'Mounting ~/.ssh, ~/.aws, ~/.kube, ~/.docker or similar hands the user\'s keys and cloud credentials to everything ' +
      'that runs in the container, read-only or not: one compromised dependency can take them and reach far beyond the host.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'CIS-5.6', 'CWE-522'],
    others: {
      composeLint: ['CL-0013'],
    },
    messages: {
      credentials:
        'Service {{service}} mounts {{path}}, which holds {{what}}; anything running in it can read and send them away. Pass ' +
        'only what it needs as a Compose secret, or forward an agent (SSH_AUTH_SOCK) instead of keys.',
      home:
        'Service {{service}} mounts {{path}}: {{what}}; anything running in it can read them. Mount only the project ' +
        'directory it needs.',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      for (const m of volumesOf(model, svc)) {
        if (m.hostPath === undefined) continue;
        const found = credentialDir(m.hostPath);
        if (!found) continue;
        const report: Report = { messageId: found.kind, span: mountSpan(m), data: { service: svc.name, path: display(m.hostPath), what: found.what } };
        if (m.useSite) report.related = [{ span: writtenSpan(m), message: `the mount is written here and used by ${svc.name}` }];
        else if (m.volumeDevice) report.related = [{ span: m.volumeDevice.span, message: `volume ${m.volumeDevice.volume} binds ${display(m.hostPath)}` }];
        yield report;
      }
    }
  },
});
