/**
 * The name a secret gets when a variable moves into one (Compose `secrets:`, BuildKit `--mount=type=secret`):
 * `POSTGRES_PASSWORD` → `postgres_password`. Lower case, and only the characters both accept.
 */
export function secretId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_.-]/g, '_');
}
