import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { allRules } from '../../rules/api.js';
import { SCHEMA_PATH, schemaText, withTable } from '../../scripts/rules-table.js';

it('the README rules table is generated from the registry (run `npm run docs`)', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  assert.equal(readme, withTable(readme));
});

it('the config schema is generated from the registry (run `npm run docs`)', () => {
  assert.equal(readFileSync(SCHEMA_PATH, 'utf8'), schemaText());
});

it('the README rules table lists every rule once, sorted by code', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const codes = [...readme.matchAll(/^\| (D[CF]\d{3}) \| \[/gm)].map((m) => m[1]);
  assert.deepEqual(codes, [...codes].sort());
  assert.deepEqual([...codes].sort(), allRules.map((r) => r.meta.code).sort());
});
