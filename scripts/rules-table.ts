/** `npm run docs`: regenerates the README's rules table and the config schema from the registry; tests check both. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, defaultLevelText, docsPath } from '../rules/api.js';
import { configSchema } from './config-schema.js';

const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

/** One row per rule, sorted by code (Compose `DC…` before Dockerfile `DF…`), whatever order the registry runs them in. */
export function rulesTable(): string {
  const byCode = [...allRules].sort((a, b) => (a.meta.code < b.meta.code ? -1 : a.meta.code > b.meta.code ? 1 : 0));
  const rows = byCode.map((r) => {
    const m = r.meta;
    const link = `rules/${docsPath(m)}`;
    return `| ${m.code} | [${m.name}](${link}) | ${defaultLevelText(m)} | ${m.fix ?? '—'} | ${m.title} |`;
  });
  return ['| Code | Name | Level | Fix | Title |', '|---|---|---|---|---|', ...rows].join('\n');
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
