import { isAlias, isMap, isScalar, isSeq, type Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Edit, Fix, Report, Span } from '../engine/types.js';
import { type ComposeModel, type ComposeService, nodeSpan, scalarValue } from '../languages/compose.js';
import { addMapKey, appendSeqItem, detectSeqIndent, type ItemInput } from '../languages/compose-edit.js';
import { substitute } from '../languages/substitute.js';

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
  /** `true`: set; `unknown`: cannot tell (variables, `extends` from another file). */
  state: 'true' | 'unknown' | Kind;
  /** The item that sets it false, as written. */
  falseItem?: { node: Node | null; written: Node; span: Span };
  /** Items with a value Docker rejects (`no-new-privileges:yes`): the service does not start with them. */
  invalidItems?: { node: Node | null; written: Node; span: Span }[];
}

/** The items of a security_opt value, each as written (an alias item stays an alias) and resolved. */
function writtenItems(model: ComposeModel, value: unknown): { node: Node | null; written: Node; span: Span }[] {
  const seq = model.resolve(value);
  if (!isSeq(seq)) return [];
  return (seq.items as Node[]).flatMap((written) => {
    const span = nodeSpan(written);
    return span ? [{ node: model.resolve(written), written, span }] : [];
  });
}

function evaluate(model: ComposeModel, svc: ComposeService, depth = 0): State {
  const entry = svc.get('security_opt');
  let last: boolean | undefined;
  let falseItem: State['falseItem'];
  const invalidItems: NonNullable<State['invalidItems']> = [];
  let unknown = false;
  for (const item of entry ? writtenItems(model, entry.value) : []) {
    const raw = scalarValue(model, item.node);
    if (typeof raw !== 'string') continue;
    const { value, unknown: hasVars } = substitute(raw, () => undefined, '$');
    if (hasVars) {
      if (!OTHER_OPTION.test(raw.trim())) unknown = true;
      continue;
    }
    const parsed = parseOption(value);
    if (parsed === undefined) continue;
    if (parsed === 'invalid') invalidItems.push(item);
    // Docker applies the options in order: the last one wins.
    last = parsed === true;
    falseItem = parsed === false ? item : undefined;
  }
  if (last === true) return { state: 'true' };
  if (falseItem) return { state: 'disabled', falseItem };
  if (unknown) return { state: 'unknown' };
  // `extends` merges the base service's security_opt into this one.
  const ext = svc.get('extends');
  if (ext && depth < 8) {
    const target = model.resolve(ext.value);
    let base: string | undefined;
    if (isScalar(target) && typeof target.value === 'string') base = target.value;
    else if (isMap(target)) {
      if (target.items.some((p) => isScalar(p.key) && p.key.value === 'file')) return { state: 'unknown' };
      const s = scalarValue(model, target.items.find((p) => isScalar(p.key) && p.key.value === 'service')?.value);
      if (typeof s === 'string') base = s;
    }
    const baseSvc = base !== undefined && base !== svc.name ? model.service(base) : undefined;
    if (baseSvc) {
      const inherited = evaluate(model, baseSvc, depth + 1).state;
      if (inherited === 'true' || inherited === 'unknown') return { state: inherited };
    }
  }
  return { state: entry ? 'notInList' : 'notSet', invalidItems };
}

/** The edit that sets an item's value to `true` (`no-new-privileges:false` → `:true`), keeping its quotes. */
function setTrueEdit(model: ComposeModel, written: Node | undefined): Edit | undefined {
  if (!written || isAlias(written) || !written.range) return undefined;
  const text = model.file.text.slice(written.range[0], written.range[1]);
  const m = /^(['"]?\s*no-new-privileges\s*[:=]\s*)(.*?)(\s*['"]?)$/s.exec(text);
  if (!m) return undefined;
  const start = written.range[0] + m[1].length;
  return { start, end: start + m[2].length, text: 'true' };
}

interface FixData {
  service: string;
  kind: Kind;
}

function fixesFor(model: ComposeModel, svc: ComposeService, kind: Kind): Fix[] {
  const { file } = model;
  const entry = svc.get('security_opt');
  const opts = { seqIndent: detectSeqIndent(file, model.doc?.contents, svc.map) };
  const title = `Add security_opt: ${OPTION}`;
  const one = (edit: Edit | undefined, safe: boolean, t = title): Fix[] => (edit ? [{ title: t, safe, edits: [edit] }] : []);

  if (kind === 'notSet' || !entry) return one(addMapKey(file, svc, 'security_opt', { seq: [OPTION] }, opts), true);

  // Copies of the other items, for a local security_opt that overrides a merged one.
  const localCopy = (): Fix[] => {
    const items: ItemInput[] = [];
    for (const item of writtenItems(model, entry.value)) {
      const value = scalarValue(model, item.node);
      if (typeof value === 'string' && parseOption(value) !== undefined) continue;
      const raw = file.text.slice(item.span.start, item.span.end);
      items.push({ raw, value: typeof value === 'string' ? value : raw });
    }
    items.push(OPTION);
    return one(addMapKey(file, svc, 'security_opt', { seq: items }, opts), kind === 'notInList');
  };

  if (kind === 'notInList') {
    if (entry.inheritedFrom) return localCopy();
    if (isAlias(entry.value)) return [];
    // Docker refuses to start the service with a value it cannot read (`yes`, `on`, `off`): appending
    // a valid item would leave that one, so it is set to true instead, as the user decides (`off`).
    const invalid = evaluate(model, svc).invalidItems ?? [];
    if (invalid.length) {
      const edits = invalid.map((item) => setTrueEdit(model, item.written));
      if (edits.some((e) => !e)) return [];
      const shown = invalid.map((item) => file.text.slice(item.span.start, item.span.end)).join(', ');
      return [{ title: `Set ${OPTION} (Docker rejects ${shown})`, safe: false, edits: edits as Edit[] }];
    }
    return one(appendSeqItem(file, entry.pair, OPTION, opts), true);
  }

  // disabled: turning it back on reverses an explicit choice, so these fixes are not safe.
  const { falseItem } = evaluate(model, svc);
  if (entry.inheritedFrom) return localCopy();
  if (isAlias(entry.value)) return [];
  return one(setTrueEdit(model, falseItem?.written), false, `Set ${OPTION}`);
}

export default defineRule<ComposeModel>({
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
    catalog: ['DC-PRIV-002'],
    others: {
      kics: ['No New Privileges Not Set'],
      composeLint: ['CL-0003'],
      semgrep: ['no-new-privileges'],
    },
    messages: {
      notSet:
        'Service {{service}} does not set security_opt: no-new-privileges:true, so setuid binaries and file ' +
        'capabilities inside it can still raise privileges.',
      notInList:
        'The security_opt of service {{service}} does not include no-new-privileges:true, so setuid binaries and ' +
        'file capabilities inside it can still raise privileges.',
      disabled:
        'Service {{service}} turns no-new-privileges off: setuid binaries and file capabilities inside it can raise privileges.',
    },
    fix: 'both',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const { state, falseItem } = evaluate(model, svc);
      if (state === 'true' || state === 'unknown') continue;
      const entry = svc.get('security_opt');
      const fixData: FixData = { service: svc.name, kind: state };
      const report: Report = { messageId: state, span: svc.keySpan, data: { service: svc.name }, fixData };
      if (state === 'notInList' && entry) {
        report.span = entry.span;
        if (entry.inheritedFrom) report.related = [{ span: entry.inheritedFrom, message: `security_opt is written here and merged into ${svc.name}` }];
      } else if (state === 'disabled' && entry && falseItem) {
        // An item written in an anchor is reported where this service uses it.
        const viaAnchor = entry.inheritedFrom ? entry.span : isAlias(entry.value) ? nodeSpan(entry.value) : undefined;
        report.span = viaAnchor ?? falseItem.span;
        if (viaAnchor) report.related = [{ span: falseItem.span, message: 'no-new-privileges is turned off here' }];
      }
      yield report;
    }
  },
  fix(report, { model }) {
    const data = report.fixData as FixData | undefined;
    const svc = data && model.services.find((s) => s.name === data.service);
    return svc ? fixesFor(model, svc, data.kind) : [];
  },
});
