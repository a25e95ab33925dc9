import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule, { dangerousDevice } from './no-host-block-device.js';

ruleTester(rule, {
  valid: [
    'services:\n  media:\n    devices:\n      - /dev/dri:/dev/dri\n      - /dev/snd\n      - /dev/ttyUSB0:/dev/ttyUSB0:rw\n      - /dev/fuse\n',
    { name: 'GPUs through CDI', code: 'services:\n  ml:\n    devices: [nvidia.com/gpu=all]\n' },
    { name: 'names that only start like a disk', code: 'services:\n  a:\n    devices: [/dev/mdadm-helper, /dev/loopback-audio-x]\n' },
    { name: 'the container side does not matter', code: 'services:\n  a:\n    devices: ["/dev/ttyACM0:/dev/sda"]\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  a:\n    devices: ["${DISK}:/dev/disk0"]\n' },
  ],
  invalid: [
    {
      name: 'disks, arrays, mapper volumes and memory',
      code: 'services:\n  backup:\n    devices:\n      - /dev/sda\n      - /dev/nvme0n1:/dev/nvme0n1:r\n      - //dev/./mapper/vg0-root\n      - /dev/md0\n      - /dev/mem\n      - /dev/kmsg\n',
      errors: [
        { messageId: 'device', line: 4, column: 9, endColumn: 17, level: 'error', message: 'gets the host device /dev/sda, a host disk' },
        { messageId: 'device', line: 5, column: 9, message: 'NVMe' },
        { messageId: 'device', line: 6, column: 9, message: 'device-mapper' },
        { messageId: 'device', line: 7, column: 9, message: 'RAID' },
        { messageId: 'device', line: 8, column: 9, message: 'physical memory' },
        { messageId: 'device', line: 9, column: 9, message: 'kernel log' },
      ],
      output: null,
    },
    {
      name: 'long syntax, at the source',
      code: 'services:\n  a:\n    devices:\n      - source: /dev/loop0\n        target: /dev/loop0\n',
      errors: [{ messageId: 'device', line: 4, column: 17 }],
    },
    {
      name: 'merged from an anchor',
      code: 'x-d: &d\n  devices: [/dev/zfs]\nservices:\n  a:\n    <<: *d\n',
      errors: [{ messageId: 'device', line: 5, column: 9 }],
    },
  ],
});

describe('DC028 dangerousDevice', () => {
  it('matches host paths only', () => {
    assert.deepEqual(
      ['/dev', '/dev/sdb1', '/dev/xvda', '/dev/dm-3', '/dev/disk/by-id/x', '/dev/nbd0', '/dev/dri/card0', 'sda'].map((d) => dangerousDevice(d) !== undefined),
      [true, true, true, true, true, true, false, false],
    );
  });
});
