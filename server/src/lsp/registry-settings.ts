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

/** `bosun.registry.*` per resource, asked from the client (whose answer may change at any time). */
export class RegistrySettingsSource {
  /** Whether the client answers `workspace/configuration`; without it, the defaults. */
  supported = false;
  /** Per resource, until the configuration changes (listing actions, linting). */
  private readonly cached = new Map<string, Promise<RegistrySettings>>();

  constructor(private readonly ask: (uri: string) => Promise<unknown>) {}

  /** Fresh settings (resolve and commands read them again: the user may have just changed them). */
  async fresh(uri: string): Promise<RegistrySettings> {
    if (!this.supported) return DEFAULT_REGISTRY_SETTINGS;
    try {
      return sanitiseRegistrySettings(await this.ask(uri));
    } catch {
      return DEFAULT_REGISTRY_SETTINGS;
    }
  }

  /** Asked once until the configuration changes. */
  cachedFor(uri: string): Promise<RegistrySettings> {
    let cached = this.cached.get(uri);
    if (!cached) {
      if (this.cached.size > 256) this.cached.clear();
      this.cached.set(uri, (cached = this.fresh(uri)));
    }
    return cached;
  }

  forget(): void {
    this.cached.clear();
  }
}
