/** The CI output formats as a CI system reads them: GitHub annotations, Checkstyle XML, GitLab Code Quality. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type CliHarness, cliHarness, parseJson } from '../support/cli.js';

let h: CliHarness;
before(async () => {
  h = await cliHarness();
});
after(() => h?.dispose());

const FILES = { 'app/Dockerfile': 'FROM alpine:3.20\nARG DB_PASSWORD\nCMD ["/app"]\n' };

describe('CI formats', () => {
  it('github: one workflow command per finding, with file, line, column range and title', () => {
    const ws = h.workspace(FILES);
    const r = h.bosun(['--format', 'github', '--rule', 'DF001,DF002', '--fail-level', 'none'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.equal(
      lines[0],
      '::warning file=app/Dockerfile,line=1,endLine=1,col=1,endColumn=17,title=DF001 Final stage runs as root::The final stage never sets USER, so the container runs as root.',
    );
    assert.match(lines[1], /^::warning file=app\/Dockerfile,line=2,endLine=2,col=5,endColumn=16,title=DF002 [^:]+::ARG DB_PASSWORD/);
  });

  it('github: escapes commas, colons and newlines in properties and data', () => {
    const ws = h.workspace({ 'a,b:c/Dockerfile': 'FROM alpine:3.20\n' });
    const r = h.bosun(['--format', 'github', '--rule', 'DF001'], { cwd: ws });
    assert.match(r.stdout, /file=a%2Cb%3Ac\/Dockerfile,/);
  });

  it('checkstyle: well-formed XML with escaped attributes', () => {
    const ws = h.workspace({ 'x&y/Dockerfile': 'FROM alpine:3.20\nCMD ["/app"]\n' });
    const r = h.bosun(['--format', 'checkstyle', '--rule', 'DF001'], { cwd: ws });
    assert.equal(
      r.stdout,
      '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n  <file name="x&amp;y/Dockerfile">\n' +
        '    <error line="1" column="1" severity="warning" message="The final stage never sets USER, so the container runs as root." source="bosun.DF001"/>\n' +
        '  </file>\n</checkstyle>\n',
    );
  });

  it('gitlab: Code Quality issues with severity, location and a fingerprint', () => {
    const ws = h.workspace(FILES);
    const issues = parseJson(h.bosun(['--format', 'gitlab', '--rule', 'DF001'], { cwd: ws }));
    assert.deepEqual(
      issues.map((i: any) => [i.check_name, i.severity, i.location]),
      [['DF001 no-root-user', 'major', { path: 'app/Dockerfile', lines: { begin: 1, end: 1 } }]],
    );
    assert.match(issues[0].fingerprint, /^[0-9a-f]{32}$/);
  });
});
