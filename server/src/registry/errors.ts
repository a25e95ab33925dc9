/** Why a tag could not be resolved, in words a user can act on. */
export type RegistryErrorKind =
  | 'invalid-reference'
  | 'offline'
  | 'timeout'
  | 'cancelled'
  | 'unreachable'
  | 'tls'
  | 'insecure'
  | 'unauthorized'
  | 'denied'
  | 'not-found'
  | 'protocol';

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export function isRegistryError(e: unknown): e is RegistryError {
  return e instanceof RegistryError;
}
