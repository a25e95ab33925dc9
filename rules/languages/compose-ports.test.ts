import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinHangCeiling } from '../../test/support/scaling.js';
import { lintText } from '../api.js';
import { SourceText } from '../engine/source.js';
import { parseCompose, type ComposeModel, type ComposeService } from './compose.js';
import {
  bindsAllInterfaces,
  buildArgItems,
  displayText,
  environmentItems,
  extendedService,
  hasServiceValue,
  interpolate,
  interpolateWith,
  isUnspecifiedIp,
  parsePortRange,
  parseShortPort,
  pathValue,
  portMappings,
  serviceStrings,
} from './compose-ports.js';

function load(text: string, name = 'web'): { model: ComposeModel; svc: ComposeService; text: string } {
  const model = parseCompose(new SourceText('compose.yaml', text));
  const svc = model.services.find((s) => s.name === name);
  assert.ok(svc, `service ${name}`);
  return { model, svc, text };
}

const slice = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);

describe('interpolate (as the file commits it)', () => {
  it('gives defaults, keeps $$ as $, marks variables without a default', () => {
    assert.deepEqual(interpolate('${A:-x}-$$B'), { text: 'x-$B', unknown: false });
    const v = interpolate('${HOST}:80');
    assert.equal(v.unknown, true);
    assert.equal(displayText(v.text), '${HOST}:80');
    assert.equal(interpolate('${NEED:?set it}').unknown, true);
  });

  it('keeps defaults next to an unknown variable, and escaped dollars', () => {
    const v = interpolate('${USER:-app}:${PW}@$$HOME/$X');
    assert.equal(v.unknown, true);
    assert.equal(displayText(v.text), 'app:${PW}@$HOME/${X}');
  });
});

describe('interpolateWith (as Compose runs it)', () => {
  const env = (vars: Record<string, string | null>) => (name: string) => (name in vars ? vars[name] : undefined);

  it('uses known variables', () => {
    assert.deepEqual(interpolateWith('${A}:${B:-x}', env({ A: '1', B: '2' })), { text: '1:2', unknown: false });
    assert.deepEqual(interpolateWith('${B:-x}', env({ B: null })), { text: 'x', unknown: false });
  });

  it('treats a variable the project does not define as unknown, default or not', () => {
    const v = interpolateWith('${BIND:-0.0.0.0}:8080:80', env({}));
    assert.equal(v.unknown, true);
    assert.equal(displayText(v.text), '${BIND}:8080:80');
  });
});

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
    assert.equal(parseShortPort(interpolate('${PORT}:80').text).hostIp, undefined);
    assert.equal(parseShortPort(interpolate('${PORT}:80').text).published, undefined);
    assert.equal(parseShortPort(interpolate('${PORTS}').text).published, undefined);
    assert.equal(parseShortPort(interpolate('${IP}:8080:80').text).hostIp, undefined);
  });

  it('keeps a written address in front of a variable port', () => {
    const p = parseShortPort(interpolate('0.0.0.0:${PORT}:80').text);
    assert.deepEqual([p.hostIp, p.published, p.target], ['0.0.0.0', undefined, { start: 80, end: 80 }]);
    assert.equal(parseShortPort(interpolate('[::1]:${P}:80').text).hostIp, '::1');
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
  it('normalises short and long syntax, with use sites', () => {
    const { model, svc, text } = load(
      'services:\n  web:\n    ports:\n      - 3000\n      - "127.0.0.1:8080:80"\n      - target: 443\n        published: "${HTTPS_PORT:-8443}"\n        protocol: UDP\n      - {target: "${T}"}\n',
    );
    const ports = portMappings(model, svc);
    assert.deepEqual(
      ports.map((p) => [p.syntax, p.hostIp, p.published, p.target?.start, p.protocol, bindsAllInterfaces(p), slice(text, p.span)?.split('\n')[0]]),
      [
        ['short', '', null, 3000, 'tcp', true, '3000'],
        ['short', '127.0.0.1', { start: 8080, end: 8080 }, 80, 'tcp', false, '"127.0.0.1:8080:80"'],
        // A default the shell may override is unknown.
        ['long', '', undefined, 443, 'udp', true, 'target: 443'],
        ['long', '', null, undefined, 'tcp', true, '{target: "${T}"}'],
      ],
    );
    assert.ok(ports.every((p) => p.editable));
  });

  it('reports ports from an alias at the alias', () => {
    const { model, svc, text } = load('x-p: &p\n  - "80:80"\nservices:\n  web:\n    ports: *p\n');
    const [p] = portMappings(model, svc);
    assert.equal(slice(text, p.span), '*p');
    assert.equal(slice(text, p.inheritedFrom), '"80:80"');
    assert.equal(p.editable, false);
  });

  it('reports an alias item at the item', () => {
    const { model, svc, text } = load('x-p: &p "80:80"\nservices:\n  web:\n    ports: [*p, "81:81"]\n');
    const ports = portMappings(model, svc);
    assert.deepEqual(ports.map((p) => [slice(text, p.span), p.editable]), [['*p', false], ['"81:81"', true]]);
  });
});

describe('environmentItems', () => {
  it('reads the map syntax with exact key and value spans', () => {
    const { model, svc, text } = load('services:\n  web:\n    environment:\n      A: "1"\n      B:\n      C: true\n      D: ""\n');
    const items = environmentItems(model, svc);
    assert.deepEqual(
      items.map((i) => [i.syntax, i.key, i.value, slice(text, i.keySpan), slice(text, i.valueSpan)]),
      [
        ['map', 'A', '1', 'A', '1'],
        ['map', 'B', null, 'B', undefined],
        ['map', 'C', 'true', 'C', 'true'],
        ['map', 'D', '', 'D', ''],
      ],
    );
  });

  it('reads the list syntax', () => {
    const { model, svc, text } = load('services:\n  web:\n    environment:\n      - A=1=2\n      - "B=x y"\n      - C\n      - D=\n      - "E=\\tescaped"\n');
    const items = environmentItems(model, svc);
    assert.deepEqual(
      items.map((i) => [i.syntax, i.key, i.value, slice(text, i.keySpan), slice(text, i.valueSpan)]),
      [
        ['list', 'A', '1=2', 'A', '1=2'],
        ['list', 'B', 'x y', 'B', 'x y'],
        ['list', 'C', null, 'C', undefined],
        ['list', 'D', '', 'D', ''],
        // Escapes: the text does not map 1:1, so the whole item is the key's span and there is no value span.
        ['list', 'E', '\tescaped', '"E=\\tescaped"', undefined],
      ],
    );
  });

  it('reports keys merged into the environment map at the merge alias', () => {
    const { model, svc, text } = load('x-env: &env\n  A: 1\n  B: 2\nservices:\n  web:\n    environment:\n      <<: *env\n      B: 3\n');
    const items = environmentItems(model, svc);
    assert.deepEqual(
      items.map((i) => [i.key, i.value, slice(text, i.span), i.editable]),
      [
        ['B', '3', 'B', true],
        ['A', '1', '*env', false],
      ],
    );
  });

  it('reports an environment merged into the service at the service\'s merge alias', () => {
    const { model, svc, text } = load('x-base: &base\n  environment: [A=1]\nservices:\n  web:\n    <<: *base\n');
    const [item] = environmentItems(model, svc);
    assert.deepEqual([item.key, slice(text, item.span), slice(text, item.inheritedFrom), item.editable], ['A', '*base', 'A=1', false]);
  });
});

describe('buildArgItems', () => {
  it('reads build.args in both syntaxes and nothing for a build path', () => {
    assert.deepEqual(buildArgItems(...(Object.values(load('services:\n  web:\n    build: .\n')).slice(0, 2) as [ComposeModel, ComposeService])), []);
    const { model, svc } = load('services:\n  web:\n    build:\n      context: .\n      args: [A=1, B]\n');
    assert.deepEqual(buildArgItems(model, svc).map((i) => [i.key, i.value]), [['A', '1'], ['B', null]]);
  });

  it('reports args merged into build at the merge alias in build', () => {
    const { model, svc, text } = load('x-b: &b\n  args: {TOKEN: x}\nservices:\n  web:\n    build:\n      <<: *b\n      context: .\n');
    const [item] = buildArgItems(model, svc);
    assert.deepEqual([item.key, slice(text, item.span), item.editable], ['TOKEN', '*b', false]);
  });
});

describe('nested lookups and extends', () => {
  it('follows merges inside nested mappings', () => {
    const { model, svc } = load('x-l: &l\n  limits: {memory: 1G}\nservices:\n  web:\n    deploy:\n      resources:\n        <<: *l\n');
    const node = pathValue(model, svc.get('deploy')?.value, ['resources', 'limits', 'memory']);
    assert.equal((node as { value?: unknown } | null)?.value, '1G');
  });

  it('follows same-file extends; another file or a cycle is unknown', () => {
    const text =
      'services:\n  base:\n    ulimits: {nproc: 10}\n  mid:\n    extends: base\n  web:\n    extends: {service: mid}\n' +
      '  other:\n    extends: {file: x.yaml, service: y}\n  a:\n    extends: b\n  b:\n    extends: a\n  lone:\n    image: x\n';
    const model = parseCompose(new SourceText('compose.yaml', text));
    const get = (n: string) => model.services.find((s) => s.name === n)!;
    assert.equal(extendedService(model, get('web')), get('mid'));
    assert.equal(hasServiceValue(model, get('web'), [['ulimits']]), 'yes');
    assert.equal(hasServiceValue(model, get('other'), [['ulimits']]), 'unknown');
    assert.equal(hasServiceValue(model, get('a'), [['ulimits']]), 'unknown');
    assert.equal(hasServiceValue(model, get('lone'), [['ulimits']]), 'no');
  });
});

describe('serviceStrings', () => {
  it('lists every string with its path and use site', () => {
    const { model, svc, text } = load(
      'x-l: &l\n  labels: {team: core}\nx-c: &cmd "--verbose"\nservices:\n  web:\n    <<: *l\n    image: nginx:1.27\n    command: ["run", *cmd]\n    healthcheck:\n      test: ["CMD", "true"]\n      retries: 3\n',
    );
    const strings = serviceStrings(model, svc);
    assert.deepEqual(
      strings.map((s) => [s.path.join('.'), s.value, slice(text, s.span), s.editable]),
      [
        ['image', 'nginx:1.27', 'nginx:1.27', true],
        ['command.[0]', 'run', '"run"', true],
        ['command.[1]', '--verbose', '*cmd', false],
        ['healthcheck.test.[0]', 'CMD', '"CMD"', true],
        ['healthcheck.test.[1]', 'true', '"true"', true],
        ['labels.team', 'core', '*l', false],
      ],
    );
  });

  it('stays linear on a mapping that aliases and merges itself', () => {
    // Each level merges the same anchor three times and aliases it once more: 3^16 walks without a visited set.
    const text = 'services:\n  db: &a\n    cap_drop: *a\n    environment: &e\n      <<: [*e, *e]\n      <<: *e\n    <<: [*a, *a]\n    <<: *a\n';
    const { model, svc } = load(text, 'db');
    const { strings, env } = withinHangCeiling('walks of a self-merging mapping', () => {
      const walked = { strings: serviceStrings(model, svc), env: environmentItems(model, svc) };
      assert.equal(pathValue(model, svc.map, ['missing']), undefined);
      assert.equal(pathValue(model, model.resolve(svc.get('environment')?.value), ['missing']), undefined);
      return walked;
    });
    assert.deepEqual(strings, []);
    assert.deepEqual(env, []);
  });

  it('the whole lint of a self-merging file answers', () => {
    const result = withinHangCeiling('lint', () => lintText('/p/compose.yaml', 'services:\n  db: &a\n    cap_drop: *a\n    <<: [*a, *a]\n    <<: *a\n', 'compose'));
    assert.deepEqual(result.errors, []);
  });

  it('still reads a key merged twice from different anchors, and the same anchor under two keys', () => {
    const { model, svc, text } = load(
      'x-a: &a\n  image: nginx:1.27\nx-b: &b\n  command: run\nservices:\n  web:\n    <<: [*a, *b, *a]\n    labels: &l {team: core}\n    annotations: *l\n',
    );
    assert.deepEqual(
      serviceStrings(model, svc).map((s) => [s.path.join('.'), s.value, slice(text, s.span)]),
      [
        ['labels.team', 'core', 'core'],
        ['annotations.team', 'core', '*l'],
        ['image', 'nginx:1.27', '*a'],
        ['command', 'run', '*b'],
      ],
    );
  });

  it('stops at its budget on huge services', () => {
    const items = Array.from({ length: 50 }, (_, i) => `      - "${i}"`).join('\n');
    const { model, svc } = load(`services:\n  web:\n    command:\n${items}\n`);
    assert.ok(serviceStrings(model, svc, 10).length < 10);
  });
});

describe('the project\'s .env', () => {
  it('resolves port variables from the .env next to the file', () => {
    const files = { read: (p: string) => (p === '/p/.env' ? 'WEB_PORT=8080\nBIND=127.0.0.1\n' : undefined), list: () => undefined };
    const model = parseCompose(new SourceText('/p/compose.yaml', 'services:\n  web:\n    ports:\n      - "${WEB_PORT}:80"\n      - "${BIND}:9000:9000"\n      - "${OTHER:-0.0.0.0}:81:81"\n'), { files });
    const ports = portMappings(model, model.services[0]);
    assert.deepEqual(ports.map((p) => [p.hostIp, p.published?.start]), [['', 8080], ['127.0.0.1', 9000], [undefined, 81]]);
  });
});
