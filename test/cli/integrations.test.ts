/** The ready-made integrations stay consistent with the CLI: the pre-commit file pattern matches what discovery lints. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { parse } from 'yaml';
import { detectLanguage } from '../../rules/api.js';
import { ROOT } from '../support/cli.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

it('the pre-commit hook selects exactly the files Bosun lints', () => {
  const [hook] = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
  assert.equal(hook.id, 'bosun');
  // pre-commit uses Python regexes; `(?i)` is the case-insensitive flag there.
  const re = new RegExp(hook.files.replace('(?i)', ''), 'i');
  const exclude = new RegExp(hook.exclude.replace('(?i)', ''), 'i');
  const paths = [
    'Dockerfile',
    'a/Dockerfile.dev',
    'api.Dockerfile',
    'Containerfile',
    'compose.yaml',
    'x/compose.prod.yml',
    'docker-compose.yml',
    'docker-compose.override.yaml',
    'values.yaml',
    'Dockerfile.md',
    'README.md',
    'composer.json',
    'mycompose.yaml',
    'dockerfiles/readme.txt',
    'Dockerfile.dockerignore',
    'DOCKERFILE',
    'app.dockerfile',
  ];
  for (const p of paths) {
    assert.equal(re.test(p) && !exclude.test(p), detectLanguage(p) !== undefined, p);
  }
});

it('the workflow examples call the CLI with formats it supports', () => {
  for (const [file, format] of [
    ['github-actions.yml', 'sarif'],
    ['gitlab-ci.yml', 'gitlab'],
  ]) {
    const text = readFileSync(join(ROOT, 'docs', 'integrations', file), 'utf8');
    assert.match(text, new RegExp(`bosun@\\S+ --format ${format}`), file);
  }
});
