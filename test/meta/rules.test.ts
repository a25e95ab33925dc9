/**
 * Meta-tests over the whole registry: codes and names unique, file name = rule name, tests and a
 * docs page beside every rule, and the docs page's Bad/Good examples really behave as documented.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { allRules, lintText } from '../../rules/api.js';
import type { FilesView } from '../../rules/engine/types.js';
import { EVERY_RULE_ON, RULES_DIR, codeBlocks, docsRuleOptions, section, sectionFiles } from '../support/docs-examples.js';
import { TEST_ROOT } from '../support/files-view.js';
import { loadShellGrammar } from '../../server/src/shell-grammar-node.js';

// RUN scripts are read with the bash grammar, loaded once per process.
before(() => loadShellGrammar());

const SECTIONS = ['Why', 'Bad', 'Good', 'Fix', 'References'];

describe('rule registry', () => {
  it('has unique codes and names', () => {
    const codes = allRules.map((r) => r.meta.code);
    const names = allRules.map((r) => r.meta.name);
    assert.deepEqual(
      codes.filter((c, i) => codes.indexOf(c) !== i),
      [],
    );
    assert.deepEqual(
      names.filter((c, i) => names.indexOf(c) !== i),
      [],
    );
  });

  it('lists the rules sorted by code (rules/index.ts: one per line, in order)', () => {
    const codes = allRules.map((r) => r.meta.code);
    assert.deepEqual(codes, [...codes].sort());
  });

  it('registers every rule module in the rules folders', () => {
    for (const lang of ['dockerfile', 'compose']) {
      const dir = join(RULES_DIR, lang);
      const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
      for (const f of modules) {
        const name = f.replace(/\.ts$/, '');
        assert.ok(
          allRules.some((r) => r.meta.name === name && r.meta.language === lang),
          `${lang}/${f} is not in rules/index.ts`,
        );
      }
    }
  });

  for (const rule of allRules) {
    const { code, name, language } = rule.meta;
    describe(`${code} ${name}`, () => {
      const base = join(RULES_DIR, language, name);
      it('lives in a file named after it, with tests beside it', () => {
        assert.ok(existsSync(`${base}.ts`), `${base}.ts`);
        assert.ok(existsSync(`${base}.test.ts`), `${base}.test.ts`);
      });
      it('has the security tag and a code prefix matching its language', () => {
        assert.ok(code.startsWith(language === 'dockerfile' ? 'DF' : 'DC'));
        assert.ok(rule.meta.tags.includes('security'));
      });
      it('says on its docs page whether it is off by default, and how to turn it on', () => {
        const md = readFileSync(`${base}.md`, 'utf8');
        const row = /^\| Level \| (.*) \|$/m.exec(md)?.[1];
        assert.ok(row, 'a Level row in the table');
        if (rule.meta.defaultOn === false) {
          assert.ok(row.startsWith(`off by default (${rule.meta.level} when turned on`), `Level row: ${row}`);
          assert.ok(md.includes(`${code}: ${rule.meta.level}`), `the page shows how to turn it on (\`${code}: ${rule.meta.level}\` in .bosun.yaml)`);
        } else {
          assert.ok(row.startsWith(rule.meta.level), `Level row: ${row}`);
        }
      });
      it('says on its docs page the kinds of fix meta.fix declares', () => {
        const md = readFileSync(`${base}.md`, 'utf8');
        const row = /^\| Fix \|(.*)\|\s*$/m.exec(md)?.[1] ?? '';
        assert.ok(row.trim(), 'a `| Fix | … |` row in the header table');
        const said = ['safe', 'unsafe'].filter((kind) => new RegExp(`\\b${kind}\\b`).test(row));
        const declared = rule.meta.fix === undefined ? [] : rule.meta.fix === 'both' ? ['safe', 'unsafe'] : [rule.meta.fix];
        assert.deepEqual(said, declared, `meta.fix is ${rule.meta.fix ?? 'not set'}; the Fix row says:${row}`);
      });
      it('has a docs page whose Bad examples trigger it and Good examples do not', () => {
        assert.ok(existsSync(`${base}.md`), `${base}.md missing`);
        const md = readFileSync(`${base}.md`, 'utf8');
        assert.match(md, new RegExp(`^# ${code} ${name} — `), 'title line');
        for (const s of SECTIONS) assert.match(md, new RegExp(`^## ${s}\\s*$`, 'm'), `section ${s}`);
        const file = language === 'dockerfile' ? 'Dockerfile' : 'compose.yaml';
        // A rule that does nothing until configured declares the options its examples assume.
        const ruleOptions = docsRuleOptions(rule, md);
        const bad = codeBlocks(section(md, 'Bad'));
        const good = codeBlocks(section(md, 'Good'));
        assert.ok(bad.length > 0 && good.length > 0, 'Bad and Good code blocks');
        const badFiles = sectionFiles(section(md, 'Bad'));
        const goodFiles = sectionFiles(section(md, 'Good'));
        const at = (files: FilesView | undefined) => (files ? `${TEST_ROOT}/${file}` : file);
        // A rule that is off by default is shown on its page as the user sees it once turned on.
        const levels = EVERY_RULE_ON;
        for (const b of bad) {
          const found = lintText(at(badFiles), b, language, { files: badFiles, ruleOptions, levels }).findings.filter((f) => f.code === code);
          assert.ok(found.length > 0, `Bad example not flagged:\n${b}`);
        }
        for (const g of good) {
          const found = lintText(at(goodFiles), g, language, { files: goodFiles, ruleOptions, levels }).findings.filter((f) => f.code === code);
          assert.deepEqual(
            found.map((f) => f.message),
            [],
            `Good example flagged:\n${g}`,
          );
        }
      });
    });
  }
});
