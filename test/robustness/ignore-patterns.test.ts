/**
 * Ignore files come from the workspace (a cloned repository), so their patterns are hostile input:
 * `*a*a*a*a*a*a*a*a*b` compiled to a backtracking RegExp takes minutes on a name of a few dozen
 * `a`s and froze the lint. Each case is checked for its answer, and its cost for growing
 * linearly with the name, the depth or the pattern (test/support/scaling.ts): a backtracking matcher
 * grows as a high power of the length, or never answers at all.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { lintText } from '../../rules/api.js';
import { DockerIgnore, GitIgnoreFile, isGitIgnored, sensitiveFilesIn } from '../../rules/languages/project.js';
import { memoryFiles } from '../support/files-view.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';
import { assertLinear } from '../support/scaling.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const HOSTILE = '*a*a*a*a*a*a*a*a*b';
const LONG_NAME = 'a'.repeat(255);
/** A folder path of `depth` names of `length` `a`s. */
const deepPath = (depth: number, length = 255) => Array(depth).fill('a'.repeat(length)).join('/');

describe('hostile ignore patterns are matched without backtracking', () => {
  it(`.dockerignore ${HOSTILE} against a 255-character name, and under folders of such names`, () => {
    const ignore = new DockerIgnore(`${HOSTILE}\n**/${HOSTILE}\n${HOSTILE}/**\n`, '/project/.dockerignore');
    assert.equal(ignore.excludes(LONG_NAME), false);
    assert.equal(ignore.excludes(deepPath(20)), false);
    assert.equal(ignore.excludes(`${LONG_NAME}b`), true);
    assertLinear(
      'a long name',
      (n) => 'a'.repeat(n),
      (name) => ignore.excludes(name),
      1000,
    );
    assertLinear(
      'a deep path',
      (n) => deepPath(n),
      (path) => ignore.excludes(path),
      10,
    );
  });

  it(`.gitignore ${HOSTILE} (unanchored: tried at every depth) against long names`, () => {
    const file = new GitIgnoreFile(`${HOSTILE}\n${HOSTILE}/\n!**/${HOSTILE}/**\n`, '/project');
    assert.equal(file.decide(LONG_NAME), undefined);
    assert.equal(file.decide(`${deepPath(20)}/`), undefined);
    assert.equal(file.decide(`x/${LONG_NAME}b`), true);
    assertLinear(
      'a long name',
      (n) => 'a'.repeat(n),
      (name) => file.decide(name),
      1000,
    );
    assertLinear(
      'a deep folder',
      (n) => `${deepPath(n)}/`,
      (path) => file.decide(path),
      10,
    );
  });

  it('many ** segments against a deep path', () => {
    const stars = (n: number) => `${Array(n).fill('**').join('/')}/x`;
    const deep = (n: number) => `${Array(n).fill('a').join('/')}/y`;
    for (const [n, depth] of [
      [200, 200],
      [6, 2000],
    ]) {
      assert.equal(new DockerIgnore(`${stars(n)}\n`, undefined).excludes(deep(depth)), false);
      assert.equal(new GitIgnoreFile(`${stars(n)}\n`, '/project').decide(`${deep(depth)}/`), undefined);
      assert.equal(new DockerIgnore(`${stars(n)}\n`, undefined).excludes(`${deep(depth)}/x/z`), true);
    }
    // The pattern and the path grow together: a matcher that tries every split is polynomial in both.
    const both = (n: number) => ({ pattern: `${stars(n)}\n`, path: deep(n) });
    assertLinear('.dockerignore n×** against n folders', both, ({ pattern, path }) => new DockerIgnore(pattern, undefined).excludes(path), 50, { maxRatio: 20 });
    assertLinear('.gitignore n×** against n folders', both, ({ pattern, path }) => new GitIgnoreFile(pattern, '/project').decide(`${path}/`), 50, { maxRatio: 20 });
    assertLinear('.dockerignore 6×** against a deep path', deep, (path) => new DockerIgnore(`${stars(6)}\n`, undefined).excludes(path), 500);
  });

  it('a lint whose context and repository hold such patterns and names answers (DF080, DC082)', () => {
    const files = memoryFiles({
      '.git/': '',
      '.gitignore': `${HOSTILE}\n`.repeat(20),
      '.dockerignore': `${HOSTILE}\n`.repeat(20),
      [`${LONG_NAME}/.env`]: 'DB_PASSWORD=hunter22\n',
      [LONG_NAME]: '',
      '.env': 'DB_PASSWORD=hunter22\n',
      Dockerfile: 'FROM alpine:3.20\nCOPY . /app\n',
    });
    const dockerfile = lintText('/project/Dockerfile', 'FROM alpine:3.20\nCOPY . /app\n', 'dockerfile', { files });
    assert.deepEqual(dockerfile.errors, []);
    assert.ok(
      dockerfile.findings.some((f) => f.code === 'DF080'),
      'the .env files are still reported',
    );
    const compose = `services:\n  web:\n    build: .\n    env_file: ${LONG_NAME}/.env\n`;
    const result = lintText('/project/compose.yaml', compose, 'compose', { files });
    assert.deepEqual(result.errors, []);
    assert.ok(
      result.findings.some((f) => f.code === 'DC082'),
      'the env file is still found not git-ignored',
    );
  });

  it('a .gitignore line with a long run of blanks or slashes is read in linear time', () => {
    const RUN = 200_000;
    const text = (n: number) => `a${' '.repeat(n)}b\n${'/'.repeat(n)}c/\nd\\ ${' '.repeat(n)}\n`;
    assertLinear('parse', text, (t) => new GitIgnoreFile(t, '/project'), RUN / 4);
    const file = new GitIgnoreFile(text(RUN), '/project');
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
    assert.deepEqual(
      ['a/b/key.pem', 'certs/ca.pem', 'secrets/x', 'prod.env', 'sub/prod.env'].map((p) => ignore.excludes(p)),
      [true, false, true, true, false],
    );
    const git = new GitIgnoreFile('*.env\n!keep.env\nbuild/\n/root.txt\nlogs/**\ndocs/[!a]*.md\na**b\n', '/project');
    assert.deepEqual(
      ['x/a.env', 'keep.env', 'build/out.js', 'build', 'build/', 'root.txt', 'sub/root.txt', 'logs/x/y', 'docs/b.md', 'docs/a.md', 'axxb', 'ax/xb'].map((p) => git.decide(p)),
      [true, false, true, undefined, true, true, undefined, true, true, undefined, true, undefined],
    );
    const found = sensitiveFilesIn(memoryFiles({ '.env': '', [`${LONG_NAME}/.env`]: '', [`${LONG_NAME}b/.env`]: '' }), '/project', new DockerIgnore(`${HOSTILE}\n`, undefined));
    assert.deepEqual(
      found.map((f) => f.relative),
      ['.env', `${LONG_NAME}/.env`],
    );
  });
});
