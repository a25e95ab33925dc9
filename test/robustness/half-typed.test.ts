/**
 * A RUN being typed is broken most of the time: an open quote, an `if` without `fi`, a `$(` without
 * `)`. The bash grammar recovers from the error, and the complete commands around the broken part
 * must still give their findings — no more, no fewer — whatever rule reads them.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { INTERNAL_CODE, SourceText, rulesFor } from '../../rules/api.js';
import { lint } from '../../rules/engine/lint.js';
import type { Rule } from '../../rules/engine/types.js';
import type { DockerfileModel } from '../../rules/languages/dockerfile.js';
import { dockerfileLanguage } from '../../rules/languages/dockerfile-language.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

before(() => loadShellGrammar());

/** One complete command per shell rule, with the codes it gives on its own. */
const COMPLETE: [string, string[]][] = [
  ['curl -fsSL https://get.example.com | sh', ['DF032', 'DF035']],
  ['npm config set strict-ssl false', ['DF026']],
  ['chmod 777 /app', ['DF017']],
  ['chmod 4755 /usr/bin/tool', ['DF013']],
  ['git config --global http.sslVerify false', ['DF028']],
  ['wget --no-check-certificate -O /tmp/a.tgz https://example.com/a.tgz', ['DF025', 'DF034']],
  ['echo "deb [trusted=yes] https://repo.example.com/ ./" > /etc/apt/sources.list.d/x.list', ['DF022']],
];

/** Half-typed parts that swallow what follows them (nothing after them is a complete command). */
const OPEN = ['echo "abc', "echo 'abc", 'if [ -f /x ]; then', 'x=$(foo', 'case "$a" in', '{ echo', 'for f in a b; do', 'echo $((1+', 'f() {', '(echo', 'echo `date'];
/** Half-typed parts that the commands after them still follow. */
const BROKEN = ['if [ -f /x ]; then ; fi', 'for ; do echo; done', 'echo $(( ', ') &&', 'while ; do :; done', 'case x in ;; esac', 'fi', 'done', '}', 'esac', '&& ', '| '];

const BASE = 'FROM example.com/base:1\nUSER 1000\n';
const rules = () => rulesFor('dockerfile') as Rule<DockerfileModel>[];

/** The codes of the findings on the RUN line (line 3), sorted; no internal finding anywhere. */
function runCodes(run: string): string[] {
  const result = lint(new SourceText('/project/Dockerfile', `${BASE}RUN ${run}\n`), dockerfileLanguage, rules());
  assert.deepEqual(
    result.findings.filter((f) => f.code === INTERNAL_CODE),
    [],
    run,
  );
  const runStart = BASE.length;
  return result.findings
    .filter((f) => f.span.start >= runStart)
    .map((f) => f.code)
    .sort();
}

describe('half-typed RUN scripts', () => {
  it('each complete command gives its findings on its own (the cases are live)', () => {
    for (const [command, codes] of COMPLETE) assert.deepEqual(runCodes(command), codes, command);
  });

  it('a complete command before a half-typed part keeps its findings', () => {
    for (const [command, codes] of COMPLETE) {
      for (const open of [...OPEN, ...BROKEN]) {
        for (const joint of ['; ', ' \\\n  && ']) assert.deepEqual(runCodes(`${command}${joint}${open}`), codes, `${command}${joint}${open}`);
      }
    }
  });

  it('a complete command after a broken part keeps its findings', () => {
    for (const [command, codes] of COMPLETE) {
      for (const broken of BROKEN) assert.deepEqual(runCodes(`${broken}; ${command}`), codes, `${broken}; ${command}`);
    }
  });

  it('a complete command after an open part is part of it: no finding (looks risky, is right)', () => {
    // Inside an open quote the command is text; inside an open `$(` or `if` it is not complete yet.
    for (const [command] of COMPLETE) assert.deepEqual(runCodes(`echo "abc; ${command}`), [], command);
  });
});
