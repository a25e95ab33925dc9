import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Fix } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { addMapKey, detectSeqIndent, removePair, replaceNode } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { valueBool } from '../languages/compose-values.js';

/** True when a `<<` merge of `map` (followed transitively) provides `key`. */
function mergesProvide(model: ComposeModel, map: YAMLMap, key: string, depth = 0, seen = new Set<unknown>()): boolean {
  if (depth > 16 || seen.has(map)) return false;
  seen.add(map);
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue;
    const value = pair.value as Node | null;
    for (const src of isSeq(value) ? (value.items as Node[]) : [value]) {
      const target = model.resolve(src);
      if (!isMap(target)) continue;
      if (target.items.some((p) => isScalar(p.key) && p.key.value === key)) return true;
      if (mergesProvide(model, target, key, depth + 1, seen)) return true;
    }
  }
  return false;
}

export default defineRule({
  meta: {
    code: 'DC001',
    name: 'no-privileged',
    language: 'compose',
    scope: 'unit',
    title: 'Service runs privileged',
    why:
      'A privileged container gets every capability and every host device and runs without the seccomp ' +
      'and AppArmor/SELinux confinement; root inside it can take over the host in a few commands.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'CIS-5.5', 'CWE-250'],
    others: {
      kics: ['Privileged Containers Enabled'],
      composeLint: ['CL-0002'],
      semgrep: ['privileged-service'],
    },
    messages: {
      privileged: message(
        'Service {{service}} runs privileged: it gets all capabilities and host devices and no seccomp or ',
        'AppArmor confinement, so root in it is root on the host. Grant only the capabilities or devices it needs.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      const value = svc.get('privileged');
      if (!value?.span || valueBool(value) !== true) continue;
      yield {
        messageId: 'privileged',
        span: value.span,
        data: { service: svc.name },
        related: value.relatedAs(`privileged is set here and merged into ${svc.name}`),
        fixData: { service: svc.name },
      };
    }
  },
  fix(report, { model }) {
    const name = report.fixData?.service;
    const svc = name === undefined ? undefined : model.effective(name);
    const value = svc?.get('privileged');
    const own = svc?.own;
    if (!value || !own) return [];
    const { file } = model;
    const setFalse = (edit: ReturnType<typeof replaceNode>): Fix[] => (edit ? [{ title: `Set privileged: false for service ${own.name}`, safe: false, edits: [edit] }] : []);
    if (!value.editable || !own.map) {
      // From an anchor, an extended service or another file: removing it there would change every
      // service that uses it. An own key wins over those, so this service alone gets `privileged: false`.
      return setFalse(addMapKey(file, own, 'privileged', { scalar: 'false' }, { seqIndent: detectSeqIndent(file, model.doc?.contents, own.map) }));
    }
    // Removing the own key would let a merged or extended `privileged` through: write false instead.
    if (value.parts.length > 1 || mergesProvide(model, own.map, 'privileged')) return setFalse(replaceNode(value.last.entry.value, 'false'));
    const edit = removePair(file, own.map, value.last.entry.pair);
    return edit ? [{ title: 'Remove privileged: true', safe: false, edits: [edit] }] : [];
  },
});
