import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix } from '../engine/types.js';
import type { ComposeModel, ComposeService, EffectiveService } from '../languages/compose.js';
import { addMapKey, appendSeqItem, detectSeqIndent, type IndentOptions, joinInsertions, nodeText, replaceNode, scalarContent } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueBool } from '../languages/compose-values.js';
import { mountsOf, normalisePath } from '../languages/compose-volumes.js';

type Kind = 'notSet' | 'disabled';

interface FixData {
  service: string;
  kind: Kind;
}

/** How the service gets a tmpfs at /tmp: it has one (or a mount there), an edit of its tmpfs, a new key, or not at all. */
type TmpPlan = { kind: 'has' } | { kind: 'edit'; edit: Edit } | { kind: 'add' } | { kind: 'cannot' };

function planTmp(model: ComposeModel, svc: EffectiveService, opts: IndentOptions): TmpPlan {
  if (mountsOf(model, svc).some((m) => m.target !== undefined && normalisePath(m.target.trim()) === '/tmp')) return { kind: 'has' };
  const value = svc.get('tmpfs');
  if (!value) return { kind: 'add' };
  // A tmpfs list from an anchor or another file would be replaced by a local one: leave it.
  if (!value.editable) return { kind: 'cannot' };
  const entry = value.last.entry;
  let edit: Edit | undefined;
  if (isSeq(entry.value)) edit = appendSeqItem(model.file, entry.pair, '/tmp', opts);
  // `tmpfs: /run` → `tmpfs: [/run, /tmp]`.
  else if (isScalar(entry.value) && scalarContent(model.file, entry.value)) edit = replaceNode(entry.value, `[${nodeText(model.file, entry.value)}, /tmp]`);
  return edit ? { kind: 'edit', edit } : { kind: 'cannot' };
}

function readOnlyFix(model: ComposeModel, svc: EffectiveService, own: ComposeService, kind: Kind): Fix[] {
  const { file } = model;
  const opts = { seqIndent: detectSeqIndent(file, model.doc?.contents, own.map) };
  const value = svc.get('read_only');
  const tmp = planTmp(model, svc, opts);
  const edits: Edit[] = [];
  // The tmpfs item goes first when it and a new key land at the end of the service.
  if (tmp.kind === 'edit') edits.push(tmp.edit);
  const ownFalse = kind === 'disabled' && value?.editable;
  if (ownFalse) {
    const edit = isAlias(value.last.entry.value) ? undefined : replaceNode(value.last.entry.value, 'true');
    if (!edit) return [];
    edits.push(edit);
    if (tmp.kind === 'add') {
      const add = addMapKey(file, own, 'tmpfs', { seq: ['/tmp'] }, opts);
      if (add) edits.push(add);
    }
  } else if (tmp.kind !== 'add') {
    // A key written in the service wins over a `read_only: false` from an anchor or another file.
    const add = addMapKey(file, own, 'read_only', { scalar: 'true' }, opts);
    if (!add) return [];
    edits.push(add);
  } else if (isMap(own.node) && own.node.flow) {
    // Both pairs in one insertion: `{image: x}` → `{image: x, read_only: true, tmpfs: [/tmp]}`.
    const add = addMapKey(file, own, 'read_only', { scalar: 'true, tmpfs: [/tmp]' }, opts);
    if (!add) return [];
    edits.push(add);
  } else {
    // Both keys land at the end of the service, read_only first.
    const a = addMapKey(file, own, 'read_only', { scalar: 'true' }, opts);
    const b = addMapKey(file, own, 'tmpfs', { seq: ['/tmp'] }, opts);
    if (!a || !b) return [];
    edits.push(a, b);
  }
  const withTmp = tmp.kind === 'edit' || tmp.kind === 'add';
  // Not safe: a service that writes outside its volumes and /tmp stops working.
  // Insertions at one offset become one edit, so every editor applies them in this order.
  return [{ title: withTmp ? 'Set read_only: true with a tmpfs at /tmp' : 'Set read_only: true', safe: false, edits: joinInsertions(edits) }];
}

export default defineRule({
  meta: {
    code: 'DC030',
    name: 'require-read-only-root',
    language: 'compose',
    scope: 'unit',
    title: 'Service root filesystem is writable',
    why:
      "With a writable root filesystem an attacker can replace the service's binaries and scripts, plant tools and " +
      'persist until the container is recreated; read_only: true with tmpfs for scratch space takes that away.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'CIS-5.13', 'CWE-732'],
    others: {
      composeLint: ['CL-0007'],
      semgrep: ['writable-filesystem-service'],
    },
    messages: {
      notSet: message('Service {{service}} has a writable root filesystem. Set read_only: true and give it tmpfs (or volumes) for the ', 'paths it writes, such as /tmp.'),
      disabled: message(
        'Service {{service}} sets read_only: false, so its root filesystem is writable. Set it to true and give it tmpfs ',
        '(or volumes) for the paths it writes.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const value = svc.get('read_only');
      if ((value ? valueBool(value) : false) !== false) continue;
      const kind: Kind = value ? 'disabled' : 'notSet';
      const span = value ? value.span : svc.span;
      if (!span) continue;
      yield {
        messageId: kind,
        span,
        data: { service: svc.name },
        related: value?.relatedAs(`read_only is set here and merged into ${svc.name}`),
        fixData: { service: svc.name, kind } satisfies FixData,
      };
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    return data && svc?.own ? readOnlyFix(model, svc, svc.own, data.kind) : [];
  },
});
