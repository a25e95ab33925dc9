import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-host-network.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n',
    {
      name: "another service's network looks similar but is not the host's",
      code: 'services:\n  web:\n    network_mode: "service:vpn"\n  b:\n    network_mode: container:abc\n  c:\n    network_mode: bridge\n  d:\n    network_mode: none\n',
    },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    network_mode: ${MODE}\n' },
    { name: 'host under another key', code: 'services:\n  web:\n    labels:\n      network_mode: host\n' },
    { name: 'an anchor nobody merges', code: 'x-h: &h\n  network_mode: host\nservices:\n  web:\n    image: x\n' },
  ],
  invalid: [
    {
      name: 'a Compose file of the CI (under .github/): info, it runs on a throwaway runner',
      path: '/repo/.github/workflows/e2e/docker-compose.yml',
      code: 'services:\n  minio:\n    image: minio/minio:RELEASE.2024-06-04T19-20-08Z\n    network_mode: host\n',
      errors: [{ messageId: 'hostInCiFile', line: 4, column: 5, level: 'info', message: 'Service minio uses the host network (network_mode: host) in a CI or test Compose file' }],
      output: null,
    },
    {
      name: 'a Compose file named for tests: info',
      path: '/repo/docker/compose/docker-compose.ci-test.yml',
      code: 'services:\n  tika:\n    image: apache/tika:3.3.1.0\n    network_mode: host\n',
      errors: [{ messageId: 'hostInCiFile', line: 4, column: 5, level: 'info' }],
    },
    {
      name: 'looks like a test file, but "latest" and a folder named tests above the project are not: warning',
      path: '/home/me/tests/shop/docker-compose.latest.yml',
      code: 'services:\n  web:\n    image: x\n    network_mode: host\n',
      errors: [{ messageId: 'host', line: 4, column: 5, level: 'warning' }],
    },
    {
      name: 'network_mode: host',
      code: 'services:\n  web:\n    image: x\n    network_mode: host\n',
      errors: [{ messageId: 'host', line: 4, column: 5, endColumn: 17, level: 'warning', message: 'Service web' }],
      output: null,
    },
    {
      name: 'quoted, in a flow mapping, and from a default',
      code: 'services:\n  a: {network_mode: "host"}\n  b:\n    network_mode: ${MODE:-host}\n',
      errors: [
        { messageId: 'host', line: 2, column: 7 },
        { messageId: 'host', line: 4, column: 5 },
      ],
    },
    {
      name: 'merged from an anchor: reported at the alias',
      code: 'x-h: &h\n  network_mode: host\nservices:\n  web:\n    <<: *h\n    image: x\n',
      errors: [{ messageId: 'host', line: 5, column: 9 }],
    },
  ],
});

describe('DC020 related information', () => {
  it('points a merged value at the anchor', () => {
    const code = 'x-h: &h\n  network_mode: host\nservices:\n  web:\n    <<: *h\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC020'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 2]],
    );
  });
});

describe('DC020 with a .env file', () => {
  const files = { read: (p: string) => (p === '/p/.env' ? 'NET_MODE=host\n' : undefined), list: () => undefined };
  it('reads the variable from the .env next to the file', () => {
    const code = 'services:\n  web:\n    network_mode: ${NET_MODE}\n';
    assert.equal(lintText('/p/compose.yaml', code, 'compose', { only: ['DC020'], files }).findings.length, 1);
    assert.equal(lintText('/q/compose.yaml', code, 'compose', { only: ['DC020'], files }).findings.length, 0);
  });
});
