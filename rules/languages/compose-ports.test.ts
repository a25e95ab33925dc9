import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryFiles } from '../../test/support/files-view.js';
import { SourceText } from '../engine/source.js';
import { type EffectiveService, parseCompose } from './compose.js';
import { interpolate, NO_VARIABLES } from './compose-interpolate.js';
import { bindsAllInterfaces, isUnspecifiedIp, parsePortRange, parseShortPort, portMappings } from './compose-ports.js';

/** A service of `text` as Compose runs it, with the project's other files when given. */
function load(text: string, name = 'web', files?: Record<string, string>): { svc: EffectiveService; text: string } {
  const model = parseCompose(new SourceText('/project/compose.yaml', text), { files: files ? memoryFiles(files) : undefined });
  const svc = model.effective(name);
  assert.ok(svc, `service ${name}`);
  return { svc, text };
}

const slice = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);
const marked = (text: string) => interpolate(text, NO_VARIABLES).marked;

describe('parseShortPort', () => {
  const cases: [string, string | undefined, string | null | undefined, string | undefined, string | undefined][] = [
    // text, hostIp, published, target, protocol
    ['80', '', null, '80', 'tcp'],
    ['8080:80', '', '8080', '80', 'tcp'],
    ['127.0.0.1:8080:80/udp', '127.0.0.1', '8080', '80', 'udp'],
    ['127.0.0.1::80', '127.0.0.1', null, '80', 'tcp'],
    ['[::1]:53:53', '::1', '53', '53', 'tcp'],
    ['::1:53:53', '::1', '53', '53', 'tcp'],
    ['[::]:80:80', '::', '80', '80', 'tcp'],
    ['8000-8010:9000-9010/SCTP', '', '8000-8010', '9000-9010', 'sctp'],
    ['web', '', null, undefined, 'tcp'],
  ];
  const range = (r: { start: number; end: number } | null | undefined) => (r === null ? null : r && (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`));
  for (const [text, ip, published, target, proto] of cases) {
    it(text, () => {
      const p = parseShortPort(text);
      assert.deepEqual([p.hostIp, range(p.published), range(p.target), p.protocol], [ip, published, target, proto]);
    });
  }

  it('treats the address as unknown when a variable could hold one', () => {
    assert.equal(parseShortPort(marked('${PORT}:80')).hostIp, undefined);
    assert.equal(parseShortPort(marked('${PORT}:80')).published, undefined);
    assert.equal(parseShortPort(marked('${PORTS}')).published, undefined);
    assert.equal(parseShortPort(marked('${IP}:8080:80')).hostIp, undefined);
  });

  it('keeps a written address in front of a variable port', () => {
    const p = parseShortPort(marked('0.0.0.0:${PORT}:80'));
    assert.deepEqual([p.hostIp, p.published, p.target], ['0.0.0.0', undefined, { start: 80, end: 80 }]);
    assert.equal(parseShortPort(marked('[::1]:${P}:80')).hostIp, '::1');
  });

  it('rejects impossible ranges', () => {
    assert.equal(parsePortRange('90-80'), undefined);
    assert.equal(parsePortRange('70000'), undefined);
  });
});

describe('isUnspecifiedIp', () => {
  it('knows every spelling of "all interfaces"', () => {
    for (const ip of ['0.0.0.0', '::', '[::]', '0:0:0:0:0:0:0:0', '::0']) assert.equal(isUnspecifiedIp(ip), true, ip);
    for (const ip of ['127.0.0.1', '::1', '[::1]', '10.0.0.1', '']) assert.equal(isUnspecifiedIp(ip), false, ip);
  });
});

describe('portMappings', () => {
  it('normalises short and long syntax, with where each is reported', () => {
    const { svc, text } = load(
      'services:\n  web:\n    ports:\n      - 3000\n      - "127.0.0.1:8080:80"\n      - target: 443\n        published: "${HTTPS_PORT:-8443}"\n        protocol: UDP\n      - {target: "${T}"}\n',
    );
    const ports = portMappings(svc);
    assert.deepEqual(
      ports.map((p) => [p.syntax, p.hostIp, p.published, p.target?.start, p.protocol, bindsAllInterfaces(p), slice(text, p.span)?.split('\n')[0]]),
      [
        ['short', '', null, 3000, 'tcp', true, '3000'],
        ['short', '127.0.0.1', { start: 8080, end: 8080 }, 80, 'tcp', false, '"127.0.0.1:8080:80"'],
        // A default is what ships.
        ['long', '', { start: 8443, end: 8443 }, 443, 'udp', true, 'target: 443'],
        ['long', '', null, undefined, 'tcp', true, '{target: "${T}"}'],
      ],
    );
    assert.ok(ports.every((p) => p.editable));
  });

  it('reports ports from an alias at the alias, related to the anchor', () => {
    const { svc, text } = load('x-p: &p\n  - "80:80"\nservices:\n  web:\n    ports: *p\n');
    const [p] = portMappings(svc);
    assert.equal(slice(text, p.span), '*p');
    assert.deepEqual(
      p.related.map((r) => slice(text, r.span)),
      ['"80:80"'],
    );
    assert.equal(p.editable, false);
  });

  it('reports an alias item at the item', () => {
    const { svc, text } = load('x-p: &p "80:80"\nservices:\n  web:\n    ports: [*p, "81:81"]\n');
    assert.deepEqual(
      portMappings(svc).map((p) => [slice(text, p.span), p.editable]),
      [
        ['*p', false],
        ['"81:81"', true],
      ],
    );
  });

  it('merges the override file: its ports are reported by it, the same mapping once', () => {
    const { svc, text } = load('services:\n  web:\n    ports: ["8080:80", "9090:90"]\n', 'web', {
      'compose.override.yaml': 'services:\n  web:\n    ports: ["8080:80", "127.0.0.1:7070:70"]\n',
    });
    assert.deepEqual(
      portMappings(svc).map((p) => [p.published?.start, slice(text, p.span), p.model.path]),
      [
        [8080, undefined, '/project/compose.override.yaml'],
        [9090, '"9090:90"', '/project/compose.yaml'],
        [7070, undefined, '/project/compose.override.yaml'],
      ],
    );
  });
});

describe("the project's .env", () => {
  it('resolves port variables from the .env next to the file', () => {
    const { svc } = load(
      'services:\n  web:\n    ports:\n      - "${WEB_PORT}:80"\n      - "${BIND}:9000:9000"\n      - "${OTHER:-0.0.0.0}:81:81"\n      - "${UNSET}:82:82"\n',
      'web',
      {
        '.env': 'WEB_PORT=8080\nBIND=127.0.0.1\n',
      },
    );
    assert.deepEqual(
      portMappings(svc).map((p) => [p.hostIp, p.published?.start]),
      [
        ['', 8080],
        ['127.0.0.1', 9000],
        ['0.0.0.0', 81],
        [undefined, 82],
      ],
    );
  });
});
