/**
 * The typed contract of a rule. A rule is written with `defineRule` (rules/languages/define-rule.ts),
 * which infers from the rule itself its message ids (the keys of `meta.messages`), the placeholders
 * of each message, the options it reads and what its check hands to its fix, so `tsc` rejects a
 * report with an unknown messageId, a message whose placeholders its report does not fill, a read
 * of an option the rule does not declare, and a fix that reads fix data the check does not give.
 * The engine runs the erased `Rule<Model>` (types.ts).
 */
import type { Fix, LanguageId, MessageData, Report, Rule, RuleContext, RuleMeta, RuleOptions } from './types.js';

/** Characters of a placeholder name (`\w`, as formatMessage reads them). */
type WordChar =
  | 'a'
  | 'b'
  | 'c'
  | 'd'
  | 'e'
  | 'f'
  | 'g'
  | 'h'
  | 'i'
  | 'j'
  | 'k'
  | 'l'
  | 'm'
  | 'n'
  | 'o'
  | 'p'
  | 'q'
  | 'r'
  | 's'
  | 't'
  | 'u'
  | 'v'
  | 'w'
  | 'x'
  | 'y'
  | 'z'
  | 'A'
  | 'B'
  | 'C'
  | 'D'
  | 'E'
  | 'F'
  | 'G'
  | 'H'
  | 'I'
  | 'J'
  | 'K'
  | 'L'
  | 'M'
  | 'N'
  | 'O'
  | 'P'
  | 'Q'
  | 'R'
  | 'S'
  | 'T'
  | 'U'
  | 'V'
  | 'W'
  | 'X'
  | 'Y'
  | 'Z'
  | '0'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '_';
type IsWord<S extends string> = S extends `${infer C}${infer Rest}` ? (C extends WordChar ? (Rest extends '' ? true : IsWord<Rest>) : false) : false;
type Trim<S extends string> = S extends ` ${infer R}` | `\t${infer R}` ? Trim<R> : S extends `${infer R} ` | `${infer R}\t` ? Trim<R> : S;

/**
 * The `{{name}}` placeholders of a message template, as formatMessage finds them (`${{{name}}}` has
 * one: `name`); `string` when the template is not a literal type.
 */
export type Placeholders<Template extends string> = string extends Template
  ? string
  : Template extends `${string}{{${infer Inner}}}${infer Rest}`
    ? IsWord<Trim<Inner>> extends true
      ? Trim<Inner> | Placeholders<Rest>
      : Placeholders<`{${Inner}}}${Rest}`>
    : never;

/** The `data` a report of this message must carry: a value for each placeholder (none: no data). */
type DataOf<Template extends string> =
  string extends Placeholders<Template>
    ? { data?: MessageData }
    : [Placeholders<Template>] extends [never]
      ? { data?: Readonly<Record<never, string | number>> }
      : { data: Readonly<Record<Placeholders<Template>, string | number>> };

type ReportBase<MessageId extends string, FixData> = Omit<Report<MessageId, FixData>, 'data'>;

/** The reports a rule with these messages may yield: one of its message ids, with that message's data. */
export type RuleReport<Messages extends Record<string, string>, FixData> = {
  [Id in keyof Messages & string]: ReportBase<Id, FixData> & DataOf<Messages[Id]>;
}[keyof Messages & string];

/**
 * Reports built outside a rule (a helper several rules share), by message id and its data
 * (`undefined`: the message has no placeholders): `ReportOf<{ host: { service: string } }>`. A rule
 * may yield them when its messages of those ids need no more than that data.
 */
export type ReportOf<DataByMessage extends Record<string, MessageData | undefined>, FixData = never> = {
  [Id in keyof DataByMessage & string]: ReportBase<Id, FixData> & (DataByMessage[Id] extends MessageData ? { data: DataByMessage[Id] } : { data?: undefined });
}[keyof DataByMessage & string];

/** A message must be one literal (or `message(…)` parts): a `+` concatenation is a `string`, whose placeholders tsc cannot see. */
type LiteralMessages<Messages> = {
  [Id in keyof Messages]: string extends Messages[Id] ? 'a message is one string literal or message(…) parts, not a + concatenation' : Messages[Id];
};

/** A rule's check: yields reports of its own messages, with whatever fix data its fix needs. */
export type RuleCheck<Model, Messages extends Record<string, string>, OptionName extends string> = (
  ctx: RuleContext<Model, RuleOptions<OptionName>>,
) => Iterable<RuleReport<Messages, unknown>>;

/** What a check yields: the reports its rule's fix gets, `fixData` typed as the check wrote it (absent: undefined). */
export type Yielded<Check> = Check extends (ctx: never) => Iterable<infer R> ? WithFixData<R> : never;
type WithFixData<R> = R extends unknown ? ('fixData' extends keyof R ? R : R & { fixData?: undefined }) : never;

/** A rule as written: its check's reports are typed by its messages, its fix's input by what the check yields. */
export interface RuleDefinition<
  Model,
  Language extends LanguageId,
  Messages extends Record<string, string>,
  OptionName extends string,
  Check extends RuleCheck<Model, Messages, OptionName>,
> {
  meta: RuleMeta & { language: Language; messages: Messages & LiteralMessages<Messages> };
  /** The options the rule reads from configuration (its docs page describes them). */
  options?: readonly OptionName[];
  check: Check;
  /** Gets a report the check yielded (write check before fix: the fix's types follow from it). */
  fix?(report: Yielded<Check>, ctx: RuleContext<Model, RuleOptions<OptionName>>): Fix[];
}

/** A message written in parts (long lines), joined; its type is the joined literal, so its placeholders stay known. */
export function message<const Parts extends readonly string[]>(...parts: Parts): Join<Parts> {
  return parts.join('') as Join<Parts>;
}
type Join<Parts extends readonly string[]> = Parts extends readonly [infer Head extends string, ...infer Rest extends readonly string[]] ? `${Head}${Join<Rest>}` : '';

/**
 * `defineRule` for a set of languages, given the model each one's rules see: a rule's model follows
 * from its `meta.language`. Identity, plus the invariants every rule must keep.
 */
export function ruleDefiner<Models extends Record<LanguageId, unknown>>() {
  return function defineRule<
    const Language extends LanguageId,
    const Messages extends Record<string, string>,
    const OptionName extends string = never,
    Check extends RuleCheck<Models[Language], Messages, OptionName> = RuleCheck<Models[Language], Messages, OptionName>,
  >(rule: RuleDefinition<Models[Language], Language, Messages, OptionName, Check>): Rule<Models[Language]> {
    checkInvariants(rule.meta, rule.fix !== undefined);
    // The engine runs any rule: from here on, reports and fix data are opaque to it.
    return rule as unknown as Rule<Models[Language]>;
  };
}

function checkInvariants(meta: RuleMeta, hasFix: boolean): void {
  const { code, name, messages } = meta;
  if (!/^(DF|DC)\d{3}$/.test(code)) throw new Error(`rule code ${code} must look like DF001 or DC001`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error(`rule name ${name} must be kebab-case`);
  if (Object.keys(messages).length === 0) throw new Error(`rule ${code} has no messages`);
  if (meta.fix && !hasFix) throw new Error(`rule ${code} declares a fix but has no fix()`);
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
