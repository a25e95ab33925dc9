import { defineRule, message } from '../languages/define-rule.js';
import { checkedServices } from '../languages/compose-effective.js';
import { devicesOf, display, hasUnknown, normalisePath } from '../languages/compose-volumes.js';

/** Host devices that give raw access to disks, host memory or the kernel log. */
const DEVICES: [RegExp, string][] = [
  [/^\/dev$/, 'every host device'],
  [/^\/dev\/(?:sd|hd|vd|xvd)[a-z]/, 'a host disk'],
  [/^\/dev\/nvme\d/, 'a host NVMe disk'],
  [/^\/dev\/mmcblk\d/, 'a host SD/eMMC disk'],
  [/^\/dev\/md(?:\d|\/)/, 'a host RAID array'],
  [/^\/dev\/(?:dm-\d|mapper\/)/, 'a host device-mapper volume (LVM, LUKS)'],
  [/^\/dev\/disk\//, 'a host disk'],
  [/^\/dev\/loop(?:\d|-control$)/, 'a loop device (mounts any disk image)'],
  [/^\/dev\/(?:rbd|nbd)\d/, 'a network block device'],
  [/^\/dev\/zfs$/, 'the ZFS control device (every pool and dataset)'],
  [/^\/dev\/(?:mem|kmem|port)$/, 'host physical memory or I/O ports'],
  [/^\/dev\/kmsg$/, 'the kernel log (read it, or write fake kernel messages)'],
];

export function dangerousDevice(source: string): string | undefined {
  if (hasUnknown(source) || !source.trim().startsWith('/')) return undefined;
  const path = normalisePath(source.trim());
  return DEVICES.find(([re]) => re.test(path))?.[1];
}

export default defineRule({
  meta: {
    code: 'DC028',
    name: 'no-host-block-device',
    language: 'compose',
    scope: 'unit',
    title: 'Host disk or memory device exposed to a service',
    why:
      'A host block device in devices: lets the container read and write the disk underneath every filesystem of the ' +
      'host, bypassing permissions and mounts; /dev/mem, /dev/kmsg and /dev/zfs are as direct.',
    level: 'error',
    risk: 'critical',
    tags: ['security', 'CIS-5.18', 'CWE-668'],
    others: {
      composeLint: ['CL-0016'],
    },
    messages: {
      device: message(
        'Service {{service}} gets the host device {{device}}, {{what}}: it can read and change data below every ',
        'filesystem and permission. Mount the filesystem it needs (read-only if possible) instead of the device.',
      ),
    },
  },
  *check({ model }) {
    for (const svc of checkedServices(model)) {
      for (const d of devicesOf(svc)) {
        if (d.cdi || !d.span) continue;
        const what = dangerousDevice(d.source);
        if (!what) continue;
        const related = d.relatedAs(`the device is written here and used by ${svc.name}`);
        yield { messageId: 'device', span: d.span, data: { service: svc.name, device: display(d.source.trim()), what }, related };
      }
    }
  },
});
