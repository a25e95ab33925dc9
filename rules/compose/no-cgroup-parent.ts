import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { displayText } from '../languages/compose-interpolate.js';

export default defineRule({
  meta: {
    code: 'DC048',
    name: 'no-cgroup-parent',
    language: 'compose',
    scope: 'unit',
    title: 'Service sets cgroup_parent',
    why:
      'cgroup_parent moves the container out of the cgroup Docker manages into one chosen by hand; the limits and ' +
      'accounting of that parent apply instead, and a shared or unlimited parent lets the container escape its intended limits.',
    level: 'info',
    risk: 'low',
    tags: ['security', 'resources', 'CIS-5.25'],
    others: {
      kics: ['Cgroup Not Default'],
    },
    messages: {
      cgroupParent: message(
        'Service {{service}} runs under cgroup_parent {{parent}} instead of the cgroup Docker manages: check that this ',
        "parent enforces the limits the service should have, and is not shared with the host's own services.",
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const value = svc.get('cgroup_parent');
      const v = value?.interpolated();
      // An empty value (or a variable that may be empty) keeps Docker's default.
      if (!value?.valueSpan || !v || v.unknown || v.value.trim() === '') continue;
      const related = value.relatedAs('cgroup_parent is written here');
      yield { messageId: 'cgroupParent', span: value.valueSpan, data: { service: svc.name, parent: displayText(v.marked.trim()) }, ...(related.length ? { related } : {}) };
    }
  },
});
