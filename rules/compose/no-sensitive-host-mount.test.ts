import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-sensitive-host-mount.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    volumes:\n      - ./conf:/etc/nginx/conf.d:ro\n',
    {
      name: 'time zone files read-only look risky but are fine',
      code: 'services:\n  web:\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - "/etc/timezone:/etc/timezone:ro"\n',
    },
    {
      name: 'public facts and CA certificates read-only',
      code: 'services:\n  web:\n    volumes:\n      - /etc/os-release:/host/os-release:ro\n      - /etc/ssl/certs:/etc/ssl/certs:ro\n      - /etc/passwd:/etc/passwd:ro\n',
    },
    { name: 'kernel modules and programs read-only disclose nothing', code: 'services:\n  wg:\n    volumes:\n      - /lib/modules:/lib/modules:ro\n      - /usr:/host/usr:ro\n' },
    { name: "writable root-equivalent paths are DC025's", code: 'services:\n  a:\n    volumes:\n      - /etc:/e\n' },
    { name: 'device subdirectories are left to the device cgroup and DC028', code: 'services:\n  a:\n    volumes:\n      - /dev/dri:/dev/dri\n' },
  ],
  invalid: [
    {
      name: 'read-only mounts that still disclose',
      code: 'services:\n  exporter:\n    volumes:\n      - /proc:/host/proc:ro\n      - /sys/fs/cgroup:/sys/fs/cgroup:ro\n      - /var/lib/docker/containers:/logs:ro\n',
      errors: [
        { messageId: 'readOnly', line: 4, column: 9, level: 'warning', message: "mounts the host's /proc read-only" },
        { messageId: 'readOnly', line: 5, column: 9, message: 'under /sys' },
        { messageId: 'readOnly', line: 6, column: 9, message: 'under /var/lib/docker' },
      ],
      output: null,
    },
    {
      name: 'a writable time zone file, fixed by :ro',
      code: 'services:\n  web:\n    volumes:\n      - /etc/localtime:/etc/localtime\n',
      errors: [{ messageId: 'writableTime', line: 4, column: 9, level: 'warning' }],
      fixTitle: 'Mount /etc/localtime read-only',
      safe: false,
      output: 'services:\n  web:\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n',
    },
    {
      name: '/dev in any mode',
      code: 'services:\n  udev:\n    volumes:\n      - /dev:/dev:ro\n',
      errors: [{ messageId: 'devices', line: 4, column: 9 }],
      output: null,
    },
    {
      name: 'an unknown mode is reported at this level',
      code: 'services:\n  web:\n    volumes:\n      - /etc:/e:${MODE}\n',
      errors: [{ messageId: 'readOnly', line: 4, column: 9 }],
    },
  ],
});

describe('DC032 fix structure', () => {
  it('re-parses with the time zone file read-only', () => {
    const code = 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /etc/timezone\n        target: /etc/timezone\n';
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC032'] });
    const [fix] = fixesFor(result, result.findings[0]);
    assert.equal(parseDocument(applyEdits(code, fix.edits)).toJS().services.web.volumes[0].read_only, true);
  });
});
