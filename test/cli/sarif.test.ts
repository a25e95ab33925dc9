/**
 * `bosun --format sarif`: every log the tests produce validates against the official SARIF 2.1.0
 * schema (vendored in test/cli/data) and against what GitHub code scanning documents it needs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { type CliHarness, cliHarness, parseJson, ROOT } from '../support/cli.js';

const schema = JSON.parse(readFileSync(join(__dirname, 'data', 'sarif-schema-2.1.0.json'), 'utf8'));
// The official schema has one pattern that is not valid in Unicode mode (a stray ']' in the language pattern).
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

let h: CliHarness;
before(async () => {
  h = await cliHarness();
});
after(() => h?.dispose());

const DOCKERFILE = 'FROM alpine:3.20\nARG NPM_TOKEN\nRUN npm ci\nCMD ["sh"]\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';

function sarif(cwd: string, args: string[] = []) {
  const r = h.bosun(['--format', 'sarif', '--fail-level', 'none', ...args], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return parseJson(r);
}

/** GitHub code scanning's documented requirements beyond the schema. */
function assertGitHubReady(log: any): void {
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'bosun');
  // No project website and no docs website: no informationUri, and each rule's page is its help.
  assert.equal(driver.informationUri, undefined);
  const ids = driver.rules.map((r: any) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids unique');
  for (const rule of driver.rules) {
    if (rule.id === 'BOSUN000') continue;
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
    assert.equal(rule.helpUri, undefined, rule.id);
    assert.match(rule.help.markdown, /^# /m, `${rule.id}: help is the rule's docs page`);
    assert.ok(rule.help.markdown.includes(`${rule.id}`), `${rule.id}: its own page`);
    assert.ok(rule.properties.tags.includes('security'), `${rule.id} tagged security`);
    // Tags a reader can look up (CWE, CIS, topics), not ids of a document that is not shipped.
    assert.deepEqual(
      rule.properties.tags.filter((t: string) => /^D[SC]-[A-Z]+-\d+$/.test(t)),
      [],
      `${rule.id} tags`,
    );
    const sev = Number(rule.properties['security-severity']);
    assert.ok(sev > 0 && sev <= 10, `${rule.id} security-severity ${rule.properties['security-severity']}`);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  for (const res of run.results) {
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId, 'ruleIndex points at ruleId');
    const loc = res.locations[0].physicalLocation;
    assert.ok(!loc.artifactLocation.uri.startsWith('/') && !loc.artifactLocation.uri.includes('://'), 'relative uri');
    assert.ok(run.originalUriBaseIds[loc.artifactLocation.uriBaseId], 'uriBaseId defined');
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(loc.region[k]) && loc.region[k] >= 1, k);
    assert.match(res.partialFingerprints['bosun/v1'], /^[0-9a-f]{32}$/);
  }
}

function assertValid(log: any): void {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assertGitHubReady(log);
}

describe('bosun --format sarif', () => {
  it('validates for the examples workspace', () => {
    const log = sarif(join(ROOT, 'examples'));
    assertValid(log);
    const codes = log.runs[0].results.map((r: any) => r.ruleId);
    assert.ok(codes.includes('DF001') && codes.includes('DC001'), codes.join(','));
  });

  it('gives regions with columns, levels, related locations and safe fixes', () => {
    const ws = h.workspace({ Dockerfile: DOCKERFILE, 'svc/compose.yaml': COMPOSE });
    const log = sarif(ws);
    assertValid(log);
    const results = log.runs[0].results;
    const df002 = results.find((r: any) => r.ruleId === 'DF002');
    assert.deepEqual(df002.locations[0].physicalLocation.region, { startLine: 2, startColumn: 5, endLine: 2, endColumn: 14 });
    assert.equal(df002.locations[0].physicalLocation.artifactLocation.uri, 'Dockerfile');
    const dc003 = results.find((r: any) => r.ruleId === 'DC003');
    assert.equal(dc003.locations[0].physicalLocation.artifactLocation.uri, 'svc/compose.yaml');
    assert.equal(dc003.fixes.length, 1, 'safe fix exported');
    const rep = dc003.fixes[0].artifactChanges[0].replacements[0];
    assert.match(rep.insertedContent.text, /no-new-privileges:true/);
    const dc001 = results.find((r: any) => r.ruleId === 'DC001');
    assert.equal(dc001.level, 'error');
    assert.equal(dc001.fixes, undefined, 'unsafe fixes are not exported');
  });

  it('keeps fingerprints stable when unrelated lines move, and distinct for distinct findings', () => {
    const a = sarif(h.workspace({ Dockerfile: DOCKERFILE }));
    const b = sarif(h.workspace({ Dockerfile: `# a comment\n\n${DOCKERFILE.replace('RUN npm ci', 'RUN npm ci\nRUN echo more')}` }));
    const prints = (log: any) => log.runs[0].results.map((r: any) => `${r.ruleId}:${r.partialFingerprints['bosun/v1']}`).sort();
    assert.deepEqual(prints(a), prints(b));
    const lines = (log: any) => log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.region.startLine);
    assert.notDeepEqual(lines(a), lines(b), 'the findings did move');
    const twice = sarif(h.workspace({ Dockerfile: 'FROM alpine:3.20\nARG NPM_TOKEN\nARG NPM_TOKEN\n' }));
    const fp = twice.runs[0].results.filter((r: any) => r.ruleId === 'DF002').map((r: any) => r.partialFingerprints['bosun/v1']);
    assert.equal(new Set(fp).size, 2, 'identical lines get distinct fingerprints by occurrence');
  });

  it('exports a safe fix that changes another file (.dockerignore) with that file as its location', () => {
    const ws = h.workspace({
      Dockerfile: 'FROM alpine:3.22\nWORKDIR /app\nCOPY . .\nUSER 65532\n',
      '.env': 'DB_PASSWORD=hunter2hunter2\n',
      '.dockerignore': 'node_modules\n',
    });
    const log = sarif(ws, ['--rule', 'DF080']);
    assertValid(log);
    const [result] = log.runs[0].results;
    assert.equal(result.ruleId, 'DF080');
    const changes = result.fixes[0].artifactChanges;
    assert.deepEqual(
      changes.map((c: any) => c.artifactLocation.uri),
      ['.dockerignore'],
    );
    assert.match(changes[0].replacements[0].insertedContent.text, /\.env/);
  });

  it('validates with no files, and escapes unusual file names', () => {
    assertValid(sarif(h.workspace({ 'README.md': '# nothing here\n' })));
    const log = sarif(h.workspace({ 'my app/Dockerfile.dev': DOCKERFILE }));
    assertValid(log);
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20app/Dockerfile.dev');
  });
});
