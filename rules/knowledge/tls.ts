/** Settings that turn TLS certificate verification off, by environment variable and by tool setting. */

const FALSE = /^(0|false|no|off)$/i;

interface EnvRule {
  /** What the variable does when set this way (shown in messages). */
  effect: string;
  disables(value: string): boolean;
}

/** Environment variables (names are case-sensitive, except npm's `npm_config_*`). */
const TLS_ENV: Record<string, EnvRule> = {
  NODE_TLS_REJECT_UNAUTHORIZED: { effect: 'Node.js accepts any certificate', disables: (v) => v.trim() === '0' },
  PYTHONHTTPSVERIFY: { effect: 'Python skips certificate checks', disables: (v) => v.trim() === '0' },
  // git checks only whether the variable is set.
  GIT_SSL_NO_VERIFY: { effect: 'git accepts any certificate', disables: () => true },
  NPM_CONFIG_STRICT_SSL: { effect: 'npm accepts any certificate', disables: (v) => FALSE.test(v.trim()) },
  YARN_ENABLE_STRICT_SSL: { effect: 'Yarn accepts any certificate', disables: (v) => FALSE.test(v.trim()) },
  YARN_STRICT_SSL: { effect: 'Yarn accepts any certificate', disables: (v) => FALSE.test(v.trim()) },
  PIP_TRUSTED_HOST: { effect: 'pip accepts any certificate (and plain HTTP) from these hosts', disables: (v) => v.trim() !== '' },
  UV_INSECURE_HOST: { effect: 'uv accepts any certificate from these hosts', disables: (v) => v.trim() !== '' },
  CONDA_SSL_VERIFY: { effect: 'conda accepts any certificate', disables: (v) => FALSE.test(v.trim()) },
  BUNDLE_SSL_VERIFY_MODE: { effect: 'Bundler accepts any certificate', disables: (v) => v.trim() === '0' },
  GOINSECURE: { effect: 'Go fetches these modules without certificate checks (or over HTTP)', disables: (v) => v.trim() !== '' },
  // An empty CA bundle makes Python `requests` skip verification.
  CURL_CA_BUNDLE: { effect: 'Python requests skips certificate checks', disables: (v) => v === '' },
  REQUESTS_CA_BUNDLE: { effect: 'Python requests skips certificate checks', disables: (v) => v === '' },
};

/** What setting `name=value` does to TLS verification, or undefined when it leaves it on. */
export function tlsDisablingEnv(name: string, value: string): string | undefined {
  const key = /^npm_config_/i.test(name) ? name.toUpperCase().replace(/-/g, '_') : name;
  // An own key only: `ENV constructor=1` must not find Object's constructor.
  const rule = Object.hasOwn(TLS_ENV, key) ? TLS_ENV[key] : undefined;
  if (rule) return rule.disables(value) ? rule.effect : undefined;
  if (key === 'GOFLAGS' && /(^|\s)-insecure(\s|=true|$)/.test(value)) return 'go get fetches over insecure connections';
  return undefined;
}
