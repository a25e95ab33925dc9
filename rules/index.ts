/** The explicit registry of every rule. Order is the order rules run and are listed. */
import type { Rule } from './engine/types.js';
import noRootUser from './dockerfile/no-root-user.js';

export const allRules: readonly Rule<never>[] = [noRootUser] as Rule<never>[];
