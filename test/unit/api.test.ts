import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { detectLanguage, languageFromId } from '../../rules/api.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

it('detects Dockerfiles and Compose files by name, and not their look-alikes', () => {
  const cases: [string, string | undefined][] = [
    ['Dockerfile', 'dockerfile'],
    ['dir/Dockerfile.prod', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['build.containerfile', 'dockerfile'],
    ['DOCKERFILE', 'dockerfile'],
    ['Dockerfile.dockerignore', undefined],
    ['Dockerfile.md', undefined],
    ['Dockerfile.json', undefined],
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['compose.dev.yaml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.override.yaml', 'compose'],
    ['docker-compose-ci.yml', 'compose'],
    ['composer.yaml', undefined],
    ['values.yaml', undefined],
    ['compose.json', undefined],
    ['C:\\w\\Dockerfile', 'dockerfile'],
  ];
  for (const [path, lang] of cases) assert.equal(detectLanguage(path), lang, path);
});

it('maps editor language ids, using the path for plain YAML', () => {
  assert.equal(languageFromId('dockerfile', '/x/anything'), 'dockerfile');
  assert.equal(languageFromId('dockercompose', '/x/stack.yaml'), 'compose');
  assert.equal(languageFromId('yaml', '/x/compose.yaml'), 'compose');
  assert.equal(languageFromId('yaml', '/x/values.yaml'), undefined);
  assert.equal(languageFromId('plaintext', '/x/notes.txt'), undefined);
});
