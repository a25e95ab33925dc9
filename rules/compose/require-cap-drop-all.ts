import { isAlias, isScalar } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Edit, Fix } from '../engine/types.js';
import type { EffectiveService } from '../languages/compose.js';
import { addMapKey, appendSeqItem, detectSeqIndent } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { itemInterpolated, valueBool } from '../languages/compose-values.js';

type State = 'dropsAll' | 'unknown' | 'notSet' | 'notAll';

/** Whether the service drops every capability; `unknown` when an item is a variable that cannot be read. */
function evaluate(svc: EffectiveService): State {
  const value = svc.get('cap_drop');
  if (!value) return 'notSet';
  let unknown = false;
  // `cap_drop: ALL` (a scalar) is not valid Compose, but it says what the author means.
  for (const item of value.items()) {
    if (!isScalar(item.node)) continue;
    const text = itemInterpolated(item);
    if (!text) continue;
    if (text.unknown) unknown = true;
    // Docker special-cases `ALL` before adding the `CAP_` prefix, so `CAP_ALL` is not a spelling of it.
    else if (text.value.trim().toUpperCase() === 'ALL') return 'dropsAll';
  }
  return unknown ? 'unknown' : 'notAll';
}

export default defineRule({
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
      notSet: message(
        "Service {{service}} keeps all of Docker's default capabilities. Add cap_drop: [ALL] and cap_add back only ",
        'the ones it needs (for example NET_BIND_SERVICE).',
      ),
      notAll: message('The cap_drop of service {{service}} does not drop ALL, so the other default capabilities stay. Drop ALL and ', 'cap_add back only the ones it needs.'),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      // A privileged service has every capability whatever cap_drop says: DC001 reports that.
      if (valueBool(svc.get('privileged')) === true) continue;
      const state = evaluate(svc);
      if (state === 'dropsAll' || state === 'unknown') continue;
      const value = svc.get('cap_drop');
      // `notAll` is reported at the cap_drop that falls short, `notSet` at the service.
      const at = state === 'notAll' && value;
      const span = at ? value.span : svc.span;
      const related = at ? { related: value.relatedAs(`cap_drop is set here and merged into ${svc.name}`) } : {};
      if (span) yield { messageId: state, span, data: { service: svc.name }, fixData: { service: svc.name }, ...related };
    }
  },
  fix(report, { model }) {
    const name = report.fixData?.service;
    const own = name === undefined ? undefined : model.effective(name)?.own;
    if (!own) return [];
    const { file } = model;
    const opts = { seqIndent: detectSeqIndent(file, model.doc?.contents, own.map) };
    const value = model.effective(own.name)?.get('cap_drop');
    let edit: Edit | undefined;
    if (!value?.editable) {
      // A key written in the service wins over one from an anchor or another file; ALL makes their items moot.
      edit = addMapKey(file, own, 'cap_drop', { seq: ['ALL'] }, opts);
    } else if (!isAlias(value.last.entry.value)) {
      edit = appendSeqItem(file, value.last.entry.pair, 'ALL', opts);
    }
    const fixes: Fix[] = [];
    // Not safe: a service that changes file owners or binds a low port as root needs capabilities back.
    if (edit) fixes.push({ title: 'Add cap_drop: [ALL]', safe: false, edits: [edit] });
    return fixes;
  },
});
