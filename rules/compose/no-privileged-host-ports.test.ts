import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-privileged-host-ports.js';

const svc = (ports: string, image = 'coredns/coredns:1.11.3') => `services:\n  dns:\n    image: ${image}\n    ports:\n${ports}`;

ruleTester(rule, {
  valid: [
    { name: 'a reverse proxy on 80 and 443 is the normal case', code: svc('      - "80:80"\n      - "443:443"\n      - "443:443/udp"\n', 'traefik:v3.1') },
    { name: 'a high host port for a low container port', code: svc('      - "127.0.0.1:8053:53/udp"\n') },
    { name: 'a random host port', code: svc('      - "53"\n') },
    { name: 'port 0 asks for a random port', code: svc('      - "127.0.0.1:0:53"\n') },
    { name: 'an unknown host port', code: svc('      - "127.0.0.1:${DNS_PORT}:53"\n') },
    { name: "SSH on all interfaces is DC041's error, not a second finding", code: svc('      - "22:22"\n', 'alpine:3.20') },
  ],
  invalid: [
    {
      name: 'DNS on port 53, even bound to loopback',
      code: svc('      - "127.0.0.1:53:53/udp"\n'),
      errors: [{ messageId: 'privileged', line: 5, column: 9, level: 'info', message: 'publishes host port 53 (127.0.0.1:53:53/udp)' }],
    },
    {
      name: 'a host range reaching below 1024',
      code: svc('      - "1000-1030:1000-1030"\n'),
      errors: [{ messageId: 'privileged', line: 5, column: 9, message: 'host port 1000 ' }],
    },
    {
      name: 'long syntax',
      code: svc('      - target: 389\n        published: 389\n        host_ip: 10.0.0.2\n', 'osixia/openldap:1.5.0'),
      errors: [{ messageId: 'privileged', line: 5, column: 9, message: 'host port 389' }],
    },
    {
      name: 'SSH bound to loopback is still a privileged port',
      code: svc('      - "127.0.0.1:22:22"\n', 'alpine:3.20'),
      errors: [{ messageId: 'privileged', line: 5, column: 9 }],
    },
    {
      name: 'from an anchor through a merge',
      code: 'x-mail: &mail\n  ports: ["25:25"]\nservices:\n  smtp:\n    <<: *mail\n    image: boky/postfix:4.3\n',
      errors: [{ messageId: 'privileged', line: 5, column: 9 }],
    },
  ],
});

describe('DC042 options', () => {
  it('takes the allowed ports from the allow option', () => {
    const code = svc('      - "127.0.0.1:53:53/udp"\n      - "80:80"\n');
    const run = (allow: number[]) => lintText('compose.yaml', code, 'compose', { only: ['DC042'], ruleOptions: { DC042: { allow } } }).findings.map((f) => f.range.start.line + 1);
    assert.deepEqual(run([53]), [6]);
    assert.deepEqual(run([53, 80]), []);
  });
});
