import type { Rule } from './types.js';

/** Identity with type checking, plus the invariants every rule must keep. */
export function defineRule<Model>(rule: Rule<Model>): Rule<Model> {
  const { code, name, messages } = rule.meta;
  if (!/^(DF|DC)\d{3}$/.test(code)) throw new Error(`rule code ${code} must look like DF001 or DC001`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error(`rule name ${name} must be kebab-case`);
  if (Object.keys(messages).length === 0) throw new Error(`rule ${code} has no messages`);
  if (rule.meta.fix && !rule.fix) throw new Error(`rule ${code} declares a fix but has no fix()`);
  return rule;
}

/** Fills `{{key}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, key: string) => (key in data ? String(data[key]) : m));
}
