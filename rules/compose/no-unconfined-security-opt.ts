import { isAlias, isSeq } from 'yaml';
import { defineRule, message } from '../languages/define-rule.js';
import type { Edit } from '../engine/types.js';
import { removePair, removeSeqItem } from '../languages/compose-edit.js';
import { checkedServices } from '../languages/compose-effective.js';
import { itemText } from '../languages/compose-values.js';

type Kind = 'seccomp' | 'apparmor' | 'label' | 'systempaths';

/**
 * Which confinement a `security_opt` item turns off, read as Docker reads it: `key=value`, else
 * `key:value`; values compared exactly (Docker does). `label=type:spc_t` is SELinux's unconfined type.
 */
export function unconfined(option: string): Kind | undefined {
  const text = option.trim();
  const eq = text.indexOf('=');
  const colon = text.indexOf(':');
  const cut = eq >= 0 ? eq : colon;
  if (cut < 0) return undefined;
  const key = text.slice(0, cut).trim();
  const value = text.slice(cut + 1).trim();
  if (key === 'seccomp' && value === 'unconfined') return 'seccomp';
  if (key === 'apparmor' && value === 'unconfined') return 'apparmor';
  if (key === 'label' && (value === 'disable' || value === 'type:spc_t')) return 'label';
  if (key === 'systempaths' && value === 'unconfined') return 'systempaths';
  return undefined;
}

interface FixData {
  service: string;
  index: number;
}

export default defineRule({
  meta: {
    code: 'DC015',
    name: 'no-unconfined-security-opt',
    language: 'compose',
    scope: 'unit',
    title: 'Service turns off seccomp, AppArmor or SELinux confinement',
    why:
      'The default seccomp profile blocks the syscalls most kernel exploits use, and AppArmor/SELinux stop a container ' +
      'root from touching host files; turning them off removes the layers that make a container escape hard.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'CIS-5.2', 'CIS-5.3', 'CIS-5.22', 'CWE-693'],
    others: {
      kics: ['Default Seccomp Profile Disabled'],
      composeLint: ['CL-0009'],
      semgrep: ['seccomp-confinement-disabled', 'selinux-separation-disabled'],
    },
    messages: {
      seccomp: message(
        'Service {{service}} runs without a seccomp profile ({{option}}): every syscall, including the ones kernel exploits ',
        'use, is open to it. Keep the default profile or write one that allows just the extra syscalls it needs.',
      ),
      apparmor: message(
        'Service {{service}} runs without AppArmor ({{option}}), which stops a container root from writing host paths like ',
        '/proc/sys. Keep docker-default or write a profile for it.',
      ),
      label: message(
        'Service {{service}} turns off SELinux separation ({{option}}), so a container root can act on host files the labels ',
        'protect. Relabel its mounts with :z/:Z instead.',
      ),
      systempaths: message(
        'Service {{service}} unmasks /proc and /sys paths ({{option}}) that Docker hides from containers, such as ',
        '/proc/kcore and /proc/sysrq-trigger. Remove it.',
      ),
    },
    fix: 'unsafe',
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const [index, item] of (svc.get('security_opt')?.items() ?? []).entries()) {
        const option = itemText(item);
        const kind = option === undefined ? undefined : unconfined(option);
        if (!kind || option === undefined || !item.span) continue;
        const fixData: FixData = { service: svc.name, index };
        yield {
          messageId: kind,
          span: item.span,
          data: { service: svc.name, option: option.trim() },
          ...(item.editable ? { fixData } : { related: item.relatedAs(`${option.trim()} is written here and used by ${svc.name}`) }),
        };
      }
    }
  },
  fix(report, { model }) {
    const data = report.fixData;
    const svc = data && model.effective(data.service);
    const value = svc?.get('security_opt');
    const item = value?.items()[data?.index ?? -1];
    const own = svc?.own;
    const seq = item?.part.entry.value;
    if (!own?.map || !item?.editable || !isSeq(seq) || isAlias(seq)) return [];
    // Removing the only item would leave `security_opt:` empty (null), which Compose rejects.
    const edit: Edit | undefined = seq.items.length === 1 ? removePair(model.file, own.map, item.part.entry.pair) : removeSeqItem(model.file, seq, item.item);
    // Not safe: the service may rely on the syscall or path the profile blocks.
    return edit ? [{ title: `Remove ${String(report.data?.option)}`, safe: false, edits: [edit] }] : [];
  },
});
