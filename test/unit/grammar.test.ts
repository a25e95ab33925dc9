import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const root = join(__dirname, '..', '..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes', 'bosun-ignore.injection.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

it('the ignore-comment grammar is contributed and matches our comment forms', () => {
  const contributed = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === grammar.scopeName);
  assert.ok(contributed, 'grammar contributed in package.json');
  assert.deepEqual([...contributed.injectTo].sort(), ['source.dockerfile', 'source.yaml']);
  const re = new RegExp(grammar.patterns[0].match);
  const m = re.exec('# bosun-ignore DF001, no-privileged -- sidecar needs it');
  assert.deepEqual(m && [m[1], m[2], m[4]], ['bosun-ignore', 'DF001, no-privileged', 'sidecar needs it']);
  assert.equal(re.exec('# bosun-ignore-file DC003')?.[1], 'bosun-ignore-file');
  assert.equal(re.exec('# hadolint ignore=DL3002'), null);
});
