/**
 * Ignore files come from the workspace (a cloned repository), so their patterns are hostile input:
 * `*a*a*a*a*a*a*a*a*b` compiled to a backtracking RegExp takes minutes on a name of a few dozen
 * `a`s and froze the lint (issue 9). Each case is timed against a budget far below what a
 * backtracking matcher takes (it does not finish in minutes on these), generous for a busy machine.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lintText } from '../../rules/api.js';
import { DockerIgnore, GitIgnoreFile, isGitIgnored, sensitiveFilesIn } from '../../rules/languages/project.js';
import { memoryFiles } from '../support/files-view.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const HOSTILE = '*a*a*a*a*a*a*a*a*b';
const LONG_NAME = 'a'.repeat(255);
const BUDGET_MS = 500;

function timed<T>(what: string, run: () => T, budgetMs = BUDGET_MS): T {
  const t0 = performance.now();
  const result = run();
  const ms = performance.now() - t0;
  assert.ok(ms < budgetMs, `${what}: ${Math.round(ms)} ms, budget ${budgetMs} ms`);
  return result;
}

describe('hostile ignore patterns are matched without backtracking', () => {
  it(`.dockerignore ${HOSTILE} against a 255-character name, and under folders of such names`, () => {
    const ignore = new DockerIgnore(`${HOSTILE}\n**/${HOSTILE}\n${HOSTILE}/**\n`, '/project/.dockerignore');
    assert.equal(timed('a name', () => ignore.excludes(LONG_NAME)), false);
    assert.equal(timed('a deep path', () => ignore.excludes(Array(20).fill(LONG_NAME).join('/'))), false);
    assert.equal(timed('a match', () => ignore.excludes(`${LONG_NAME}b`)), true);
  });

  it(`.gitignore ${HOSTILE} (unanchored: tried at every depth) against long names`, () => {
    const file = new GitIgnoreFile(`${HOSTILE}\n${HOSTILE}/\n!**/${HOSTILE}/**\n`, '/project');
    assert.equal(timed('a name', () => file.decide(LONG_NAME)), undefined);
    assert.equal(timed('a deep folder', () => file.decide(`${Array(20).fill(LONG_NAME).join('/')}/`)), undefined);
    assert.equal(timed('a match', () => file.decide(`x/${LONG_NAME}b`)), true);
  });

  it('many ** segments against a deep path', () => {
    for (const [stars, depth] of [[200, 200], [6, 2000]]) {
      const pattern = `${Array(stars).fill('**').join('/')}/x`;
      const deep = `${Array(depth).fill('a').join('/')}/y`;
      assert.equal(timed(`.dockerignore ${stars}×**`, () => new DockerIgnore(`${pattern}\n`, undefined).excludes(deep)), false);
      assert.equal(timed(`.gitignore ${stars}×**`, () => new GitIgnoreFile(`${pattern}\n`, '/project').decide(`${deep}/`)), undefined);
      assert.equal(new DockerIgnore(`${pattern}\n`, undefined).excludes(`${deep}/x/z`), true);
    }
  });

  it('a lint whose context and repository hold such patterns and names stays within budget (DF080, DC082)', () => {
    const files = memoryFiles({
      '.git/': '',
      '.gitignore': `${HOSTILE}\n`.repeat(20),
      '.dockerignore': `${HOSTILE}\n`.repeat(20),
      [`${LONG_NAME}/.env`]: 'DB_PASSWORD=hunter22\n',
      [LONG_NAME]: '',
      '.env': 'DB_PASSWORD=hunter22\n',
      Dockerfile: 'FROM alpine:3.20\nCOPY . /app\n',
    });
    const dockerfile = timed('Dockerfile', () => lintText('/project/Dockerfile', 'FROM alpine:3.20\nCOPY . /app\n', 'dockerfile', { files }), 3000);
    assert.deepEqual(dockerfile.errors, []);
    assert.ok(dockerfile.findings.some((f) => f.code === 'DF080'), 'the .env files are still reported');
    const compose = `services:\n  web:\n    build: .\n    env_file: ${LONG_NAME}/.env\n`;
    const result = timed('compose.yaml', () => lintText('/project/compose.yaml', compose, 'compose', { files }), 3000);
    assert.deepEqual(result.errors, []);
    assert.ok(result.findings.some((f) => f.code === 'DC082'), 'the env file is still found not git-ignored');
  });

  it('a .gitignore line with a long run of blanks or slashes is read in linear time', () => {
    const RUN = 200_000;
    const file = timed('parse', () => new GitIgnoreFile(`a${' '.repeat(RUN)}b\n${'/'.repeat(RUN)}c/\nd\\ ${' '.repeat(RUN)}\n`, '/project'));
    assert.equal(file.decide(`a${' '.repeat(RUN)}b`), true);
    assert.equal(file.decide('c/x'), true, 'the slashes in front anchor it, the one at the end makes it a directory');
    assert.equal(file.decide('c'), undefined);
    assert.equal(file.decide('d '), true, 'an escaped trailing space is kept, the rest trimmed');
  });

  it('a class git and BuildKit cannot read ([z-a]) matches nothing instead of throwing', () => {
    assert.equal(new DockerIgnore('[z-a]\n*.env\n', undefined).excludes('b'), false);
    assert.equal(new DockerIgnore('[z-a]\n*.env\n', undefined).excludes('x.env'), true);
    assert.equal(new GitIgnoreFile('[z-a]\n*.env\n', '/project').decide('a/x.env'), true);
    assert.equal(isGitIgnored(memoryFiles({ '.git/': '', '.gitignore': '[z-a]\n' }), '/project/b'), false);
  });

  it('ordinary patterns keep their meaning (the risky-looking ones that are fine)', () => {
    const ignore = new DockerIgnore('**/*.pem\n!certs/ca.pem\nsecrets/\n*.env\n', undefined);
    assert.deepEqual(['a/b/key.pem', 'certs/ca.pem', 'secrets/x', 'prod.env', 'sub/prod.env'].map((p) => ignore.excludes(p)), [true, false, true, true, false]);
    const git = new GitIgnoreFile('*.env\n!keep.env\nbuild/\n/root.txt\nlogs/**\ndocs/[!a]*.md\na**b\n', '/project');
    assert.deepEqual(
      ['x/a.env', 'keep.env', 'build/out.js', 'build', 'build/', 'root.txt', 'sub/root.txt', 'logs/x/y', 'docs/b.md', 'docs/a.md', 'axxb', 'ax/xb'].map((p) => git.decide(p)),
      [true, false, true, undefined, true, true, undefined, true, true, undefined, true, undefined],
    );
    const found = sensitiveFilesIn(memoryFiles({ '.env': '', [`${LONG_NAME}/.env`]: '', [`${LONG_NAME}b/.env`]: '' }), '/project', new DockerIgnore(`${HOSTILE}\n`, undefined));
    assert.deepEqual(found.map((f) => f.relative), ['.env', `${LONG_NAME}/.env`]);
  });
});
