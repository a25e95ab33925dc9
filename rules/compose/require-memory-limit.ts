import { isMap, type Node } from 'yaml';
import { defineRule } from '../engine/define-rule.js';
import type { Fix, Report, Span } from '../engine/types.js';
import { type ComposeModel, type ComposeService, nodeSpan } from '../languages/compose.js';
import { addMapKey, detectSeqIndent } from '../languages/compose-edit.js';
import { hasServiceValue, interpolateWithEnv, mapPair, scalarString, serviceValue } from '../languages/compose-ports.js';

/**
 * Shared by the resource-limit rules (DC044 memory, DC045 CPU, DC046 PIDs): whether a service sets
 * a limit under any of its accepted keys, and the fix that adds one with a placeholder value.
 */

export type LimitState =
  | { state: 'set' | 'unknown' | 'missing' }
  /** Set to a value that means "no limit" (`0`, `-1`), written at `span` in this service. */
  | { state: 'unlimited'; span: Span; related?: Span; key: string; value: string };

/** `paths`: the keys that set the limit; `zeroMeansNone`: those of them where `0`/`-1` mean no limit (all by default). */
export function limitState(
  model: ComposeModel,
  svc: ComposeService,
  paths: readonly (readonly string[])[],
  zeroMeansNone: readonly string[] = paths.map((p) => p.join('.')),
): LimitState {
  for (const path of paths) {
    const found = serviceValue(model, svc, path);
    if (!found) continue;
    const raw = scalarString(model, found.value);
    if (raw === undefined || !zeroMeansNone.includes(path.join('.'))) return { state: 'set' };
    const v = interpolateWithEnv(model, raw);
    if (!v.unknown && /^\s*(?:0+(?:\.0*)?[a-z]*|-1)\s*$/i.test(v.text)) {
      const at = nodeSpan(found.value as Node);
      if (!at) return { state: 'set' };
      const viaAnchor = found.entry.inheritedFrom !== undefined;
      return {
        state: 'unlimited',
        span: viaAnchor ? found.entry.span : at,
        related: viaAnchor ? at : undefined,
        key: path.join('.'),
        value: v.text.trim(),
      };
    }
    return { state: 'set' };
  }
  const has = hasServiceValue(model, svc, paths);
  return { state: has === 'no' ? 'missing' : has === 'unknown' ? 'unknown' : 'set' };
}

/**
 * Adds a limit with a placeholder the user edits: under `deploy.resources.limits` when the service
 * writes that mapping itself (keeps the limits together), else as the service-level key.
 */
export function addLimitFix(model: ComposeModel, svc: ComposeService, serviceKey: string, limitsKey: string, value: string, what: string): Fix[] {
  const { file } = model;
  const seqIndent = detectSeqIndent(file, model.doc?.contents, svc.map);
  const deploy = svc.map ? mapPair(model, svc.map, 'deploy') : undefined;
  const resources = deploy && !deploy.merged ? mapPair(model, deploy.pair.value, 'resources') : undefined;
  const limits = resources && !resources.merged ? mapPair(model, resources.pair.value, 'limits') : undefined;
  const limitsNode = limits?.pair.value as Node | null | undefined;
  const limitsKeySpan = nodeSpan(limits?.pair.key as Node | undefined);
  let edit;
  let where = serviceKey;
  if (limits && !limits.merged && isMap(limitsNode) && limitsKeySpan) {
    edit = addMapKey(file, { keySpan: limitsKeySpan, node: limitsNode }, limitsKey, { scalar: value }, { seqIndent });
    where = `deploy.resources.limits.${limitsKey}`;
  } else {
    edit = addMapKey(file, svc, serviceKey, { scalar: value }, { seqIndent });
  }
  return edit ? [{ title: `Add ${where}: ${value} (a placeholder: set ${what})`, safe: false, edits: [edit] }] : [];
}

export default defineRule<ComposeModel>({
  meta: {
    code: 'DC044',
    name: 'require-memory-limit',
    language: 'compose',
    scope: 'unit',
    title: 'Service has no memory limit',
    why:
      'Without a memory limit one container can use all of the host\'s memory, through a leak, a bug or an attack, ' +
      'and the kernel then kills processes across the host, other containers and system services included.',
    level: 'hint',
    risk: 'medium',
    tags: ['security', 'resources', 'CIS-5.11', 'CWE-400', 'CWE-770'],
    others: {
      kics: ['Memory Not Limited'],
      composeLint: ['CL-0026'],
    },
    messages: {
      missing:
        'Service {{service}} has no memory limit: it can take all of the host\'s memory. Set mem_limit (or ' +
        'deploy.resources.limits.memory) to what it needs.',
      unlimited:
        'Service {{service}} sets {{key}}: {{value}}, which means no memory limit: it can take all of the host\'s memory.',
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of model.services) {
      const s = limitState(model, svc, [['mem_limit'], ['deploy', 'resources', 'limits', 'memory']]);
      if (s.state === 'missing') yield { messageId: 'missing', span: svc.keySpan, data: { service: svc.name }, fixData: { service: svc.name } };
      else if (s.state === 'unlimited') {
        const report: Report = { messageId: 'unlimited', span: s.span, data: { service: svc.name, key: s.key, value: s.value } };
        if (s.related) report.related = [{ span: s.related, message: `${s.key} is set here` }];
        yield report;
      }
    }
  },
  fix(report, { model }) {
    const name = (report.fixData as { service?: string } | undefined)?.service;
    const svc = model.services.find((s) => s.name === name);
    return svc ? addLimitFix(model, svc, 'mem_limit', 'memory', '512m', 'what the service needs') : [];
  },
});
