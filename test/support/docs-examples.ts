/**
 * The executable examples of a rule's docs page: the code blocks of its Bad and Good sections,
 * their companion files (```text file=.env blocks) and the rule options the page declares.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../rules/api.js';
import type { FilesView, LevelSetting, Rule } from '../../rules/engine/types.js';
import { memoryFiles } from './files-view.js';

export const RULES_DIR = join(__dirname, '..', '..', 'rules');

/** Levels that turn on the rules that are off by default (`meta.defaultOn: false`): what a test of every rule lints with. */
export const EVERY_RULE_ON: Record<string, LevelSetting> = Object.fromEntries(allRules.filter((r) => r.meta.defaultOn === false).map((r) => [r.meta.code, r.meta.level]));

export function docsPath(rule: Rule): string {
  return join(RULES_DIR, rule.meta.language, `${rule.meta.name}.md`);
}

export function codeBlocks(section: string): string[] {
  return [...section.matchAll(/```(?:dockerfile|yaml|Dockerfile)\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/** Companion files of a docs section, for cross-file rules; `.git/` is a folder. */
export function sectionFiles(section: string): FilesView | undefined {
  const files = sectionFileEntries(section);
  return Object.keys(files).length ? memoryFiles(files) : undefined;
}

export function sectionFileEntries(section: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const m of section.matchAll(/```[\w-]*[ \t]+file=(\S+)\n([\s\S]*?)```/g)) files[m[1]] = m[2];
  return files;
}

export function section(md: string, title: string): string {
  const m = new RegExp(`^## ${title}\\s*$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(md);
  return m ? m[1] : '';
}

/** Options a rule's examples assume (`<!-- bosun-docs-options: {…} -->`), keyed by its code. */
export function docsRuleOptions(rule: Rule, md: string): Record<string, Record<string, unknown>> | undefined {
  const marker = /<!--\s*bosun-docs-options:\s*(\{.*?\})\s*-->/s.exec(md);
  return marker ? { [rule.meta.code]: JSON.parse(marker[1]) as Record<string, unknown> } : undefined;
}

export interface BadExample {
  text: string;
  /** Companion files (relative to the linted file's folder). */
  files: Record<string, string> | undefined;
  ruleOptions: Record<string, Record<string, unknown>> | undefined;
}

/** The Bad examples of a rule's docs page. */
export function badExamples(rule: Rule): BadExample[] {
  const md = readFileSync(docsPath(rule), 'utf8');
  const bad = section(md, 'Bad');
  const files = sectionFileEntries(bad);
  return codeBlocks(bad).map((text) => ({ text, files: Object.keys(files).length ? files : undefined, ruleOptions: docsRuleOptions(rule, md) }));
}
