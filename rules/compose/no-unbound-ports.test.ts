import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-unbound-ports.js';

const web = (ports: string) => `services:\n  web:\n    image: nginx:1.27\n    ports:\n${ports}`;

ruleTester(rule, {
  valid: [
    web('      - "127.0.0.1:8080:80"\n'),
    { name: 'a specific address', code: web('      - 192.168.1.10:8080:80\n') },
    { name: 'IPv6 loopback in brackets', code: web('      - "[::1]:8080:80"\n') },
    { name: 'IPv6 loopback without brackets', code: web('      - "::1:8080:80"\n') },
    { name: 'loopback with a random host port', code: web('      - "127.0.0.1::80"\n') },
    { name: 'long syntax with a host_ip', code: web('      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n') },
    { name: 'a host port variable might carry an address: unknown, not guessed', code: web('      - "${WEB_PORT}:80"\n') },
    { name: 'the whole mapping in a variable', code: web('      - ${WEB_PORTS}\n') },
    { name: 'HTTP and HTTPS of a reverse proxy are meant for everyone', code: web('      - "80:80"\n      - 443:443/tcp\n      - "443:443/udp"\n') },
    { name: 'a .env that sets the address decides over the default', code: web('      - "${BIND:-0.0.0.0}:8080:80"\n'), files: { '.env': 'BIND=127.0.0.1\n' } },
    { name: 'an address that only the environment Compose runs in can set: unknown', code: web('      - "${BIND}:8080:80"\n') },
    { name: 'expose does not publish', code: 'services:\n  web:\n    image: nginx:1.27\n    expose:\n      - "80"\n' },
    { name: 'network_mode host ignores ports', code: 'services:\n  web:\n    image: nginx:1.27\n    network_mode: host\n    ports:\n      - "80:80"\n' },
    { name: "an admin port is DC041's finding, not a second one here", code: 'services:\n  db:\n    image: postgres:16\n    ports:\n      - "5432:5432"\n' },
    { name: 'not a Compose file', code: 'ports:\n  - "80:80"\n' },
  ],
  invalid: [
    {
      name: 'a Compose file of the CI (under .github/): hint, it runs on a throwaway runner',
      path: '/repo/.github/workflows/multipart/docker-compose-site1.yaml',
      code: web('      - "9001:9001"\n'),
      errors: [{ messageId: 'noHostIp', line: 5, column: 9, level: 'hint', message: 'publishes 9001:9001 on all host interfaces' }],
      output: web('      - "127.0.0.1:9001:9001"\n'),
    },
    {
      name: 'looks like a CI file, but "city" only contains the letters: info',
      path: '/srv/city-guide/docker-compose.yml',
      code: web('      - "9001:9001"\n'),
      errors: [{ messageId: 'noHostIp', line: 5, column: 9, level: 'info' }],
      output: web('      - "127.0.0.1:9001:9001"\n'),
    },
    {
      name: 'a dashboard next to the web ports is still reported',
      code: web('      - "443:443"\n      - "8080:8080"\n'),
      errors: [{ messageId: 'noHostIp', line: 6, column: 9 }],
      output: web('      - "443:443"\n      - "127.0.0.1:8080:8080"\n'),
    },
    {
      name: 'a default is what ships: ${BIND:-0.0.0.0} publishes on every interface',
      code: web('      - "${BIND:-0.0.0.0}:8080:80"\n'),
      errors: [{ messageId: 'unspecified', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'the override file adds the port: the override file reports it, the base file does not',
      filename: 'compose.override.yaml',
      code: web('      - "8080:80"\n'),
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:9090:90"\n' },
      errors: [{ messageId: 'noHostIp', line: 5, column: 9 }],
      output: web('      - "127.0.0.1:8080:80"\n'),
    },
    {
      name: 'host:container without an address; the fix keeps the quotes',
      code: web('      - "8080:80"\n'),
      errors: [{ messageId: 'noHostIp', line: 5, column: 9, endLine: 5, endColumn: 18, level: 'info', message: 'publishes 8080:80 on all host interfaces' }],
      fixTitle: 'Bind to 127.0.0.1',
      safe: false,
      output: web('      - "127.0.0.1:8080:80"\n'),
    },
    {
      name: 'plain and single-quoted items',
      code: web("      - 8080:80  # the app\n      - '9090:90'\n"),
      errors: [
        { messageId: 'noHostIp', line: 5, column: 9 },
        { messageId: 'noHostIp', line: 6, column: 9 },
      ],
      fixes: [
        {
          title: 'Bind to 127.0.0.1 (reachable from this host only)',
          safe: false,
          output: web("      - 127.0.0.1:8080:80  # the app\n      - '9090:90'\n"),
        },
        {
          title: 'Bind to 127.0.0.1 (reachable from this host only)',
          safe: false,
          output: web("      - 8080:80  # the app\n      - '127.0.0.1:9090:90'\n"),
        },
      ],
    },
    {
      name: 'a bare container port is a random host port on all interfaces',
      code: web('      - 3000\n'),
      errors: [{ messageId: 'random', line: 5, column: 9, message: 'on a random host port on all host interfaces' }],
      output: web('      - "127.0.0.1::3000"\n'),
    },
    {
      name: 'a bare range as a string',
      code: web('      - "3000-3005/udp"\n'),
      errors: [{ messageId: 'random', line: 5, column: 9 }],
      output: web('      - "127.0.0.1::3000-3005/udp"\n'),
    },
    {
      name: 'explicit 0.0.0.0 is replaced',
      code: web('      - 0.0.0.0:8000-8010:8000-8010\n'),
      errors: [{ messageId: 'unspecified', line: 5, column: 9, message: 'on 0.0.0.0, every host interface' }],
      output: web('      - 127.0.0.1:8000-8010:8000-8010\n'),
    },
    {
      name: 'explicit [::] keeps the address family',
      code: web('      - "[::]:8080:80"\n'),
      errors: [{ messageId: 'unspecified', line: 5, column: 9 }],
      fixTitle: 'Bind to ::1',
      output: web('      - "[::1]:8080:80"\n'),
    },
    {
      name: 'long syntax without host_ip gets one',
      code: web('      - target: 80\n        published: "8080"\n        protocol: tcp\n'),
      errors: [{ messageId: 'noHostIp', line: 5, column: 9, message: 'publishes 8080:80' }],
      output: web('      - target: 80\n        published: "8080"\n        protocol: tcp\n        host_ip: 127.0.0.1\n'),
    },
    {
      name: 'long syntax with an unspecified host_ip',
      code: web('      - target: 80\n        host_ip: "0.0.0.0"\n        published: 8080\n'),
      errors: [{ messageId: 'unspecified', line: 5, column: 9 }],
      output: web('      - target: 80\n        host_ip: "127.0.0.1"\n        published: 8080\n'),
    },
    {
      name: 'long syntax without published: a random port',
      code: web('      - {target: 80}\n'),
      errors: [{ messageId: 'random', line: 5, column: 9 }],
      output: web('      - {target: 80, host_ip: 127.0.0.1}\n'),
    },
    {
      name: 'a flow sequence',
      code: 'services:\n  web:\n    ports: ["8080:80", 9000]\n',
      errors: [
        { messageId: 'noHostIp', line: 3, column: 13 },
        { messageId: 'random', line: 3, column: 24 },
      ],
      fixes: [
        {
          title: 'Bind to 127.0.0.1 (reachable from this host only)',
          safe: false,
          output: 'services:\n  web:\n    ports: ["127.0.0.1:8080:80", 9000]\n',
        },
        {
          title: 'Bind to 127.0.0.1 (reachable from this host only)',
          safe: false,
          output: 'services:\n  web:\n    ports: ["8080:80", "127.0.0.1::9000"]\n',
        },
      ],
    },
    {
      name: 'CRLF line breaks',
      code: 'services:\r\n  web:\r\n    ports:\r\n      - target: 80\r\n        published: 8000\r\n',
      errors: [{ messageId: 'noHostIp', line: 4, column: 9 }],
      output: 'services:\r\n  web:\r\n    ports:\r\n      - target: 80\r\n        published: 8000\r\n        host_ip: 127.0.0.1\r\n',
    },
    {
      name: 'a written 0.0.0.0 before a variable port; no fix inside a text with variables',
      code: web('      - "0.0.0.0:${WEB_PORT}:80"\n'),
      errors: [{ messageId: 'unspecified', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'ports from an anchor: reported at the alias, no fix (the anchor is shared)',
      code: 'x-ports: &ports\n  - "8080:80"\nservices:\n  web:\n    image: nginx:1.27\n    ports: *ports\n',
      errors: [{ messageId: 'noHostIp', line: 6, column: 12 }],
      output: null,
    },
    {
      name: 'ports merged from a base: reported at the merge alias',
      code: 'x-base: &base\n  ports:\n    - "8080:80"\nservices:\n  web:\n    <<: *base\n    image: nginx:1.27\n',
      errors: [{ messageId: 'noHostIp', line: 6, column: 9 }],
      output: null,
    },
  ],
});

describe('DC040 fix output', () => {
  it('re-parses to the intended mapping', () => {
    const code = web('      - "8080:80"\n      - target: 80\n        published: 8081\n');
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC040'] });
    let text = code;
    // Apply both fixes (they touch different items).
    const edits = result.findings.flatMap((f) => fixesFor(result, f)[0].edits);
    text = applyEdits(text, edits);
    const doc = parse(text);
    assert.deepEqual(doc.services.web.ports, ['127.0.0.1:8080:80', { target: 80, published: 8081, host_ip: '127.0.0.1' }]);
    assert.equal(lintText('compose.yaml', text, 'compose', { only: ['DC040'] }).findings.length, 0);
  });

  it('points a merged port at where it is written', () => {
    const code = 'x-base: &base\n  ports:\n    - "8080:80"\nservices:\n  web:\n    <<: *base\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC040'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[2, 6]],
    );
  });
});

describe("DC040 with the project's .env", () => {
  const files = (env: string) => ({ read: (p: string) => (p === '/p/.env' ? env : undefined), list: () => undefined });

  it('reports a host port the .env defines, and not one it binds to loopback', () => {
    const code = 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "${WEB_PORT}:80"\n      - "${BIND}:9000:9000"\n';
    const found = lintText('/p/compose.yaml', code, 'compose', { only: ['DC040'], files: files('WEB_PORT=8080\nBIND=127.0.0.1\n') }).findings;
    assert.deepEqual(
      found.map((f) => [f.range.start.line + 1, f.message.split(' on ')[0]]),
      [[5, 'Service web publishes 8080:80']],
    );
  });

  it('stays silent without a .env', () => {
    const code = 'services:\n  web:\n    ports:\n      - "${WEB_PORT}:80"\n';
    assert.equal(lintText('/p/compose.yaml', code, 'compose', { only: ['DC040'], files: files('') }).findings.length, 0);
  });
});
