/**
 * Files that hold secrets, by name and — when their text can be read — by content: private keys,
 * `.env` files, registry and cloud credentials, SSH/AWS/GnuPG folders. Pure functions: the caller
 * passes a reader for the file's text (undefined when it cannot be read, e.g. `COPY --from=stage`).
 *
 * Two strengths:
 * - `certain`: the name alone says it (`id_rsa`, `.netrc`, `.env`, `.ssh/`); content only clears it
 *   (an `.env` without secret values, a `.pem` that is a certificate);
 * - `maybe`: config files that often hold no credential (`.npmrc` with `${NPM_TOKEN}`, `.pypirc`,
 *   `*.tfvars`, `.docker/config.json` with only `credHelpers`): reported only when the content shows one.
 */
import { findTokenFormat, isNonSecretValue, isSecretName } from './secrets.js';

export type SecretFileKind =
  | 'env-file'
  | 'private-key'
  | 'keystore'
  | 'ssh-dir'
  | 'cloud-credentials'
  | 'registry-credentials'
  | 'netrc'
  | 'git-credentials'
  | 'kubeconfig'
  | 'gnupg-dir'
  | 'terraform-vars'
  | 'service-account'
  | 'database-password';

export interface SecretFile {
  kind: SecretFileKind;
  /** Human wording: `an SSH private key`, `an .env file`. */
  label: string;
}

/** Env files meant to be committed: templates without real values. */
const ENV_TEMPLATE = /\.(?:example|sample|template|tmpl|tpl|dist|defaults?|schema|local\.example)$/i;
const SSH_KEY = /^id_(?:rsa|dsa|ecdsa|ed25519|ecdsa_sk|ed25519_sk|xmss)$/;
/** Words in a key file's name that say it is public (a repository signing key, a certificate). */
const PUBLIC_WORDS = /(?:^|[._-])(?:pub|public|gpg|pgp|asc|keyring|signing|archive|repo|release|trusted|cert|certificate|ca|chain|fullchain|bundle|root)(?:[._-]|$)/i;

const PRIVATE_KEY_TEXT = /-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-[23]:/;

function envHasSecret(text: string): boolean {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    if (!value || /^\$\{?\w+/.test(value) || /^<[^>]*>$/.test(value)) continue;
    if (findTokenFormat(value)) return true;
    if (isSecretName(key) && !isNonSecretValue(value) && !/^(?:changeme|change-me|xxx+|\*+|todo|secret|password)$/i.test(value)) return true;
  }
  return false;
}

/** `key = "value"` / `key: value` lines (tfvars, ini, yaml) with a secret-like key and a literal value, or a known token. */
function assignmentsHaveSecret(text: string): boolean {
  if (findTokenFormat(text)) return true;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.length > 2000) continue;
    const m = /^\s*"?([A-Za-z_][\w.-]*)"?\s*[=:]\s*"?([^"#\s][^"#]*)"?\s*(?:#.*)?$/.exec(raw);
    if (!m) continue;
    const [, key, value] = m;
    if (/^(?:\$\{|\{\{|var\.|<)/.test(value) || isNonSecretValue(value)) continue;
    if (isSecretName(key)) return true;
  }
  return false;
}

// Linear on long blank runs: `^` takes only the blanks of its own line (so a run of empty lines is not
// rescanned from each one), and the value's first character is checked once, not after each blank.
const NPMRC_SECRET = /(?:_authToken|_auth|_password)\s*=\s*(?!\$\{)\S/;
const PYPIRC_SECRET = /^[^\S\n\r\u2028\u2029]*password\s*[=:]\s*(?!\$\{)\S/m;
const YARNRC_SECRET = /npmAuth(?:Token|Ident)\s*:\s*["']?(?!\$\{)[^\s"']/;
const DOCKER_CONFIG_SECRET = /"(?:auth|identitytoken|registrytoken)"\s*:\s*"[^"]+/;
const PIP_CONF_SECRET = /:\/\/[^\s/:@]+:[^\s/@$]+@/;
const MAVEN_SECRET = /<password>\s*(?!\$\{)[^<\s]/;
const JSON_KEY_SECRET = /"(?:private_key|client_secret|refresh_token|secret_access_key|aws_secret_access_key)"\s*:\s*"[^"]/;

/**
 * What a path (as written in a COPY source or a context listing) holds, or undefined when it is not
 * a secret file. `read` returns the file's text (or a folder listing's absence) when available.
 */
export function classifySecretPath(
  path: string,
  read?: () => string | undefined,
  /** For the `maybe` kinds: what an unreadable file counts as (true when other evidence says it holds a credential). */
  unreadableIsSecret = false,
): SecretFile | undefined {
  const clean = path.replace(/\\/g, '/').replace(/(?<!\/)\/+$/, '');
  const segs = clean.split('/').filter((s) => s && s !== '.');
  const base = segs[segs.length - 1] ?? '';
  const parent = segs[segs.length - 2] ?? '';
  const lower = base.toLowerCase();
  const content = (): string | undefined => (read ? read() : undefined);

  // Folders (the whole folder, or a file inside one).
  for (const s of segs) {
    if (s === '.ssh' && !lower.endsWith('.pub') && lower !== 'known_hosts' && lower !== 'config') return { kind: 'ssh-dir', label: 'an SSH folder' };
    if (s === '.gnupg') return { kind: 'gnupg-dir', label: 'a GnuPG private keyring' };
  }
  if (segs.includes('.aws') && (base === '.aws' || lower === 'credentials')) return { kind: 'cloud-credentials', label: 'AWS credentials' };
  if (segs.includes('.azure') && (base === '.azure' || /token|msal/i.test(base))) return { kind: 'cloud-credentials', label: 'Azure CLI credentials' };
  if (parent === 'gcloud' || base === 'gcloud') {
    if (segs.includes('.config')) return { kind: 'cloud-credentials', label: 'gcloud credentials' };
  }

  // Names that say it.
  if (lower === '.env' || (lower.startsWith('.env.') && !ENV_TEMPLATE.test(lower))) {
    const text = content();
    return text !== undefined && !envHasSecret(text) ? undefined : { kind: 'env-file', label: 'an env file' };
  }
  if (SSH_KEY.test(base)) return { kind: 'private-key', label: 'an SSH private key' };
  if (lower === '.netrc' || lower === '_netrc') return { kind: 'netrc', label: 'a .netrc with login passwords' };
  if (lower === '.git-credentials') return { kind: 'git-credentials', label: 'stored git credentials' };
  if (lower === '.dockercfg') return { kind: 'registry-credentials', label: 'Docker registry credentials' };
  if (lower === '.pgpass') return { kind: 'database-password', label: 'a PostgreSQL password file' };
  if (lower === '.vault-token') return { kind: 'cloud-credentials', label: 'a Vault token' };
  if (lower === 'kubeconfig' || lower.endsWith('.kubeconfig') || (parent === '.kube' && lower === 'config')) {
    return { kind: 'kubeconfig', label: 'a kubeconfig' };
  }
  if (lower === 'credentials.json' || /^client_secret.*\.json$/.test(lower)) {
    const text = content();
    return text !== undefined && !JSON_KEY_SECRET.test(text) ? undefined : { kind: 'service-account', label: 'OAuth/cloud credentials' };
  }
  if (/\.(?:p12|pfx|ppk)$/.test(lower)) return { kind: 'keystore', label: 'a private key store' };
  if (/\.(?:jks|keystore)$/.test(lower) && !/trust/.test(lower)) return { kind: 'keystore', label: 'a Java keystore' };
  if (/\.key$/.test(lower)) {
    const text = content();
    if (text !== undefined) return PRIVATE_KEY_TEXT.test(text) || !/-----BEGIN/.test(text) ? { kind: 'private-key', label: 'a private key' } : undefined;
    return PUBLIC_WORDS.test(lower.replace(/\.key$/, '')) ? undefined : { kind: 'private-key', label: 'a private key' };
  }
  if (/\.pem$/.test(lower)) {
    const text = content();
    if (text !== undefined) return PRIVATE_KEY_TEXT.test(text) ? { kind: 'private-key', label: 'a private key' } : undefined;
    return /(?:^|[._-])(?:key|priv|private|privkey)(?:[._-]|$)/.test(lower) && !PUBLIC_WORDS.test(lower.replace(/\.pem$/, ''))
      ? { kind: 'private-key', label: 'a private key' }
      : undefined;
  }

  // Config files that only sometimes hold a credential: the content decides.
  const maybe = (test: (t: string) => boolean, found: SecretFile): SecretFile | undefined => {
    const text = content();
    return text === undefined ? (unreadableIsSecret ? found : undefined) : test(text) ? found : undefined;
  };
  if (lower === '.npmrc') return maybe((t) => NPMRC_SECRET.test(t), { kind: 'registry-credentials', label: 'an .npmrc with an auth token' });
  if (lower === '.pypirc') return maybe((t) => PYPIRC_SECRET.test(t), { kind: 'registry-credentials', label: 'a .pypirc with a password' });
  if (lower === '.yarnrc.yml') return maybe((t) => YARNRC_SECRET.test(t), { kind: 'registry-credentials', label: 'a .yarnrc.yml with an auth token' });
  if (lower === 'pip.conf' || lower === 'pip.ini') return maybe((t) => PIP_CONF_SECRET.test(t), { kind: 'registry-credentials', label: 'a pip.conf with index credentials' });
  if (lower === 'config.json' && parent === '.docker') {
    return maybe((t) => DOCKER_CONFIG_SECRET.test(t), { kind: 'registry-credentials', label: 'Docker registry credentials' });
  }
  if (lower === 'settings.xml' && (parent === '.m2' || segs.length === 1)) {
    return maybe((t) => MAVEN_SECRET.test(t), { kind: 'registry-credentials', label: 'a Maven settings.xml with a password' });
  }
  if (/\.tfvars(?:\.json)?$/.test(lower)) return maybe(assignmentsHaveSecret, { kind: 'terraform-vars', label: 'Terraform variables with secrets' });
  if (/\.json$/.test(lower) && /(?:service[-_]?account|credential|gcp[-_]key|gcloud[-_]key|sa[-_]key|^key)/.test(lower)) {
    return maybe((t) => JSON_KEY_SECRET.test(t) && !/"type"\s*:\s*"external_account"/.test(t), {
      kind: 'service-account',
      label: 'a service account key',
    });
  }
  return undefined;
}
