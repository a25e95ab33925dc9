import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-writable-sensitive-mount.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    volumes:\n      - ./conf:/etc/nginx/conf.d\n      - data:/var/lib/postgresql/data\n',
    {
      name: "read-only is DC032's",
      code: 'services:\n  web:\n    volumes:\n      - /etc:/host/etc:ro\n      - type: bind\n        source: /proc\n        target: /host/proc\n        read_only: true\n',
    },
    { name: "time zone files are DC032's", code: 'services:\n  web:\n    volumes:\n      - /etc/localtime:/etc/localtime\n' },
    {
      name: 'application data under /var/lib and /usr',
      code: 'services:\n  db:\n    volumes:\n      - /var/lib/mysql:/var/lib/mysql\n      - /usr/share/fonts:/fonts\n      - /usr/lib/python3:/py\n',
    },
    { name: 'a container path that is sensitive is not a host path', code: 'services:\n  a:\n    volumes:\n      - ./etc:/etc\n      - etc:/etc\nvolumes:\n  etc: {}\n' },
    { name: 'an unknown variable or mode is not guessed', code: 'services:\n  a:\n    volumes:\n      - ${CONF_DIR}:/etc/app\n      - /etc:/e:${MODE}\n' },
    { name: 'the root and home credentials are other rules', code: 'services:\n  a:\n    volumes:\n      - /:/host\n      - /root:/root\n      - /root/.ssh:/root/.ssh\n' },
  ],
  invalid: [
    {
      name: 'writable /etc, fixed by :ro',
      code: 'services:\n  web:\n    volumes:\n      - /etc:/host/etc # config sync\n',
      errors: [{ messageId: 'writable', line: 4, column: 9, endColumn: 23, level: 'error', message: "mounts the host's /etc writable; under /etc that is host configuration" }],
      fixTitle: 'Mount /etc read-only',
      safe: false,
      output: 'services:\n  web:\n    volumes:\n      - /etc:/host/etc:ro # config sync\n',
    },
    {
      name: 'rw becomes ro, other options stay',
      code: "services:\n  web:\n    volumes:\n      - '/var/lib/docker:/var/lib/docker:rw,z'\n",
      errors: [{ messageId: 'writable', line: 4, column: 9, message: 'every container' }],
      output: "services:\n  web:\n    volumes:\n      - '/var/lib/docker:/var/lib/docker:z,ro'\n",
    },
    {
      name: 'long syntax gets read_only: true',
      code: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: //boot/\n        target: /boot\n',
      errors: [{ messageId: 'writable', line: 5, column: 17, message: 'under /boot' }],
      output: 'services:\n  web:\n    volumes:\n      - type: bind\n        source: //boot/\n        target: /boot\n        read_only: true\n',
    },
    {
      name: 'long syntax read_only: false',
      code: 'services:\n  web:\n    volumes: [{type: bind, source: /usr/local/bin, target: /b, read_only: false}]\n',
      errors: [{ messageId: 'writable', line: 3, column: 36, message: 'programs the host runs as root' }],
      output: 'services:\n  web:\n    volumes: [{type: bind, source: /usr/local/bin, target: /b, read_only: true}]\n',
    },
    {
      name: 'kernel modules writable',
      code: 'services:\n  wg:\n    volumes:\n      - /lib/modules:/lib/modules\n',
      errors: [{ messageId: 'writable', line: 4, column: 9 }],
      output: 'services:\n  wg:\n    volumes:\n      - /lib/modules:/lib/modules:ro\n',
    },
    {
      name: 'a default, and a named volume that binds /etc',
      code: 'services:\n  web:\n    volumes:\n      - ${CONF:-/etc}:/conf\n      - hostetc:/e\nvolumes:\n  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n',
      errors: [
        { messageId: 'writable', line: 4, column: 9 },
        { messageId: 'writable', line: 5, column: 9 },
      ],
      fixes: [
        {
          title: 'Mount /etc read-only',
          safe: false,
          output:
            'services:\n  web:\n    volumes:\n      - ${CONF:-/etc}:/conf:ro\n      - hostetc:/e\nvolumes:\n  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n',
        },
        {
          title: 'Mount /etc read-only',
          safe: false,
          output:
            'services:\n  web:\n    volumes:\n      - ${CONF:-/etc}:/conf\n      - hostetc:/e:ro\nvolumes:\n  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n',
        },
      ],
    },
    {
      name: 'a variable from the .env next to the file',
      code: 'services:\n  web:\n    volumes:\n      - ${CONF_DIR}:/conf\n',
      files: { '.env': 'CONF_DIR=/etc\n' },
      errors: [{ messageId: 'writable', line: 4, column: 9 }],
      output: 'services:\n  web:\n    volumes:\n      - ${CONF_DIR}:/conf:ro\n',
    },
    {
      name: 'merged from an anchor: at the alias, no fix',
      code: 'x-m: &m\n  volumes:\n    - /boot:/b\nservices:\n  web:\n    <<: *m\n',
      errors: [{ messageId: 'writable', line: 6, column: 9 }],
      output: null,
    },
  ],
});

describe('DC025', () => {
  it('fix re-parses with the mount read-only', () => {
    const code = 'services:\n  web:\n    volumes:\n      - "/etc:/host/etc"\n';
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC025'] });
    const [fix] = fixesFor(result, result.findings[0]);
    assert.deepEqual(parseDocument(applyEdits(code, fix.edits)).toJS().services.web.volumes, ['/etc:/host/etc:ro']);
  });

  it('points a named volume at its device and a merged mount at the anchor', () => {
    const named = 'services:\n  web:\n    volumes: [hostetc:/e]\nvolumes:\n  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n';
    assert.deepEqual(
      lintText('compose.yaml', named, 'compose', { only: ['DC025'] }).findings[0].related.map((r) => r.message),
      ['volume hostetc binds /etc'],
    );
    const merged = 'x-m: &m\n  volumes:\n    - /boot:/b\nservices:\n  web:\n    <<: *m\n';
    const [f] = lintText('compose.yaml', merged, 'compose', { only: ['DC025'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[2, 6]],
    );
  });
});
