/** Literal secrets in a dotenv file (`.env`, an `env_file:`): what DC082 reports. */
import type { DotEnvEntry } from '../languages/dotenv.js';
import { findTokenFormat, isNonSecretValue, isSecretName } from './secrets.js';

export interface EnvSecret {
  name: string;
  /** Why it counts: a secret-like name with a literal value, or a known token format. */
  reason: 'name' | 'token';
  line: number;
}

/** Variables of a dotenv file that hold a literal secret. */
export function envFileSecrets(entries: readonly DotEnvEntry[]): EnvSecret[] {
  const out: EnvSecret[] = [];
  for (const e of entries) {
    if (e.value === undefined) continue;
    if (findTokenFormat(e.value)) out.push({ name: e.name, reason: 'token', line: e.line });
    else if (isSecretName(e.name) && !isNonSecretValue(e.value)) out.push({ name: e.name, reason: 'name', line: e.line });
  }
  return out;
}
