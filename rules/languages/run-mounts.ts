import type { Span } from '../engine/types.js';
import type { FlagInfo } from './dockerfile.js';

/** One `RUN --mount=…` with BuildKit's defaults filled in. */
export interface MountInfo {
  type: string;
  id: string | undefined;
  /** Where the mount appears; for a secret, the file (unset when the secret is only an env variable). */
  target: string | undefined;
  /** `env=NAME` of a secret mount (Dockerfile syntax 1.10+). */
  env: string | undefined;
  span: Span;
}

export function mountsOf(flags: readonly FlagInfo[]): MountInfo[] {
  return flags
    .filter((f) => f.name === 'mount')
    .map((f) => {
      const o = f.options;
      const type = (o.get('type') || 'bind').toLowerCase();
      let target = o.get('target') ?? o.get('dst') ?? o.get('destination') ?? undefined;
      let id = o.get('id') ?? undefined;
      const env = o.get('env') ?? undefined;
      if (type === 'secret') {
        // `id` defaults to the target's base name, the target to /run/secrets/<id>; a secret
        // with only `env=` is not mounted as a file.
        if (!id && target) id = target.split('/').pop();
        if (!target && id && !env) target = `/run/secrets/${id}`;
      }
      return { type, id, target, env, span: f.span };
    });
}

export function secretMountsOf(flags: readonly FlagInfo[]): MountInfo[] {
  return mountsOf(flags).filter((m) => m.type === 'secret');
}

/** Targets of cache, tmpfs and bind mounts: files written there do not end up in the layer. */
export function volatileTargetsOf(flags: readonly FlagInfo[]): string[] {
  return mountsOf(flags)
    .filter((m) => (m.type === 'cache' || m.type === 'tmpfs' || m.type === 'bind') && m.target)
    .map((m) => m.target!);
}
