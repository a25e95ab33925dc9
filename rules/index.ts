/** The explicit registry of every rule. Order is the order rules run and are listed. */
import type { Rule } from './engine/types.js';
import noRootUser from './dockerfile/no-root-user.js';
import noSecretInArgEnv from './dockerfile/no-secret-in-arg-env.js';
import noLatestTag from './dockerfile/no-latest-tag.js';
import noPrivileged from './compose/no-privileged.js';
import noRuntimeSocketMount from './compose/no-runtime-socket-mount.js';
import requireNoNewPrivileges from './compose/require-no-new-privileges.js';

export const allRules: readonly Rule<never>[] = [noRootUser, noSecretInArgEnv, noLatestTag, noPrivileged, noRuntimeSocketMount, requireNoNewPrivileges] as Rule<never>[];
