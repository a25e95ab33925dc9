/**
 * The resource-limit rules (DC044 memory, DC045 CPU, DC046 PIDs) ask one question — does the
 * service as Compose runs it set a limit under any of the accepted keys, and is it a real one? — and
 * offer one fix: add a limit with a placeholder value. DC051 asks the memory question too.
 */
import { isMap } from 'yaml';
import type { ReportOf } from '../engine/define-rule.js';
import type { Fix } from '../engine/types.js';
import type { ComposeModel, EffectiveService, EffectiveValue } from '../languages/compose.js';
import { addMapKey, detectSeqIndent } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { nodeSpan } from '../languages/compose-file.js';

export type LimitState =
  | { state: 'set' | 'unknown' | 'missing' }
  /** Set to a value that means "no limit" (`0`, `-1`). */
  | { state: 'unlimited'; value: EffectiveValue; key: string; text: string };

/** The keys that bound memory. */
export const MEMORY_KEYS = ['mem_limit', 'deploy.resources.limits.memory'];

/** `paths`: the dotted keys that set the limit; `zeroMeansNone`: those of them where `0`/`-1` mean no limit (all by default). */
export function limitState(svc: EffectiveService, paths: readonly string[], zeroMeansNone: readonly string[] = paths): LimitState {
  for (const path of paths) {
    const value = svc.at(path);
    if (!value) continue;
    const text = value.interpolated();
    if (!text || !zeroMeansNone.includes(path)) return { state: 'set' };
    if (!text.unknown && /^\s*(?:0+(?:\.0*)?[a-z]*|-1)\s*$/i.test(text.value)) return { state: 'unlimited', value, key: path, text: text.value.trim() };
    return { state: 'set' };
  }
  // Part of the configuration could not be read (an `extends` file): it may set one.
  return { state: svc.complete ? 'missing' : 'unknown' };
}

/** The reports of a limit rule: `missing` at the service, `unlimited` at the value that says "no limit". */
/** What the limit rules' fix needs: the service to add the limit to. */
export interface LimitFixData {
  service: string;
}

type LimitReport = ReportOf<{ missing: { service: string }; unlimited: { service: string; key: string; value: string } }, LimitFixData>;

export function* limitReports(model: ComposeModel, paths: readonly string[], zeroMeansNone?: readonly string[]): Generator<LimitReport> {
  for (const svc of checkedServices(model)) {
    const s = limitState(svc, paths, zeroMeansNone);
    if (s.state === 'missing' && svc.span) yield { messageId: 'missing', span: svc.span, data: { service: svc.name }, fixData: { service: svc.name } };
    else if (s.state === 'unlimited' && s.value.valueSpan) {
      const report: LimitReport = { messageId: 'unlimited', span: s.value.valueSpan, data: { service: svc.name, key: s.key, value: s.text } };
      const related = s.value.relatedAs(`${s.key} is set here`);
      if (related.length) report.related = related;
      yield report;
    }
  }
}

/**
 * Adds a limit with a placeholder the user edits: under `deploy.resources.limits` when the service
 * writes that mapping itself (keeps the limits together), else as the service-level key.
 */
export function addLimitFix(model: ComposeModel, report: { fixData?: LimitFixData }, serviceKey: string, limitsKey: string, value: string, what: string): Fix[] {
  const name = report.fixData?.service;
  const svc = name === undefined ? undefined : model.effective(name);
  const own = svc?.own;
  if (!svc || !own) return [];
  const { file } = model;
  const seqIndent = detectSeqIndent(file, model.doc?.contents, own.map);
  const limits = svc.at('deploy.resources.limits');
  const limitsKeySpan = nodeSpan(limits?.last.entry.keyNode);
  const inPlace = limits?.editable && svc.at('deploy')?.editable && svc.at('deploy.resources')?.editable;
  if (limits && inPlace && isMap(limits.value) && limitsKeySpan) {
    const edit = addMapKey(file, { keySpan: limitsKeySpan, node: limits.value }, limitsKey, { scalar: value }, { seqIndent });
    return edit ? [{ title: `Add deploy.resources.limits.${limitsKey}: ${value} (a placeholder: set ${what})`, safe: false, edits: [edit] }] : [];
  }
  const edit = addMapKey(file, own, serviceKey, { scalar: value }, { seqIndent });
  return edit ? [{ title: `Add ${serviceKey}: ${value} (a placeholder: set ${what})`, safe: false, edits: [edit] }] : [];
}
