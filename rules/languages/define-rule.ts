/**
 * How a rule is written: `export default defineRule({ meta, check, fix })`. The model its check and
 * fix see follows from `meta.language`; the rest of the contract (message ids, placeholders, options,
 * fix data) is checked by tsc, see rules/engine/define-rule.ts.
 */
import { ruleDefiner } from '../engine/define-rule.js';
import type { ComposeModel } from './compose.js';
import type { DockerfileModel } from './dockerfile.js';

export { message, type ReportOf } from '../engine/define-rule.js';

export const defineRule = ruleDefiner<{ dockerfile: DockerfileModel; compose: ComposeModel }>();
