/** Generates the README's rules table from the registry: `npm run docs` rewrites it, a test checks it. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, docsUrl } from '../rules/api.js';

const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

export function rulesTable(): string {
  const rows = allRules.map((r) => {
    const m = r.meta;
    const link = docsUrl(m).replace(/^.*\/blob\/main\//, '');
    return `| ${m.code} | [${m.name}](${link}) | ${m.level} | ${m.fix ?? '—'} | ${m.title} | ${m.catalog.join(', ')} |`;
  });
  return ['| Code | Name | Level | Fix | Title | Catalog |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

export function withTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README has no rules-table markers');
  return `${readme.slice(0, a + START.length)}\n${rulesTable()}\n${readme.slice(b)}`;
}

if (process.argv[1]?.endsWith('rules-table.ts')) {
  const path = join(__dirname, '..', 'README.md');
  writeFileSync(path, withTable(readFileSync(path, 'utf8')));
  console.log(`README rules table: ${allRules.length} rules`);
}
