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

/** A template cut at its placeholders: text, key, text, key…, text (odd indexes are keys; `raw` keeps a placeholder's writing). */
interface Template {
  parts: string[];
  raw: string[];
}
/** Templates are few (a rule's messages) and every finding fills one: each is cut once. */
const templates = new Map<string, Template>();

function templateOf(template: string): Template {
  let t = templates.get(template);
  if (!t) {
    t = { parts: [], raw: [] };
    let last = 0;
    for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      t.parts.push(template.slice(last, m.index), m[1]);
      t.raw.push(m[0]);
      last = m.index! + m[0].length;
    }
    t.parts.push(template.slice(last));
    templates.set(template, t);
  }
  return t;
}

/** Fills `{{key}}` placeholders of a message template (a placeholder without data stays as written). */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  const { parts, raw } = templateOf(template);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i];
    out += (key in data ? String(data[key]) : raw[(i - 1) / 2]) + parts[i + 1];
  }
  return out;
}
