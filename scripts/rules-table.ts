/** `npm run docs`: regenerates the README's rules table and the config schema from the registry; tests check both. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, defaultLevelText, docsPath } from '../rules/api.js';
import { configSchema } from './config-schema.js';

const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

export function rulesTable(): string {
  const rows = allRules.map((r) => {
    const m = r.meta;
    const link = `rules/${docsPath(m)}`;
    return `| ${m.code} | [${m.name}](${link}) | ${defaultLevelText(m)} | ${m.fix ?? '—'} | ${m.title} | ${m.catalog.join(', ')} |`;
  });
  return ['| Code | Name | Level | Fix | Title | Catalog |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function withTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README has no rules-table markers');
  return `${readme.slice(0, a + START.length)}\n${rulesTable()}\n${readme.slice(b)}`;
}

export const SCHEMA_PATH = join(__dirname, '..', 'schemas', 'bosun.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(configSchema(), null, 2)}\n`;
}

if (process.argv[1]?.endsWith('rules-table.ts')) {
  const path = join(__dirname, '..', 'README.md');
  writeFileSync(path, withTable(readFileSync(path, 'utf8')));
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`README rules table and config schema: ${allRules.length} rules`);
}
