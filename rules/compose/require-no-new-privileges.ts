import { isAlias } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix, RelatedInfo, Span } from '../engine/types.js';
import type { ComposeModel, EffectiveItem, EffectiveService } from '../languages/compose.js';
import { addMapKey, appendSeqItem, detectSeqIndent, type ItemInput } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { scalarString } from '../languages/compose-file.js';
import { interpolate } from '../languages/compose-interpolate.js';

const OPTION = 'no-new-privileges:true';

/** Other security_opt keys: an item that starts with one cannot be no-new-privileges, even with `${VAR}`s. */
const OTHER_OPTION = /^(?:label|seccomp|apparmor|systempaths|writable-cgroups|mask|unmask)[:=]/;

/** `no-new-privileges[:=]value` as Docker reads it (Go's strconv.ParseBool); undefined for other options. */
function parseOption(text: string): boolean | 'invalid' | undefined {
  const m = /^\s*no-new-privileges\s*(?:([:=])\s*(.*?))?\s*$/.exec(text);
  if (!m) return undefined;
  if (m[1] === undefined) return true;
  if (/^(?:1|t|T|TRUE|true|True)$/.test(m[2])) return true;
  if (/^(?:0|f|F|FALSE|false|False)$/.test(m[2])) return false;
  return 'invalid';
}

type Kind = 'notSet' | 'notInList' | 'disabled';

interface State {
  /** `true`: set; `unknown`: cannot tell (variables, an `extends` that cannot be read). */
  state: 'true' | 'unknown' | Kind;
  /** The item that sets it false. */
  falseItem?: EffectiveItem;
  /** Items with a value Docker rejects (`no-new-privileges:yes`): the service does not start with them. */
  invalidItems?: EffectiveItem[];
}

function evaluate(svc: EffectiveService): State {
  const value = svc.get('security_opt');
  let last: boolean | undefined;
  let falseItem: EffectiveItem | undefined;
  const invalidItems: EffectiveItem[] = [];
  let unknown = false;
  for (const item of value?.items() ?? []) {
    const raw = scalarString(item.model, item.node);
    if (raw === undefined) continue;
    const text = interpolate(raw, item.env);
    if (text.unknown) {
      if (!OTHER_OPTION.test(raw.trim())) unknown = true;
      continue;
    }
    const parsed = parseOption(text.value);
    if (parsed === undefined) continue;
    if (parsed === 'invalid') invalidItems.push(item);
    // Docker applies the options in order (the merged list: extended and earlier files first): the last one wins.
    last = parsed === true;
    falseItem = parsed === false ? item : undefined;
  }
  if (last === true) return { state: 'true' };
  if (falseItem) return { state: 'disabled', falseItem };
  if (unknown || !svc.complete) return { state: 'unknown' };
  return { state: value ? 'notInList' : 'notSet', invalidItems };
}

interface FixData {
  service: string;
  kind: Kind;
}

function fixesFor(model: ComposeModel, svc: EffectiveService, kind: Kind): Fix[] {
  const own = svc.own;
  if (!own) return [];
  const { file } = model;
  const value = svc.get('security_opt');
  const opts = { seqIndent: detectSeqIndent(file, model.doc?.contents, own.map) };
  const title = `Add security_opt: ${OPTION}`;
  const one = (edit: Edit | undefined, safe: boolean, t = title): Fix[] => (edit ? [{ title: t, safe, edits: [edit] }] : []);
  const ownEntry = own.get('security_opt');

  if (kind === 'notSet' || !value) return one(addMapKey(file, own, 'security_opt', { seq: [OPTION] }, opts), true);

  // The service's own key replaces one merged from an anchor: copy the other items, then the option.
  const localCopy = (): Fix[] => {
    const items: ItemInput[] = [];
    for (const item of value.items()) {
      if (item.model.path !== model.path) continue;
      const raw = scalarString(item.model, item.node);
      if (raw !== undefined && parseOption(raw) !== undefined) continue;
      const text = file.text.slice(item.written.start, item.written.end);
      items.push({ raw: text, value: raw ?? text });
    }
    items.push(OPTION);
    return one(addMapKey(file, own, 'security_opt', { seq: items }, opts), kind === 'notInList');
  };
  // Items from an extended service or another file are merged with the service's own list, and the last option wins.
  const appendOwn = (safe: boolean): Fix[] => {
    if (!ownEntry) return one(addMapKey(file, own, 'security_opt', { seq: [OPTION] }, opts), safe);
    if (ownEntry.inheritedFrom) return localCopy();
    return isAlias(ownEntry.value) ? [] : one(appendSeqItem(file, ownEntry.pair, OPTION, opts), safe);
  };

  if (kind === 'notInList') {
    // Docker refuses to start the service with a value it cannot read (`yes`, `on`, `off`): appending
    // a valid item would leave that one, so it is set to true instead, as the user decides (`off`).
    const invalid = evaluate(svc).invalidItems ?? [];
    if (!invalid.length) return appendOwn(true);
    const edits = invalid.map((item) => (item.editable && !isAlias(ownEntry?.value) ? setTrueEdit(file.text, item.item) : undefined));
    if (edits.some((e) => !e)) return [];
    const shown = invalid.map((item) => file.text.slice(item.written.start, item.written.end)).join(', ');
    return [{ title: `Set ${OPTION} (Docker rejects ${shown})`, safe: false, edits: edits as Edit[] }];
  }

  // disabled: turning it back on reverses an explicit choice, so these fixes are not safe.
  const { falseItem } = evaluate(svc);
  if (!falseItem) return [];
  if (!falseItem.editable) return falseItem.part.layer.via === 'self' && ownEntry?.inheritedFrom ? localCopy() : appendOwn(false);
  if (isAlias(ownEntry?.value)) return [];
  return one(setTrueEdit(file.text, falseItem.item), false, `Set ${OPTION}`);
}

/** The edit that sets an item's value to `true` (`no-new-privileges:false` → `:true`), keeping its quotes. */
function setTrueEdit(text: string, written: EffectiveItem['item']): Edit | undefined {
  if (isAlias(written) || !written.range) return undefined;
  const m = /^(['"]?\s*no-new-privileges\s*[:=]\s*)(.*?)(\s*['"]?)$/s.exec(text.slice(written.range[0], written.range[1]));
  if (!m) return undefined;
  const start = written.range[0] + m[1].length;
  return { start, end: start + m[2].length, text: 'true' };
}

export default defineRule({
  meta: {
    code: 'DC003',
    name: 'require-no-new-privileges',
    language: 'compose',
    scope: 'unit',
    title: 'Service does not set no-new-privileges',
    why:
      'Without no-new-privileges, a process in the container can still gain privileges through setuid/setgid ' +
      'binaries or file capabilities; setting it closes that path for everything the service runs.',
    level: 'hint',
    risk: 'medium',
    tags: ['security', 'CIS-5.26', 'CWE-269'],
    others: {
      kics: ['No New Privileges Not Set'],
      composeLint: ['CL-0003'],
      semgrep: ['no-new-privileges'],
    },
    messages: {
      notSet: message('Service {{service}} does not set security_opt: no-new-privileges:true, so setuid binaries and file ', 'capabilities inside it can still raise privileges.'),
      notInList: message(
        'The security_opt of service {{service}} does not include no-new-privileges:true, so setuid binaries and ',
        'file capabilities inside it can still raise privileges.',
      ),
      disabled: 'Service {{service}} turns no-new-privileges off: setuid binaries and file capabilities inside it can raise privileges.',
    },
    fix: 'both',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const { state, falseItem } = evaluate(svc);
      if (state === 'true' || state === 'unknown') continue;
      const value = svc.get('security_opt');
      const fixData: FixData = { service: svc.name, kind: state };
      let at: { span: Span | undefined; related?: RelatedInfo[] } = { span: svc.span };
      if (state === 'notInList' && value) {
        at = { span: value.span, related: value.relatedAs(`security_opt is written here and merged into ${svc.name}`) };
      } else if (state === 'disabled' && falseItem) {
        // An item written in an anchor or another file is reported where this service takes it in.
        at = { span: falseItem.span, related: falseItem.relatedAs('no-new-privileges is turned off here') };
      }
      const { span, related } = at;
      if (span) yield { messageId: state, span, data: { service: svc.name }, fixData, ...(related ? { related } : {}) };
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    return data && svc ? fixesFor(model, svc, data.kind) : [];
  },
});
