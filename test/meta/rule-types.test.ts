/**
 * The rule contract is checked by tsc: rules written with defineRule that use a message id their
 * meta does not declare, leave a message's placeholder without data, read fix data their check does
 * not give, read an option they do not declare or the wrong language's model must not compile, and
 * a rule that does everything right (the parts that look risky included) must compile clean. The
 * rules are compiled in memory, beside the real sources, with the repository's compiler options.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { API, type Diagnostic, type Project } from 'typescript/unstable/sync';

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const DIR = join(ROOT, 'test/meta/rule-types.fixtures');

const HEADER = `import { defineRule, message, type ReportOf } from '../../../rules/languages/define-rule.js';
import type { Span } from '../../../rules/engine/types.js';
const base = {
  code: 'DF999', name: 'typed-rule', title: 't', why: 'w', level: 'warning' as const, risk: 'low' as const,
  tags: ['security'], catalog: ['DS-X'], others: {},
};
`;

/** Each bad rule, and what tsc must say about it (its message or one in its chain). */
const BAD: Record<string, { source: string; error: RegExp }> = {
  'unknown message id': {
    source: `export default defineRule({
  meta: { ...base, language: 'dockerfile', messages: { found: 'Found {{what}}.' } },
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'fonud', span: s.from.span, data: { what: 'FROM' } };
  },
});`,
    error: /'"fonud"' is not assignable to type '"found"'/,
  },
  'placeholder without its data': {
    source: `export default defineRule({
  meta: { ...base, language: 'dockerfile', messages: { found: message('Found {{what}} ', 'in {{ where }}.') } },
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'found', span: s.from.span, data: { what: 'FROM' } };
  },
});`,
    error: /Property 'where' is missing/,
  },
  'no data for a message with placeholders': {
    source: `export default defineRule({
  meta: { ...base, language: 'dockerfile', messages: { found: 'Found {{what}}.' } },
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'found', span: s.from.span };
  },
});`,
    error: /Property 'data' is missing/,
  },
  'a message joined with +': {
    source: `export default defineRule({
  meta: { ...base, language: 'dockerfile', messages: { found: 'Found ' + '{{what}}.' } },
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'found', span: s.from.span, data: { what: 'FROM' } };
  },
});`,
    error: /a message is one string literal or message\(…\) parts/,
  },
  'fix reads fix data the check does not give': {
    source: `export default defineRule({
  meta: { ...base, language: 'dockerfile', fix: 'unsafe', messages: { found: 'Found it.' } },
  *check({ model }) {
    for (const [index, s] of model.stages.entries()) yield { messageId: 'found', span: s.from.span, fixData: { index } };
  },
  fix(report) {
    const line = report.fixData?.line;
    return line === undefined ? [] : [{ title: 'x', safe: false, edits: [] }];
  },
});`,
    error: /Property 'line' does not exist on type '\{ index: number; \}'/,
  },
  'fix hands fix data to a helper that needs another shape': {
    source: `function serviceFix(report: { fixData?: { service: string } }) {
  return report.fixData ? [{ title: report.fixData.service, safe: false, edits: [] }] : [];
}
export default defineRule({
  meta: { ...base, language: 'dockerfile', fix: 'unsafe', messages: { found: 'Found it.' } },
  *check({ model }) {
    for (const [index, s] of model.stages.entries()) yield { messageId: 'found', span: s.from.span, fixData: { index } };
  },
  fix: (report) => serviceFix(report),
});`,
    error: /Property 'service' is missing in type '\{ index: number; \}'/,
  },
  'fix compares with a message id the rule does not have': {
    source: `export default defineRule({
  meta: { ...base, language: 'dockerfile', fix: 'unsafe', messages: { found: 'Found it.' } },
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'found', span: s.from.span };
  },
  fix: (report) => (report.messageId === 'fonud' ? [] : []),
});`,
    error: /This comparison appears to be unintentional because the types '"found"' and '"fonud"' have no overlap/,
  },
  'an option the rule does not declare': {
    source: `export default defineRule({
  meta: { ...base, language: 'dockerfile', messages: { found: 'Found it.' } },
  options: ['allow'],
  *check({ model, options }) {
    if (options.allowed) for (const s of model.stages) yield { messageId: 'found', span: s.from.span };
  },
});`,
    error: /Property 'allowed' does not exist on type 'RuleOptions<"allow">'/,
  },
  'the model of another language': {
    source: `export default defineRule({
  meta: { ...base, code: 'DC999', language: 'compose', messages: { found: 'Found it.' } },
  *check({ model }) {
    for (const s of model.stages) yield { messageId: 'found', span: s.from.span };
  },
});`,
    error: /Property 'stages' does not exist on type 'ComposeModel'/,
  },
};

/**
 * Looks risky, is fine: a message in parts with a spaced placeholder and `${{{name}}}` (one
 * placeholder), a message with none and no data, reports from a shared helper, union fix data the
 * fix narrows, a report without fix data among others, a declared option.
 */
const GOOD = `type FixData = { kind: 'git'; path: string } | { kind: 'docker'; path: string; context: string };
function* hostReports(span: Span): Generator<ReportOf<{ host: { service: string } }>> {
  yield { messageId: 'host', span, data: { service: 'web' } };
}
export default defineRule({
  meta: {
    ...base,
    language: 'dockerfile',
    fix: 'unsafe',
    messages: {
      secret: message('Set {{name}} from an uncommitted .env (\`\${{{name}}:?set it}\`) ', 'or a secrets: entry; see {{ where }}.'),
      plain: 'No placeholder here.',
      host: 'Service {{service}} shares a host namespace.',
    },
  },
  options: ['allow'],
  *check({ model, options }) {
    const allow = Array.isArray(options.allow) ? options.allow.length : 0;
    for (const s of model.stages) {
      const git: FixData = { kind: 'git', path: '.env' };
      yield { messageId: 'secret', span: s.from.span, data: { name: 'TOKEN', where: allow }, fixData: git };
      const docker: FixData = { kind: 'docker', path: '.env', context: '.' };
      yield { messageId: 'secret', span: s.from.span, data: { name: 'TOKEN', where: 'the docs' }, fixData: docker };
      yield { messageId: 'plain', span: s.from.span };
      yield* hostReports(s.from.span);
    }
  },
  fix(report, { model }) {
    if (report.messageId !== 'secret') return [];
    const data = report.fixData;
    if (!data) return [];
    const where = data.kind === 'docker' ? data.context : data.path;
    return [{ title: \`\${where} in \${model.stages.length} stages\`, safe: false, edits: [] }];
  },
});`;

const files: Record<string, string> = { 'good.ts': HEADER + GOOD };
const badFile = new Map<string, string>();
for (const [i, name] of Object.keys(BAD).entries()) {
  badFile.set(name, `bad-${i}.ts`);
  files[`bad-${i}.ts`] = HEADER + BAD[name].source;
}

/** The repository's compiler options, for the fixture files only. */
function tsconfig(): string {
  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  return JSON.stringify({ compilerOptions, files: Object.keys(files) });
}

const flatten = (d: Diagnostic): string[] => [d.text, ...(d.messageChain ?? []).flatMap(flatten)];

let api: API | undefined;
let project: Project | undefined;
const diagnosticsOf = (file: string) => {
  const path = join(DIR, file);
  return [...project!.program.getSyntacticDiagnostics(path), ...project!.program.getSemanticDiagnostics(path)];
};

describe('the rule contract (defineRule) as tsc checks it', () => {
  before(() => {
    const virtual = new Map<string, string>([[join(DIR, 'tsconfig.json'), tsconfig()], ...Object.entries(files).map(([f, t]) => [join(DIR, f), t] as const)]);
    // Only the fixture files are in memory; every other read goes to the repository on disk.
    api = new API({ cwd: ROOT, fs: { readFile: (f) => virtual.get(f), fileExists: (f) => (virtual.has(f) ? true : undefined) } });
    project = api.updateSnapshot({ openProjects: [join(DIR, 'tsconfig.json')] }).getProjects()[0];
  });
  after(() => api?.close());

  it('compiles a rule that does everything right', () => {
    assert.deepEqual(
      diagnosticsOf('good.ts').map((d) => d.text),
      [],
    );
  });

  for (const [name, { error }] of Object.entries(BAD)) {
    it(`rejects ${name}`, () => {
      const texts = diagnosticsOf(badFile.get(name)!).flatMap(flatten);
      assert.ok(
        texts.some((t) => error.test(t)),
        `expected ${error} among:\n${texts.join('\n') || '(no errors: the rule compiled)'}`,
      );
    });
  }
});
