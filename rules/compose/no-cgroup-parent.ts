import type { Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import { type ComposeModel, nodeSpan } from '../languages/compose.js';
import { displayText, interpolateWithEnv, scalarString } from '../languages/compose-ports.js';

export default defineRule<ComposeModel>({
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
      cgroupParent:
        'Service {{service}} runs under cgroup_parent {{parent}} instead of the cgroup Docker manages: check that this ' +
        'parent enforces the limits the service should have, and is not shared with the host\'s own services.',
    },
  },
  *check({ model }) {
    for (const svc of model.services) {
      const entry = svc.get('cgroup_parent');
      const raw = entry && scalarString(model, entry.value);
      if (!entry || raw === undefined) continue;
      const v = interpolateWithEnv(model, raw);
      // An empty value (or a variable that may be empty) keeps Docker's default.
      if (v.unknown || v.text.trim() === '') continue;
      const span = entry.inheritedFrom ? entry.span : (nodeSpan(entry.value as Node) ?? entry.span);
      yield {
        messageId: 'cgroupParent',
        span,
        data: { service: svc.name, parent: displayText(v.text.trim()) },
        related: entry.inheritedFrom ? [{ span: entry.inheritedFrom, message: 'cgroup_parent is written here' }] : undefined,
      };
    }
  },
});
