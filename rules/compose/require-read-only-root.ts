import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Edit, Fix } from '../engine/types.js';
import type { ComposeModel, ComposeService } from '../languages/compose.js';
import { addMapKey, appendSeqItem, detectSeqIndent, type IndentOptions, joinInsertions, nodeText, replaceNode, scalarContent } from '../languages/compose-edit.js';
import { boolValue, mergedFrom, mountsOf, normalisePath } from '../languages/compose-volumes.js';

type Kind = 'notSet' | 'disabled';

interface FixData {
  service: string;
  kind: Kind;
}

/** How the service gets a tmpfs at /tmp: it has one (or a mount there), an edit of its tmpfs, a new key, or not at all. */
type TmpPlan = { kind: 'has' } | { kind: 'edit'; edit: Edit } | { kind: 'add' } | { kind: 'cannot' };

function planTmp(model: ComposeModel, svc: ComposeService, opts: IndentOptions): TmpPlan {
  if (mountsOf(model, svc).some((m) => m.target !== undefined && normalisePath(m.target.trim()) === '/tmp')) return { kind: 'has' };
  const entry = svc.get('tmpfs');
  if (!entry) return { kind: 'add' };
  // A tmpfs list merged from an anchor would be replaced by a local one: leave it.
  if (entry.inheritedFrom || isAlias(entry.value)) return { kind: 'cannot' };
  let edit: Edit | undefined;
  if (isSeq(entry.value)) edit = appendSeqItem(model.file, entry.pair, '/tmp', opts);
  // `tmpfs: /run` → `tmpfs: [/run, /tmp]`.
  else if (isScalar(entry.value) && scalarContent(model.file, entry.value)) edit = replaceNode(entry.value, `[${nodeText(model.file, entry.value)}, /tmp]`);
  return edit ? { kind: 'edit', edit } : { kind: 'cannot' };
}

function readOnlyFix(model: ComposeModel, svc: ComposeService, kind: Kind): Fix[] {
  const { file } = model;
  const opts = { seqIndent: detectSeqIndent(file, model.doc?.contents, svc.map) };
  const entry = svc.get('read_only');
  const tmp = planTmp(model, svc, opts);
  const edits: Edit[] = [];
  // The tmpfs item goes first when it and a new key land at the end of the service.
  if (tmp.kind === 'edit') edits.push(tmp.edit);
  const ownFalse = kind === 'disabled' && entry && !entry.inheritedFrom;
  if (ownFalse) {
    const edit = isAlias(entry.value) ? undefined : replaceNode(entry.value, 'true');
    if (!edit) return [];
    edits.push(edit);
    if (tmp.kind === 'add') {
      const add = addMapKey(file, svc, 'tmpfs', { seq: ['/tmp'] }, opts);
      if (add) edits.push(add);
    }
  } else if (tmp.kind !== 'add') {
    // A key written in the service overrides a merged `read_only: false`.
    const add = addMapKey(file, svc, 'read_only', { scalar: 'true' }, opts);
    if (!add) return [];
    edits.push(add);
  } else if (isMap(svc.node) && svc.node.flow) {
    // Both pairs in one insertion: `{image: x}` → `{image: x, read_only: true, tmpfs: [/tmp]}`.
    const add = addMapKey(file, svc, 'read_only', { scalar: 'true, tmpfs: [/tmp]' }, opts);
    if (!add) return [];
    edits.push(add);
  } else {
    // Both keys land at the end of the service, read_only first.
    const a = addMapKey(file, svc, 'read_only', { scalar: 'true' }, opts);
    const b = addMapKey(file, svc, 'tmpfs', { seq: ['/tmp'] }, opts);
    if (!a || !b) return [];
    edits.push(a, b);
  }
  const withTmp = tmp.kind === 'edit' || tmp.kind === 'add';
  // Not safe: a service that writes outside its volumes and /tmp stops working.
  // Insertions at one offset become one edit, so every editor applies them in this order.
  return [{ title: withTmp ? 'Set read_only: true with a tmpfs at /tmp' : 'Set read_only: true', safe: false, edits: joinInsertions(edits) }];
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC030',
    name: 'require-read-only-root',
    language: 'compose',
    scope: 'unit',
    title: 'Service root filesystem is writable',
    why:
      'With a writable root filesystem an attacker can replace the service\'s binaries and scripts, plant tools and ' +
      'persist until the container is recreated; read_only: true with tmpfs for scratch space takes that away.',
    level: 'hint',
    risk: 'low',
    tags: ['security', 'CIS-5.13', 'CWE-732'],
    others: {
      composeLint: ['CL-0007'],
      semgrep: ['writable-filesystem-service'],
    },
    messages: {
      notSet:
        'Service {{service}} has a writable root filesystem. Set read_only: true and give it tmpfs (or volumes) for the ' +
        'paths it writes, such as /tmp.',
      disabled:
        'Service {{service}} sets read_only: false, so its root filesystem is writable. Set it to true and give it tmpfs ' +
        '(or volumes) for the paths it writes.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const entry = svc.get('read_only');
      const value = entry ? boolValue(model, entry.value) : false;
      if (value !== false) continue;
      const kind: Kind = entry ? 'disabled' : 'notSet';
      yield {
        messageId: kind,
        span: entry?.span ?? svc.keySpan,
        data: { service: svc.name },
        related: entry && mergedFrom(entry, svc.name),
        fixData: { service: svc.name, kind } satisfies FixData,
      };
    }
  },
  fix(report, { model }) {
    const data = report.fixData as FixData | undefined;
    const svc = data && model.services.find((s) => s.name === data.service);
    return svc ? readOnlyFix(model, svc, data.kind) : [];
  },
});
