/**
 * Secret heuristics shared by the Dockerfile and Compose rules. Pure data and
 * pure functions: nothing here knows about parsers or files.
 *
 * Names: BuildKit's SecretsUsedInArgOrEnv tokenization is the low-false-positive base (a deny word
 * must be a whole `_`/`-`/`.`-delimited word, camelCase and letter/digit boundaries split too), plus
 * the exact names hadolint DL3064 and Trivy DS-0031 list, minus names that only describe or point at
 * a secret (`*_FILE`, `PUBLIC_KEY`, `TOKEN_URL`) and quantity/policy names (`TOKEN_TTL`,
 * `PASSWORD_MIN_LENGTH`), as compose-lint excludes them.
 *
 * Values: known token formats (gitleaks/trufflehog prefixes). Every pattern starts with a
 * look-behind word boundary and uses only bounded, non-nested quantifiers, so matching is linear in
 * the length of the value: no catastrophic backtracking on hostile input.
 */
import { textMemo } from '../languages/text-memo.js';

/** Whole words that make a name secret-like (lower case). BuildKit's list plus common compounds. */
export const SECRET_DENY_TOKENS: readonly string[] = [
  // BuildKit SecretsUsedInArgOrEnv
  'apikey',
  'auth',
  'credential',
  'credentials',
  'key',
  'password',
  'pword',
  'passwd',
  'secret',
  'token',
  // Trivy DS-0031 adds psw; compose-lint's _PASS, _PWD, PASSPHRASE
  'psw',
  'pass',
  'pwd',
  'passphrase',
  // compounds, written as one word or as two adjacent words (`PRIVATE_KEY` is also `privatekey`)
  'accesskey',
  'secretkey',
  'privatekey',
  'apitoken',
  'authtoken',
  'accesstoken',
  'clientsecret',
  'apisecret',
];

/** Deny words that also name public things (a GPG key id, the SSH agent socket): see SECRET_WEAK_OVERRIDE_TOKENS. */
export const SECRET_WEAK_DENY_TOKENS: readonly string[] = ['key', 'auth'];

/** Words that, anywhere in the name, say the value is not the secret itself (they override every deny word). */
export const SECRET_ALLOW_TOKENS: readonly string[] = [
  // BuildKit's: public; ours: file (a path to the secret), version
  'public',
  'file',
  'files',
  'version',
  // switches, not values (`ALLOW_EMPTY_PASSWORD=yes`, `MYSQL_RANDOM_ROOT_PASSWORD=1`, `AUTH_ENABLED=true`)
  'allow',
  'empty',
  'random',
  'skip',
  'enable',
  'enabled',
  'disable',
  'disabled',
  'require',
  'required',
  'use',
];

/**
 * Words that override only the weak deny words: `GPG_KEY` (a fingerprint, set by official images),
 * `SSH_AUTH_SOCK`. `GPG_PRIVATE_KEY` and `GPG_PASSPHRASE` stay secret.
 */
export const SECRET_WEAK_OVERRIDE_TOKENS: readonly string[] = ['gpg', 'pgp', 'fingerprint', 'fingerprints', 'keyring', 'keyserver', 'keyid', 'sock', 'socket'];

/**
 * Words that, after the last deny word, make the name describe a secret rather than hold it:
 * `KEY_PATH`, `TOKEN_URL`, `SECRET_NAME`, `AUTH_TYPE`. Before the deny word they do not count
 * (`USER_PASSWORD`, `HOST_KEY` stay secret).
 */
export const SECRET_QUALIFIER_TOKENS: readonly string[] = [
  'path',
  'dir',
  'directory',
  'url',
  'uri',
  'endpoint',
  'host',
  'hostname',
  'port',
  'name',
  'type',
  'method',
  'mode',
  'provider',
  'format',
  'algorithm',
  'alg',
  'issuer',
  'audience',
  'scope',
  'scopes',
  'location',
  'prefix',
  'suffix',
  'env',
  'mount',
];

/** Identifiers after a weak deny word: `SIGNING_KEY_ID`, `KMS_KEY_ARN` (but `SECRET_ID`, `ACCESS_KEY_ID` stay secret). */
export const SECRET_WEAK_QUALIFIER_TOKENS: readonly string[] = ['id', 'ids', 'arn', 'alias'];

/** Quantity and policy words (compose-lint's exclusions): `TOKEN_TTL`, `SESSION_KEY_MAX_AGE`, `PASSWORD_MIN_LENGTH`. */
export const SECRET_QUANTITY_TOKENS: readonly string[] = [
  'ttl',
  'timeout',
  'expiry',
  'expire',
  'expires',
  'expiration',
  'lifetime',
  'rotation',
  'interval',
  'retention',
  'duration',
  'seconds',
  'secs',
  'minutes',
  'mins',
  'hours',
  'days',
  'millis',
  'length',
  'len',
  'limit',
  'size',
  'policy',
  'count',
  'min',
  'max',
  'retries',
  'attempts',
  'bits',
  'rounds',
  'iterations',
  'cost',
];

/**
 * Exact names that are credentials (hadolint DL3064's list without its user names, e-mails, ids and
 * CI flags; Trivy DS-0031's list without AZURE_CLIENT_ID, an identifier). Also matched behind the
 * `VITE_` and `REACT_APP_` prefixes, as Trivy does.
 */
export const KNOWN_SECRET_NAMES: readonly string[] = [
  'ACCESS_TOKEN',
  'APPLICATION_KEY',
  'APP_SECRET',
  'AUTH_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AZURE_CLIENT_SECRET',
  'BITTREX_API_KEY',
  'BITTREX_API_SECRET',
  'CF_PASSWORD',
  'CIRCLE_TOKEN',
  'CI_DEPLOY_PASSWORD',
  'DIGITALOCEAN_ACCESS_TOKEN',
  'DOCKERHUB_PASSWORD',
  'DOCKER_PASSWORD',
  'FACEBOOK_ACCESS_TOKEN',
  'FACEBOOK_APP_SECRET',
  'FIREBASE_API_TOKEN',
  'FIREBASE_TOKEN',
  'FOSSA_API_KEY',
  'GH_ENTERPRISE_TOKEN',
  'GH_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  'GITHUB_TOKEN',
  'GOOGLE_API_KEY',
  'HEROKU_API_KEY',
  'HF_TOKEN',
  'LANGCHAIN_API_KEY',
  'LANGSMITH_API_KEY',
  'NPM_AUTH_TOKEN',
  'NPM_TOKEN',
  'OKTA_CLIENT_TOKEN',
  'OKTA_OAUTH2_CLIENTSECRET',
  'OPENAI_API_KEY',
  'OS_PASSWORD',
  'POSTGRES_PASSWORD',
  'SLACK_TOKEN',
  'STRIPE_API_KEY',
  'VAULT_CLIENT_KEY',
  'VAULT_TOKEN',
];

/** Prefixes front-end tool chains put before variables they bundle (Trivy strips them too). */
export const SECRET_NAME_PREFIXES: readonly string[] = ['VITE_', 'REACT_APP_'];

/** Names that match a deny word but hold no secret: shell state, apt switches, credential-file paths. */
export const NOT_SECRET_NAMES: readonly string[] = [
  'PWD',
  'OLDPWD',
  'APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'AWS_SHARED_CREDENTIALS_FILE',
  'HF_TOKEN_PATH',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'SUDO_ASKPASS',
];

const DENY = new Set(SECRET_DENY_TOKENS);
const WEAK = new Set(SECRET_WEAK_DENY_TOKENS);
const ALLOW = new Set(SECRET_ALLOW_TOKENS);
const WEAK_OVERRIDE = new Set(SECRET_WEAK_OVERRIDE_TOKENS);
const QUALIFIER = new Set(SECRET_QUALIFIER_TOKENS);
const WEAK_QUALIFIER = new Set(SECRET_WEAK_QUALIFIER_TOKENS);
const QUANTITY = new Set(SECRET_QUANTITY_TOKENS);
const KNOWN = new Set(KNOWN_SECRET_NAMES);
const NOT_SECRET = new Set(NOT_SECRET_NAMES);

/** Lower-case words of a variable name: split on `_ - .`, camelCase humps and letter/digit edges. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Za-z])([0-9])|([0-9])([A-Za-z])/g, (_m, a, b, c, d) => (a ? `${a}_${b}` : `${c}_${d}`))
    .toLowerCase()
    .split(/[_.-]+/)
    .filter(Boolean);
}

/**
 * True when a variable name says it holds a secret (ARG/ENV names, Compose environment keys).
 * Answered once per name: a file has few distinct names, and an editor asks again on every keystroke.
 */
export const isSecretName: (name: string) => boolean = textMemo(classifyName, 10_000);

function classifyName(name: string): boolean {
  const upper = name.toUpperCase();
  if (NOT_SECRET.has(upper)) return false;
  if (KNOWN.has(upper)) return true;
  for (const p of SECRET_NAME_PREFIXES) if (upper.startsWith(p) && KNOWN.has(upper.slice(p.length))) return true;
  const tokens = nameTokens(name);
  if (tokens.some((t) => ALLOW.has(t) || QUANTITY.has(t))) return false;
  // Deny words, with the index of their last word: single words and adjacent pairs (`private`+`key`).
  let last = -1;
  let strong = false;
  tokens.forEach((t, i) => {
    const pair = i > 0 ? tokens[i - 1] + t : '';
    for (const w of [t, pair]) {
      if (!DENY.has(w)) continue;
      last = i;
      if (!WEAK.has(w)) strong = true;
    }
  });
  if (last < 0) return false;
  if (!strong && tokens.some((t) => WEAK_OVERRIDE.has(t))) return false;
  return !tokens.slice(last + 1).some((t) => QUALIFIER.has(t) || (!strong && WEAK_QUALIFIER.has(t)));
}

/**
 * Values that stand for "put yours here" and authenticate nothing: `xxx`, `***`, `...`, `<your-key>`,
 * `your_api_key_here`, `replace-me`, `placeholder`, `TODO`. (`changeme` is not one: a service started
 * with it accepts it as the password — see `isDefaultCredential`.)
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  return /^(?:x{3,}|X{3,}|\*{3,}|\.{3,}|…|<[^<>]*>|\[[^[\]]*\]|\{\{[^{}]*\}\}|todo|tbd|fixme|placeholder|replace[-_ ]?me|(?:insert|put|enter|add)[-_ ]?(?:your|the)[-_ ].*|your[-_ ][\w -]*)$/i.test(
    v,
  );
}

/**
 * Passwords anyone would guess first: the usual defaults (`password`, `changeme`, `admin`, `root`,
 * `postgres`, `secret`, `123456`…), and a value equal to one of `sameAs` (the user name, database
 * name or service name next to it, as in `MARIADB_USER: paperless` + `MARIADB_PASSWORD: paperless`).
 */
export function isDefaultCredential(value: string, sameAs: ReadonlySet<string> = NO_VALUES): boolean {
  const v = value.trim().toLowerCase();
  return DEFAULT_PASSWORDS.has(v) || (v !== '' && sameAs.has(v));
}

const NO_VALUES: ReadonlySet<string> = new Set();

/** Values a default credential may copy (the service's name, its plain settings), as isDefaultCredential compares them. */
export function comparableValues(values: readonly string[]): ReadonlySet<string> {
  return new Set(values.map((s) => s.trim().toLowerCase()));
}

const DEFAULT_PASSWORDS = new Set([
  'password',
  'passw0rd',
  'pass',
  'changeme',
  'change-me',
  'change_me',
  'changeit',
  'secret',
  'admin',
  'administrator',
  'root',
  'toor',
  'default',
  'example',
  'test',
  'testing',
  'demo',
  'guest',
  'user',
  'letmein',
  'qwerty',
  'abc123',
  '1234',
  '12345',
  '123456',
  '12345678',
  'postgres',
  'mysql',
  'mariadb',
  'mongo',
  'mongodb',
  'redis',
  'rabbitmq',
  'minio',
  'minioadmin',
  'minio123',
  'sa',
  'oracle',
]);

/**
 * Literal values that cannot be a secret even under a secret-like name: empty, switches
 * (`true`, `no`, `none`, `disabled`) and absolute paths (`/run/secrets/db`, a pointer to a secret).
 */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || isPlaceholderValue(v)) return true;
  if (/^(?:true|false|yes|no|on|off|none|null|nil|disabled?|enabled?|0|1)$/i.test(v)) return true;
  return /^(?:\/|~\/)[\w.@+/-]*$/.test(v);
}

export interface TokenFormat {
  /** Stable slug, e.g. `github-pat`. */
  id: string;
  /** Human wording for messages, e.g. `GitHub personal access token`. */
  kind: string;
  re: RegExp;
  /** Extra test on the matched text (e.g. a marker that must appear inside); false drops the match. */
  check?: (match: string) => boolean;
}

/** `(?<!…)` boundaries: a token never starts or ends in the middle of a longer word. */
const B = '(?<![A-Za-z0-9_])';
const B2 = '(?<![A-Za-z0-9_-])';
const E = '(?![A-Za-z0-9_])';
const E2 = '(?![A-Za-z0-9_-])';
const re = (body: string) => new RegExp(body);

/** Known token formats (after gitleaks' rules and trufflehog's detectors), most specific first. */
export const TOKEN_FORMATS: readonly TokenFormat[] = [
  { id: 'private-key', kind: 'PEM private key', re: /-----BEGIN (?:(?:RSA|DSA|EC|DH|OPENSSH|PGP|ENCRYPTED|SSH2 ENCRYPTED) )?PRIVATE KEY(?: BLOCK)?-----/ },
  { id: 'putty-key', kind: 'PuTTY private key', re: /PuTTY-User-Key-File-[23]:/ },
  { id: 'age-key', kind: 'age secret key', re: re(`${B2}AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}${E}`) },
  {
    id: 'aws-access-key-id',
    kind: 'AWS access key ID',
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])/,
    // AWS's documentation keys end in EXAMPLE.
    check: (m) => !m.endsWith('EXAMPLE'),
  },
  { id: 'github-pat', kind: 'GitHub personal access token', re: re(`${B}ghp_[A-Za-z0-9]{36}${E}`) },
  { id: 'github-oauth', kind: 'GitHub OAuth token', re: re(`${B}gho_[A-Za-z0-9]{36}${E}`) },
  { id: 'github-app', kind: 'GitHub app token', re: re(`${B}gh[us]_[A-Za-z0-9]{36}${E}`) },
  { id: 'github-refresh', kind: 'GitHub refresh token', re: re(`${B}ghr_[A-Za-z0-9]{36}${E}`) },
  { id: 'github-fine-grained-pat', kind: 'GitHub fine-grained personal access token', re: re(`${B}github_pat_[A-Za-z0-9_]{82}${E}`) },
  { id: 'gitlab-pat', kind: 'GitLab personal access token', re: re(`${B2}glpat-[A-Za-z0-9_-]{20,300}${E2}`) },
  { id: 'gitlab-token', kind: 'GitLab token', re: re(`${B2}gl(?:dt|rt|cbt|ft|soat|oas)-[A-Za-z0-9_-]{20,300}${E2}`) },
  { id: 'gitlab-trigger-token', kind: 'GitLab pipeline trigger token', re: re(`${B2}glptt-[0-9a-f]{40}${E2}`) },
  { id: 'gitlab-runner-registration', kind: 'GitLab runner registration token', re: re(`${B2}GR1348941[A-Za-z0-9_-]{20}${E2}`) },
  { id: 'dockerhub-token', kind: 'Docker Hub access token', re: re(`${B2}dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,32}${E2}`) },
  { id: 'slack-token', kind: 'Slack token', re: re(`${B2}xox[abeoprs]-[A-Za-z0-9-]{10,250}${E2}`) },
  { id: 'slack-app-token', kind: 'Slack app token', re: re(`${B2}xapp-[0-9]-[A-Za-z0-9-]{20,250}${E2}`) },
  { id: 'slack-webhook', kind: 'Slack webhook URL', re: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{40,200}/ },
  { id: 'stripe-key', kind: 'Stripe secret key', re: re(`${B}(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,99}${E}`) },
  {
    id: 'anthropic-key',
    kind: 'Anthropic API key',
    re: re(`${B2}sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA${E2}`),
  },
  {
    id: 'openai-key',
    kind: 'OpenAI API key',
    re: re(`${B2}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,400}${E2}`),
    check: (m) => m.includes('T3BlbkFJ'),
  },
  { id: 'openai-legacy-key', kind: 'OpenAI API key', re: re(`${B2}sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}${E2}`) },
  { id: 'google-api-key', kind: 'Google API key', re: re(`${B2}AIza[A-Za-z0-9_-]{35}${E2}`) },
  { id: 'google-oauth-token', kind: 'Google OAuth access token', re: re(`${B2}ya29\\.[A-Za-z0-9_-]{20,2000}${E2}`) },
  { id: 'npm-token', kind: 'npm access token', re: re(`${B}npm_[A-Za-z0-9]{36}${E}`) },
  { id: 'pypi-token', kind: 'PyPI API token', re: re(`${B2}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,1000}${E2}`) },
  { id: 'rubygems-key', kind: 'RubyGems API key', re: re(`${B}rubygems_[a-f0-9]{48}${E}`) },
  { id: 'huggingface-token', kind: 'Hugging Face token', re: re(`${B}(?:hf|api_org)_[A-Za-z]{34}${E}`) },
  { id: 'digitalocean-token', kind: 'DigitalOcean token', re: re(`${B}do[opr]_v1_[a-f0-9]{64}${E}`) },
  { id: 'sendgrid-key', kind: 'SendGrid API key', re: re(`${B2}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}${E2}`) },
  { id: 'twilio-key', kind: 'Twilio API key', re: re(`${B}SK[0-9a-fA-F]{32}${E}`) },
  { id: 'mailgun-key', kind: 'Mailgun API key', re: re(`${B2}key-[0-9a-f]{32}${E2}`) },
  { id: 'mailchimp-key', kind: 'Mailchimp API key', re: re(`${B}[0-9a-f]{32}-us[0-9]{1,2}${E}`) },
  { id: 'square-token', kind: 'Square token', re: re(`${B2}sq0(?:atp-[A-Za-z0-9_-]{22}|csp-[A-Za-z0-9_-]{43})${E2}`) },
  { id: 'shopify-token', kind: 'Shopify token', re: re(`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`) },
  { id: 'databricks-token', kind: 'Databricks token', re: re(`${B}dapi[a-f0-9]{32}(?:-[0-9])?${E2}`) },
  { id: 'heroku-key', kind: 'Heroku API key', re: re(`${B2}HRKU-AA[A-Za-z0-9_-]{58}${E2}`) },
  { id: 'grafana-service-account', kind: 'Grafana service account token', re: re(`${B}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${E}`) },
  { id: 'onepassword-service-account', kind: '1Password service account token', re: re(`${B}ops_eyJ[A-Za-z0-9+/]{250,5000}={0,3}`) },
  { id: 'terraform-token', kind: 'Terraform Cloud token', re: re(`${B}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}${E2}`) },
  { id: 'azure-client-secret', kind: 'Azure AD client secret', re: re(`(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`) },
  { id: 'jwt', kind: 'JSON Web Token', re: re(`${B2}eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{16,2000}${E2}`) },
  {
    id: 'url-credentials',
    kind: 'password in a URL',
    re: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/[^\s:/@'"]{1,256}:[^\s/@'"]{1,256}@/,
    // `user:${DB_PASSWORD}@`, `user:<password>@`, `user:****@` are templates, not credentials.
    check: (m) => {
      const pass = m.slice(m.indexOf(':', m.indexOf('://') + 3) + 1, -1);
      return !/^[$%<{*]/.test(pass) && !/^(?:x+|password|pass|passwd|pwd|secret|changeme)$/i.test(pass);
    },
  },
];

export interface TokenMatch {
  /** Human wording, e.g. `GitHub personal access token`. */
  kind: string;
  /** Stable slug of the format, e.g. `github-pat`. */
  id: string;
  /** Offsets into the value. */
  span: { start: number; end: number };
}

const globalCopies = new Map<RegExp, RegExp>();

/** The first match of `f` in `value` that passes its check (scans on past rejected matches). */
function firstMatch(f: TokenFormat, value: string): RegExpExecArray | undefined {
  if (!f.check) return f.re.exec(value) ?? undefined;
  let g = globalCopies.get(f.re);
  if (!g) globalCopies.set(f.re, (g = new RegExp(f.re.source, `${f.re.flags}g`)));
  g.lastIndex = 0;
  for (let m = g.exec(value); m; m = g.exec(value)) {
    if (f.check(m[0])) return m;
    if (m[0].length === 0) g.lastIndex++;
  }
  return undefined;
}

/** The first known token format found in `value` (earliest position; ties go to the format listed first). */
export function findTokenFormat(value: string): TokenMatch | undefined {
  let best: TokenMatch | undefined;
  for (const f of TOKEN_FORMATS) {
    const m = firstMatch(f, value);
    if (m && (!best || m.index < best.span.start)) {
      best = { kind: f.kind, id: f.id, span: { start: m.index, end: m.index + m[0].length } };
    }
  }
  return best;
}
