import { isAlias, isScalar } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Edit, Fix, Report } from '../engine/types.js';
import type { ComposeModel, ComposeService } from '../languages/compose.js';
import { addMapKey, appendSeqItem, detectSeqIndent } from '../languages/compose-edit.js';
import { boolValue, entryItems, hasUnknown, interpolate, mergedFrom, variablesOf } from '../languages/compose-volumes.js';

type State = 'dropsAll' | 'unknown' | 'notSet' | 'notAll';

/** Whether the service drops every capability; `unknown` when an item is a variable that cannot be read. */
function evaluate(model: ComposeModel, svc: ComposeService): State {
  const entry = svc.get('cap_drop');
  if (!entry) return 'notSet';
  let unknown = false;
  // `cap_drop: ALL` (a scalar) is not valid Compose, but it says what the author means.
  for (const { node } of entryItems(model, entry)) {
    if (!isScalar(node)) continue;
    const text = interpolate(String(node.value ?? ''), variablesOf(model)).trim();
    if (hasUnknown(text)) unknown = true;
    // Docker special-cases `ALL` before adding the `CAP_` prefix, so `CAP_ALL` is not a spelling of it.
    else if (text.toUpperCase() === 'ALL') return 'dropsAll';
  }
  return unknown ? 'unknown' : 'notAll';
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC010',
    name: 'require-cap-drop-all',
    language: 'compose',
    scope: 'unit',
    title: 'Service keeps the default capabilities',
    why:
      'Docker gives every container 14 capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, NET_RAW…) whether it needs ' +
      'them or not; dropping ALL and adding back the few a service uses shrinks what an attacker gets with code execution.',
    level: 'hint',
    risk: 'medium',
    tags: ['security', 'CIS-5.4', 'CWE-250'],
    others: {
      kics: ['Container Capabilities Unrestricted'],
      composeLint: ['CL-0006'],
    },
    messages: {
      notSet:
        'Service {{service}} keeps all of Docker\'s default capabilities. Add cap_drop: [ALL] and cap_add back only ' +
        'the ones it needs (for example NET_BIND_SERVICE).',
      notAll:
        'The cap_drop of service {{service}} does not drop ALL, so the other default capabilities stay. Drop ALL and ' +
        'cap_add back only the ones it needs.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      // A privileged service has every capability whatever cap_drop says: DC001 reports that.
      if (boolValue(model, svc.get('privileged')?.value) === true) continue;
      const state = evaluate(model, svc);
      if (state === 'dropsAll' || state === 'unknown') continue;
      const entry = svc.get('cap_drop');
      const report: Report = { messageId: state, span: svc.keySpan, data: { service: svc.name }, fixData: { service: svc.name } };
      if (state === 'notAll' && entry) {
        report.span = entry.span;
        report.related = mergedFrom(entry, svc.name);
      }
      yield report;
    }
  },
  fix(report, { model }) {
    const name = (report.fixData as { service?: string } | undefined)?.service;
    const svc = model.services.find((s) => s.name === name);
    if (!svc) return [];
    const { file } = model;
    const opts = { seqIndent: detectSeqIndent(file, model.doc?.contents, svc.map) };
    const entry = svc.get('cap_drop');
    let edit: Edit | undefined;
    if (!entry || entry.inheritedFrom) {
      // A key written in the service overrides a merged one; ALL makes the merged items moot.
      edit = addMapKey(file, svc, 'cap_drop', { seq: ['ALL'] }, opts);
    } else if (!isAlias(entry.value)) {
      edit = appendSeqItem(file, entry.pair, 'ALL', opts);
    }
    const fixes: Fix[] = [];
    // Not safe: a service that changes file owners or binds a low port as root needs capabilities back.
    if (edit) fixes.push({ title: 'Add cap_drop: [ALL]', safe: false, edits: [edit] });
    return fixes;
  },
});
