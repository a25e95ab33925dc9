/**
 * A rule file is a rule, not a library: what rules share lives in rules/shared, rules/languages or
 * rules/knowledge, and only the registry (rules/index.ts) imports rule files. Tests beside a rule
 * may import it; nothing else under rules/ may.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { sourceFiles } from '../support/source-files.js';

const RULES = new URL('../../rules', import.meta.url).pathname.replace(/\/$/, '');
const RULE_DIRS = ['dockerfile', 'compose'].map((d) => join(RULES, d));

/** The files a module imports (relative specifiers only), as absolute `.ts` paths. */
function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    out.push(resolve(dirname(file), m[1]).replace(/\.js$/, '.ts'));
  }
  return out;
}

const isRuleFile = (path: string) => RULE_DIRS.includes(dirname(path)) && !path.endsWith('.test.ts');

describe('rule files', () => {
  it('are imported by the registry only: no rule file or helper imports one', () => {
    const offenders = sourceFiles(RULES)
      .filter((file) => file !== join(RULES, 'index.ts'))
      .flatMap((file) =>
        importsOf(file)
          .filter(isRuleFile)
          .map((target) => `${relative(RULES, file)} imports ${relative(RULES, target)}`),
      );
    assert.deepEqual(offenders, []);
  });

  it('the check reads imports as written (looks risky, is fine: a type-only import of a helper, a re-export)', () => {
    const file = join(RULES, 'compose', 'example.ts');
    const text = [
      "import type { Report } from '../engine/types.js';",
      "import {\n  a,\n  b,\n} from './no-privileged.js';",
      "export { c } from '../dockerfile/no-root-user.js';",
      "import { d } from '../shared/compose-limits.js';",
    ].join('\n');
    assert.deepEqual(
      importsOf(file, text)
        .filter(isRuleFile)
        .map((p) => relative(RULES, p)),
      ['compose/no-privileged.ts', 'dockerfile/no-root-user.ts'],
    );
  });
});
