import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Fix } from '../engine/types.js';
import type { ComposeModel } from '../languages/compose.js';
import { addMapKey, detectSeqIndent, removePair, replaceNode } from '../languages/compose-edit.js';
import { substitute } from '../languages/substitute.js';

/** Booleans as Compose reads them after interpolation (`y`, `yes`, `true`, `on`, any case). */
const TRUE_WORDS = /^(?:y|yes|true|on)$/i;

/** True when the node says `true` the way Compose reads it; false for false, unknown `${VAR}`s, anything else. */
function isTrue(model: ComposeModel, node: unknown): boolean {
  const n = model.resolve(node);
  if (!isScalar(n)) return false;
  if (n.value === true) return true;
  if (typeof n.value !== 'string') return false;
  const { value, unknown } = substitute(n.value, () => undefined, '$');
  return !unknown && TRUE_WORDS.test(value.trim());
}

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

export default defineRule<ComposeModel>({
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
      privileged:
        'Service {{service}} runs privileged: it gets all capabilities and host devices and no seccomp or ' +
        'AppArmor confinement, so root in it is root on the host. Grant only the capabilities or devices it needs.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const entry = svc.get('privileged');
      if (!entry || !isTrue(model, entry.value)) continue;
      yield {
        messageId: 'privileged',
        span: entry.span,
        data: { service: svc.name },
        related: entry.inheritedFrom ? [{ span: entry.inheritedFrom, message: `privileged is set here and merged into ${svc.name}` }] : undefined,
        fixData: { service: svc.name },
      };
    }
  },
  fix(report, { model }) {
    const name = (report.fixData as { service?: string } | undefined)?.service;
    const svc = model.services.find((s) => s.name === name);
    const entry = svc?.get('privileged');
    if (!svc || !entry) return [];
    const { file } = model;
    if (entry.inheritedFrom || !svc.map) {
      // From an anchor: removing it there would change every service that merges it. An own key
      // overrides merged ones, so this service alone gets `privileged: false`.
      const seqIndent = detectSeqIndent(file, model.doc?.contents, svc.map);
      const edit = addMapKey(file, svc, 'privileged', { scalar: 'false' }, { seqIndent });
      return edit ? [{ title: `Set privileged: false for service ${svc.name}`, safe: false, edits: [edit] }] : [];
    }
    if (mergesProvide(model, svc.map, 'privileged')) {
      // Removing the own key would let a merged `privileged` through: write false instead.
      const edit = replaceNode(entry.value, 'false');
      return edit ? [{ title: `Set privileged: false for service ${svc.name}`, safe: false, edits: [edit] }] : [];
    }
    const edit = removePair(file, svc.map, entry.pair);
    const fixes: Fix[] = [];
    if (edit) fixes.push({ title: 'Remove privileged: true', safe: false, edits: [edit] });
    return fixes;
  },
});
