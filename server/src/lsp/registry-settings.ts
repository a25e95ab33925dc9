/** `bosun.registry.*`: the registry features' settings (Pin to digest, image facts), sanitised. */
import { DEFAULT_TIMEOUT_MS } from '../registry/client.js';

export interface RegistrySettings {
  enabled: boolean;
  offline: boolean;
  timeoutMs: number;
  useDockerCredentials: boolean;
  credentialHelpers: boolean;
  insecureRegistries: string[];
  /** Fetch base-image facts in the background and use the cached ones (the lock file is read regardless). */
  imageFacts: boolean;
}

export const DEFAULT_REGISTRY_SETTINGS: RegistrySettings = {
  enabled: true,
  offline: false,
  timeoutMs: DEFAULT_TIMEOUT_MS,
  useDockerCredentials: false,
  credentialHelpers: false,
  insecureRegistries: [],
  imageFacts: true,
};

/** Well-formed values only: a typo in settings.json must not turn on credentials or plain HTTP. */
export function sanitiseRegistrySettings(raw: unknown): RegistrySettings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_REGISTRY_SETTINGS;
  const timeout = typeof o.timeoutMs === 'number' && Number.isFinite(o.timeoutMs) ? Math.min(Math.max(o.timeoutMs, 100), 60_000) : d.timeoutMs;
  return {
    enabled: o.enabled !== false,
    offline: o.offline === true,
    timeoutMs: timeout,
    useDockerCredentials: o.useDockerCredentials === true,
    credentialHelpers: o.credentialHelpers === true,
    insecureRegistries: Array.isArray(o.insecureRegistries) ? o.insecureRegistries.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [],
    imageFacts: o.imageFacts !== false,
  };
}

