/**
 * A complexity guard for one Dockerfile rule: its check on a file of n and of 4n repetitions of
 * one piece, in time linear in n (test/support/scaling.ts: CPU time, a ratio, no wall-clock
 * budget). The file is parsed and checked once before the timing, so the shell reading and the
 * model's caches are paid outside it and the ratio is the rule's own.
 */
import assert from 'node:assert/strict';
import { SourceText } from '../../rules/api.js';
import type { Rule, RuleContext } from '../../rules/engine/types.js';
import { type DockerfileModel, parseDockerfile } from '../../rules/languages/dockerfile.js';
import { assertLinear, type Growth } from './scaling.js';

export function assertCheckLinear(
  rule: Rule<DockerfileModel>,
  what: string,
  text: (n: number) => string,
  /** How many reports the file of n repetitions gives (so the shape does reach the code it guards). */
  reports: (n: number) => number,
  n: number,
): Growth {
  const checked = (k: number): RuleContext<DockerfileModel> => {
    const ctx: RuleContext<DockerfileModel> = { model: parseDockerfile(new SourceText('/project/Dockerfile', text(k))), options: {}, path: '/project/Dockerfile' };
    assert.equal([...rule.check(ctx)].length, reports(k), `${what}: reports at n = ${k}`);
    return ctx;
  };
  return assertLinear(`${rule.meta.code} ${what}`, checked, (ctx) => [...rule.check(ctx)], n);
}
