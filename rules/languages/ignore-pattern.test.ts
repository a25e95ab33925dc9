import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixesFor, lintText } from '../api.js';
import { memoryFiles } from '../../test/support/files-view.js';
import { applyEdits } from '../engine/fixer.js';
import { DockerIgnore, parseDockerignore } from './dockerignore.js';
import { ignorePattern } from './ignore-pattern.js';
import { GitIgnoreFile } from './project.js';

/** Names a workspace may hold (each a single file at the context root), hostile ones included. */
const NAMES = [
  '.env',
  '.env.$(touch${IFS}PWNED)',
  '.env.`id`',
  'a*b',
  'a?b',
  '[abc]',
  'back\\slash',
  '#not-a-comment',
  '!not-negated',
  'with space',
  'café.env',
  'it\'s "quoted"; echo & | < >',
  '{a,b}',
  'dir/sub/.env.local',
  '**',
];

/** Names the patterns must NOT match: what a glob would have caught instead. */
const NEIGHBOURS = ['.env.x', 'axb', 'aXXb', 'a', 'b', 'backxslash', 'back/slash', 'not-a-comment', 'not-negated', 'withspace', 'dir/sub/.env.localx', 'x/y'];

describe("ignorePattern: a plain pattern that matches exactly the name, by the matchers' own rules", () => {
  for (const name of NAMES) {
    it(`.dockerignore round trip: ${JSON.stringify(name)}`, () => {
      const pattern = ignorePattern(name, 'dockerignore');
      assert.ok(pattern !== undefined);
      assert.equal(parseDockerignore(`${pattern}\n`).length, 1, 'one line, one pattern');
      const ignore = new DockerIgnore(parseDockerignore(`${pattern}\n`));
      assert.equal(ignore.match(name).ignored, true, `${pattern} excludes ${name}`);
      for (const other of [...NAMES, ...NEIGHBOURS].filter((n) => n !== name)) {
        assert.equal(ignore.match(other).ignored, false, `${pattern} must not exclude ${other}`);
      }
    });

    it(`.gitignore round trip (anchored): ${JSON.stringify(name)}`, () => {
      const pattern = ignorePattern(name, 'gitignore');
      assert.ok(pattern !== undefined);
      const git = new GitIgnoreFile(`/${pattern}\n`, '/repo');
      assert.equal(git.decide(name), true, `/${pattern} ignores ${name}`);
      for (const other of [...NAMES, ...NEIGHBOURS].filter((n) => n !== name && !n.startsWith(`${name}/`))) {
        assert.notEqual(git.decide(other), true, `/${pattern} must not ignore ${other}`);
      }
    });
  }

  it('shell and glob characters are escaped with a backslash; letters, digits and ._-/ are not', () => {
    assert.equal(ignorePattern('.env.$(touch${IFS}PWNED)', 'dockerignore'), '.env.\\$\\(touch\\$\\{IFS\\}PWNED\\)');
    assert.equal(ignorePattern('config/.env.local', 'gitignore'), 'config/.env.local');
    assert.equal(ignorePattern('#x', 'dockerignore'), '\\#x');
  });

  it('refuses names no line can carry: newlines, control characters, bidi controls, white space at the ends (.dockerignore)', () => {
    for (const name of ['.env\n*', '.env\r', '.env\x1b[31m', '.env\u2028x', '.env\u202egpj', 'tab\there']) {
      assert.equal(ignorePattern(name, 'dockerignore'), undefined, JSON.stringify(name));
      assert.equal(ignorePattern(name, 'gitignore'), undefined, JSON.stringify(name));
    }
    assert.equal(ignorePattern(' .env', 'dockerignore'), undefined, 'BuildKit trims it');
    assert.equal(ignorePattern('.env ', 'dockerignore'), undefined);
    // git keeps leading white space, and an escaped trailing one: expressible there.
    assert.equal(new GitIgnoreFile(`/${ignorePattern('.env ', 'gitignore')}\n`, '/repo').decide('.env '), true);
  });
});

describe('DF080 writes only plain patterns', () => {
  const DOCKERFILE = 'FROM alpine:3.20\nUSER app\nCOPY . .\n';
  const fixOf = (files: Record<string, string>) => {
    const view = memoryFiles({ Dockerfile: DOCKERFILE, ...files });
    const result = lintText('/project/Dockerfile', DOCKERFILE, 'dockerfile', { files: view, only: ['DF080'] });
    return { view, fixes: fixesFor(result, result.findings[0]) };
  };

  it('a name with shell metacharacters is appended escaped, as one line', () => {
    const { view, fixes } = fixOf({ '.env.$(touch${IFS}PWNED)': 'API_TOKEN=abcdef0123456789\n', '.dockerignore': '.git\n' });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].safe, true);
    const change = fixes[0].otherFiles![0];
    assert.equal(applyEdits(view.read('/project/.dockerignore')!, change.edits), '.git\n.env.\\$\\(touch\\$\\{IFS\\}PWNED\\)\n');
  });

  it('a name with a newline is never written (it would add a second pattern): the rest is offered, not as safe', () => {
    const { view, fixes } = fixOf({ '.env.x\n*\n!.env': 'API_TOKEN=abcdef0123456789\n', '.env': 'DB_PASSWORD=hunter2-xyz\n', '.dockerignore': '.git\n' });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].safe, false);
    assert.match(fixes[0].title, /1 more cannot be written as a \.dockerignore pattern/);
    assert.equal(applyEdits(view.read('/project/.dockerignore')!, fixes[0].otherFiles![0].edits), '.git\n.env\n');
  });
});
