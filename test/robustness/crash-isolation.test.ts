/**
 * Crash isolation in the engine: a rule that throws (at once, after some findings, with a value
 * that is not an Error, with a report the engine cannot place) becomes one internal finding and the
 * other rules still run; a throwing fix yields no fix; a throwing parser becomes one internal
 * finding; nothing escapes lint() or fixesFor(). The injected rules run with the real ones.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { INTERNAL_CODE, SourceText, fixesFor, rulesFor } from '../../rules/api.js';
import { defineRule } from '../../rules/languages/define-rule.js';
import type { LanguageSupport } from '../../rules/engine/language.js';
import { lint } from '../../rules/engine/lint.js';
import type { Report, Rule } from '../../rules/engine/types.js';
import type { ComposeModel } from '../../rules/languages/compose.js';
import { composeLanguage } from '../../rules/languages/compose-language.js';
import type { DockerfileModel } from '../../rules/languages/dockerfile.js';
import { dockerfileLanguage } from '../../rules/languages/dockerfile-language.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const DOCKERFILE = 'FROM alpine:3.20\nRUN apk add curl\nCMD ["sh"]\n';

/** A rule as the engine runs it, whatever it does: built by hand (defineRule would reject the broken ones at compile time). */
function injected(code: string, check: () => Iterable<Report>, fix?: Rule<DockerfileModel>['fix']): Rule<DockerfileModel> {
  return {
    meta: {
      code,
      name: `injected-${code.toLowerCase()}`,
      language: 'dockerfile',
      title: 'Injected for tests',
      why: 'Tests crash isolation.',
      level: 'warning',
      risk: 'low',
      tags: [],
      others: {},
      messages: { m: 'injected finding' },
      ...(fix ? { fix: 'safe' as const } : {}),
    },
    check,
    fix,
  };
}

const realRules = () => rulesFor('dockerfile') as Rule<DockerfileModel>[];
const internal = (r: ReturnType<typeof lint>) => r.findings.filter((f) => f.code === INTERNAL_CODE);

function lintWith(rules: Rule<DockerfileModel>[], text = DOCKERFILE, language: LanguageSupport<DockerfileModel> = dockerfileLanguage) {
  return lint(new SourceText('/project/Dockerfile', text), language, rules);
}

describe('engine crash isolation', () => {
  // After the shell grammar has loaded (the root `before`).
  let baselineResult: ReturnType<typeof lintWith> | undefined;
  const baseline = {
    get findings() {
      return (baselineResult ??= lintWith(realRules())).findings;
    },
  };

  const throwers: [string, () => Iterable<Report>][] = [
    [
      'throws an Error at once',
      () => {
        throw new Error('boom');
      },
    ],
    [
      'throws after yielding a finding',
      function* () {
        yield { messageId: 'm', span: { start: 0, end: 4 } };
        throw new TypeError('half way');
      },
    ],
    [
      'throws a string',
      () => {
        throw 'not an error';
      },
    ],
    [
      'throws undefined',
      () => {
        throw undefined;
      },
    ],
    [
      'throws an object that cannot be printed',
      () => {
        throw Object.create(null);
      },
    ],
    [
      'throws an object whose toString throws',
      () => {
        throw {
          toString: () => {
            throw new Error('nested');
          },
        };
      },
    ],
    [
      'yields a report with an unknown messageId',
      function* () {
        yield { messageId: 'nope', span: { start: 0, end: 4 } };
      },
    ],
    ['returns something that is not iterable', () => 42 as unknown as Iterable<Report>],
  ];

  for (const [name, check] of throwers) {
    it(`a rule that ${name} becomes one internal finding; every other rule still reports`, () => {
      const result = lintWith([injected('DF998', check), ...realRules()]);
      const errors = internal(result);
      assert.equal(errors.length, 1, JSON.stringify(result.findings.map((f) => f.code)));
      assert.equal(errors[0].level, 'warning');
      assert.match(errors[0].message, /^Rule DF998 \(injected-df998\) failed on this file/);
      assert.equal(result.errors.length, 1);
      const others = result.findings.filter((f) => f.code !== INTERNAL_CODE && f.code !== 'DF998');
      assert.deepEqual(
        others.map((f) => f.code),
        baseline.findings.map((f) => f.code),
      );
    });
  }

  it('rules that fail for one cause (a model that breaks on the file) make one internal finding', () => {
    const a = injected('DF990', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'getRange')");
    });
    const b = injected('DF989', () => {
      throw new TypeError("Cannot read properties of undefined (reading 'getRange')");
    });
    const c = injected('DF988', () => {
      throw new Error('something else');
    });
    const result = lintWith([a, b, c, ...realRules()]);
    assert.deepEqual(
      internal(result)
        .map((f) => f.message)
        .sort(),
      ["2 rules (DF990, DF989) failed on this file: Cannot read properties of undefined (reading 'getRange')", 'Rule DF988 (injected-df988) failed on this file: something else'],
    );
  });

  it('places reports with impossible spans inside the document', () => {
    const text = DOCKERFILE;
    const result = lintWith([
      injected('DF997', function* () {
        yield { messageId: 'm', span: { start: -50, end: -10 } };
        yield { messageId: 'm', span: { start: 1e9, end: 2e9 } };
        yield { messageId: 'm', span: { start: 20, end: 3 } };
        yield { messageId: 'm', span: { start: Number.NaN, end: Number.POSITIVE_INFINITY } };
      }),
    ]);
    assert.deepEqual(result.errors, []);
    const lines = text.split('\n');
    for (const f of result.findings) {
      assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, JSON.stringify(f.span));
      for (const p of [f.range.start, f.range.end]) assert.ok(p.line < lines.length && p.character <= lines[p.line].length, JSON.stringify(f.range));
    }
  });

  it('a fix that throws, a safe fix that does not fix, and malformed edits are not offered', () => {
    const throwing = injected(
      'DF996',
      function* () {
        yield { messageId: 'm', span: { start: 0, end: 4 } };
      },
      () => {
        throw new Error('fix boom');
      },
    );
    const useless = injected(
      'DF995',
      function* () {
        yield { messageId: 'm', span: { start: 0, end: 4 } };
      },
      () => [{ title: 'Add a comment', safe: true, edits: [{ start: 0, end: 0, text: '# still here\n' }] }],
    );
    const out = injected(
      'DF994',
      function* () {
        yield { messageId: 'm', span: { start: 0, end: 4 } };
      },
      () => [{ title: 'Out of range', safe: true, edits: [{ start: 1e6, end: 2e6, text: 'x' }] }],
    );
    const malformed = injected(
      'DF991',
      function* () {
        yield { messageId: 'm', span: { start: 0, end: 4 } };
      },
      () => [
        { title: 'NaN', safe: false, edits: [{ start: Number.NaN, end: 2, text: 'x' }] },
        {
          title: 'Overlapping',
          safe: false,
          edits: [
            { start: 0, end: 5, text: 'x' },
            { start: 3, end: 8, text: 'y' },
          ],
        },
        { title: 'Reversed', safe: false, edits: [{ start: 5, end: 2, text: 'x' }] },
      ],
    );
    const result = lintWith([throwing, useless, out, malformed]);
    for (const code of ['DF996', 'DF995', 'DF994', 'DF991']) {
      const finding = result.findings.find((f) => f.code === code)!;
      assert.deepEqual(fixesFor(result, finding), [], code);
    }
  });

  it('a safe fix is offered as unsafe when the parser met syntax errors', () => {
    const fixing = injected(
      'DF993',
      function* (this: unknown) {
        yield { messageId: 'm', span: { start: 0, end: 4 } };
      },
      () => [{ title: 'Fix', safe: true, edits: [{ start: 0, end: 4, text: 'FROM' }] }],
    );
    const broken: LanguageSupport<DockerfileModel> = { ...dockerfileLanguage, parseErrors: () => 2 };
    const result = lintWith([fixing], DOCKERFILE, broken);
    const [fix] = fixesFor(result, result.findings[0]);
    assert.equal(fix.safe, false);
  });

  it('a parser that throws becomes one internal finding and no rule runs', () => {
    const exploding: LanguageSupport<DockerfileModel> = {
      ...dockerfileLanguage,
      parse: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const result = lintWith(realRules(), DOCKERFILE, exploding);
    assert.deepEqual(
      result.findings.map((f) => f.code),
      [INTERNAL_CODE],
    );
    assert.match(result.findings[0].message, /could not read this dockerfile: Maximum call stack/);
    assert.deepEqual(result.timings, []);
  });

  it('a parse-error hook that throws is read as "the file has errors", not as a crash', () => {
    const result = lint(
      new SourceText('/project/compose.yaml', 'services: {}\n'),
      {
        ...composeLanguage,
        parseErrors: () => {
          throw new Error('x');
        },
      },
      [],
    );
    assert.deepEqual(result.errors, []);
    assert.equal(result.parseErrors, 1);
  });

  it('a rule that throws on one file does not disturb the next lint', () => {
    let calls = 0;
    const flaky = injected('DF992', () => {
      calls++;
      if (calls === 1) throw new Error('first time only');
      return [];
    });
    assert.equal(internal(lintWith([flaky, ...realRules()])).length, 1);
    const second = lintWith([flaky, ...realRules()]);
    assert.equal(internal(second).length, 0);
    assert.deepEqual(
      second.findings.map((f) => f.code),
      baseline.findings.map((f) => f.code),
    );
  });
});

describe('model bugs found by the fuzzer (dockerfile-ast throws or recurses; the model works around it)', () => {
  const findings = (text: string) => lintWith(realRules(), text).findings.map((f) => `${f.code}@${f.span.start}-${f.span.end}`);
  const codes = (text: string) => lintWith(realRules(), text).findings.map((f) => f.code);

  it('a lone CR after a line continuation, before a comment line (Run.getHeredocs threw): the RUN and COPY rules still run', () => {
    const result = lintWith(realRules(), 'FROM alpine\nRUN a \\\r# c\n b\nCOPY . /app\nRUN apt-get install curl \\\r# c\n -y\n');
    assert.deepEqual(internal(result), []);
    assert.deepEqual(result.errors, []);
    const found = new Set(result.findings.map((f) => f.code));
    for (const code of ['DF001', 'DF003']) assert.ok(found.has(code), `${code} in ${[...found]}`);
    assert.ok(
      result.timings.some((t) => t.code === 'DF030'),
      'the COPY rules ran',
    );
  });

  it('a line continuation in an unterminated heredoc, as typed (Run.getHeredocs threw): same findings as without the continuation', () => {
    for (const [typed, plain] of [
      ['RUN <<EOF\n\\\n EOF\n', 'RUN <<EOF\n\n EOF\n'],
      ['FROM alpine\nCOPY <<EOF /x\n\\\n EOF\n', 'FROM alpine\nCOPY <<EOF /x\n\n EOF\n'],
    ]) {
      const result = lintWith(realRules(), typed);
      assert.deepEqual(internal(result), [], JSON.stringify(typed));
      assert.deepEqual(codes(typed), codes(plain), JSON.stringify(typed));
    }
  });

  it('a BOM or a blank before an instruction that uses a variable, without FROM (resolveVariable recursed): same findings at the same places', () => {
    for (const text of ['\uFEFFCOPY $SRC /app/\n', '\uFEFFEXPOSE $PORT', '\uFEFFARG P=22\nEXPOSE $P\n', ' COPY $SRC /app/\n']) {
      const result = lintWith(realRules(), text);
      assert.deepEqual(internal(result), [], JSON.stringify(text));
      const unindented = text.replace(/^[\uFEFF ]/, '');
      // The same findings, one character further on (spans that start at 0 cover the whole first line).
      assert.deepEqual(
        findings(text),
        findings(unindented).map((f) => f.replace(/@(\d+)-(\d+)/, (_, s, e) => `@${s === '0' ? 0 : +s + 1}-${+e + 1}`)),
        JSON.stringify(text),
      );
    }
  });

  it('a BOM before a Dockerfile with FROM still resolves its ARGs (the risky case that was fine)', () => {
    const text = '\uFEFFARG PORT=22\nFROM alpine:3.20\nARG PORT\nEXPOSE $PORT\n';
    assert.deepEqual(internal(lintWith(realRules(), text)), []);
    assert.deepEqual(
      findings(text),
      findings(text.slice(1)).map((f) => f.replace(/@(\d+)-(\d+)/, (_, s, e) => `@${s === '0' ? 0 : +s + 1}-${+e + 1}`)),
    );
  });
});

describe('Compose safe fixes and YAML the parser could not read (composeLanguage.parseErrors)', () => {
  const composeRules = () => rulesFor('compose') as Rule<ComposeModel>[];
  const lintCompose = (text: string, rules = composeRules()) => lint(new SourceText('/project/compose.yaml', text), composeLanguage, rules);
  const SERVICE = 'services:\n  web:\n    image: alpine:3.20\n    tmpfs: /tmp\n';
  const dc003Fix = (text: string) => {
    const result = lintCompose(text);
    const finding = result.findings.find((f) => f.code === 'DC003');
    assert.ok(finding, 'DC003 (no-new-privileges) is found');
    return { result, fix: fixesFor(result, finding)[0] };
  };

  it('counts the YAML errors of the file', () => {
    assert.equal(lintCompose(SERVICE).parseErrors, 0);
    assert.ok((lintCompose(`${SERVICE}  other: [\n`).parseErrors ?? 0) > 0);
    assert.ok((lintCompose(`${SERVICE}    labels: {a: 1\n`).parseErrors ?? 0) > 0);
  });

  it('a safe fix on broken YAML is offered as unsafe (not applied unattended)', () => {
    assert.equal(dc003Fix(SERVICE).fix.safe, true, 'safe on a file the parser read');
    assert.equal(dc003Fix(`${SERVICE}  other: [\n`).fix.safe, false);
  });

  it('a safe fix whose output does not parse is not offered', () => {
    const breaking = defineRule({
      meta: {
        code: 'DC993',
        name: 'injected-dc993',
        language: 'compose',
        title: 'Injected for tests',
        why: 'Tests fix verification.',
        level: 'warning',
        risk: 'low',
        tags: [],
        others: {},
        messages: { m: 'injected finding' },
        fix: 'safe',
      },
      *check({ model }) {
        if (!model.file.text.includes('fixed')) yield { messageId: 'm', span: { start: 0, end: 8 } };
      },
      // Removes the finding, but leaves an unclosed flow sequence.
      fix: () => [{ title: 'Break it', safe: true, edits: [{ start: 0, end: 0, text: 'fixed: [\n' }] }],
    });
    const result = lintCompose(SERVICE, [breaking]);
    assert.deepEqual(fixesFor(result, result.findings[0]), []);
  });
});
