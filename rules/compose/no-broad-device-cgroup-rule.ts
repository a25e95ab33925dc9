import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { itemText } from '../languages/compose-values.js';

/** `type major:minor access`, as in the kernel's devices.allow; `a` alone means every device. */
const RULE = /^([abc])(?:\s+(\*|\d+):(\*|\d+))?(?:\s+([rwm]+))?$/;

/** Character devices of major 1 that are host memory: /dev/mem (1), /dev/kmem (2), /dev/port (4). */
const MEMORY_MINORS = new Set(['*', '1', '2', '4']);

/** Why a device cgroup rule is too broad, or undefined when it is narrow enough. */
export function broadness(rule: string): 'all' | 'block' | 'anyChar' | 'memory' | undefined {
  const m = RULE.exec(rule.trim().replace(/\s+/g, ' '));
  if (!m) return undefined;
  const [, type, major = '*', minor = '*', access = 'rwm'] = m;
  // Creating nodes (m) grants nothing by itself: reading or writing them needs r or w.
  if (!/[rw]/.test(access)) return undefined;
  if (type === 'a') return 'all';
  if (type === 'b') return 'block';
  if (major === '*') return 'anyChar';
  if (major === '1' && MEMORY_MINORS.has(minor)) return 'memory';
  return undefined;
}

const WHAT = {
  all: 'every device of the host',
  block: 'host block devices, the disks under every host filesystem',
  anyChar: 'every character device of the host, /dev/mem and the consoles included',
  memory: 'the host memory devices /dev/mem, /dev/kmem and /dev/port',
};

export default defineRule({
  meta: {
    code: 'DC017',
    name: 'no-broad-device-cgroup-rule',
    language: 'compose',
    scope: 'unit',
    title: 'Device cgroup rule opens host devices',
    why:
      'device_cgroup_rules decide which device nodes a container may read and write; a rule for all devices, any block ' +
      'device or any character device lets a container root open the host disk or memory once it can create the node.',
    level: 'error',
    risk: 'high',
    tags: ['security', 'CIS-5.18', 'CWE-250'],
    others: {},
    messages: {
      broad: message(
        'Service {{service}} allows {{rule}}: a root in it can open {{what}}. Allow only the major:minor numbers of the ',
        'devices it needs, or list them under devices:.',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const item of svc.get('device_cgroup_rules')?.items() ?? []) {
        const rule = itemText(item);
        const kind = rule === undefined ? undefined : broadness(rule);
        if (!kind || rule === undefined || !item.span) continue;
        const related = item.relatedAs(`the rule is written here and used by ${svc.name}`);
        yield { messageId: 'broad', span: item.span, data: { service: svc.name, rule: rule.trim(), what: WHAT[kind] }, related };
      }
    }
  },
});
