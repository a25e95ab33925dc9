import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits } from '../engine/fixer.js';
import { SourceText } from '../engine/source.js';
import type { Edit } from '../engine/types.js';
import { type ComposeModel, parseCompose } from './compose.js';
import {
  boolValue,
  devicesOf,
  display,
  hasUnknown,
  interpolate,
  mapGet,
  mountsOf,
  normalisePath,
  removeLongPropagation,
  setLongReadOnly,
  setShortOptions,
  sourceKind,
  splitShortSyntax,
  stringValue,
  tmpfsOf,
  variablesOf,
  volumesOf,
} from './compose-volumes.js';

function model(text: string): ComposeModel {
  return parseCompose(new SourceText('/p/compose.yaml', text));
}

function svc(m: ComposeModel, name = 'web') {
  const s = m.services.find((x) => x.name === name);
  assert.ok(s, `service ${name}`);
  return s;
}

/** [line, column] (1-based) of a span's start. */
function at(m: ComposeModel, span: { start: number } | undefined): [number, number] | undefined {
  if (!span) return undefined;
  const p = m.file.positionAt(span.start);
  return [p.line + 1, p.character + 1];
}

function apply(text: string, edit: Edit | undefined): string {
  assert.ok(edit, 'expected an edit');
  const out = applyEdits(text, [edit]);
  assert.deepEqual(parseDocument(out).errors.map((e) => e.message), [], `not valid YAML:\n${out}`);
  return out;
}

describe('interpolate', () => {
  const env = (vars: Record<string, string | null>) => (name: string) => (name in vars ? vars[name] : undefined);

  it('uses defaults and marks unknown variables', () => {
    assert.equal(interpolate('${A:-/etc}:/x'), '/etc:/x');
    assert.equal(display(interpolate('${HOME}/.ssh:/root/.ssh')), '${HOME}/.ssh:/root/.ssh');
    assert.equal(display(interpolate('$HOME/.aws')), '${HOME}/.aws');
    assert.ok(hasUnknown(interpolate('${X:?set X}')));
    assert.ok(hasUnknown(interpolate('${X:+/alt}')));
    assert.ok(!hasUnknown(interpolate('plain $$HOME')));
    assert.equal(interpolate('cost $$5'), 'cost $5');
  });

  it('nests defaults and reads known values', () => {
    assert.equal(interpolate('${A:-${B:-/deep}}/x'), '/deep/x');
    assert.equal(interpolate('${A:-/d}', env({ A: '/known' })), '/known');
    assert.equal(interpolate('${A:-/d}', env({ A: '' })), '/d');
    assert.equal(interpolate('${A-/d}', env({ A: '' })), '');
    assert.equal(interpolate('${A:+on}', env({ A: 'x' })), 'on');
    assert.equal(interpolate('${A:+on}', env({ A: null })), '');
    assert.equal(interpolate('${A}', env({ A: null })), '');
  });

  it('keeps text it cannot read', () => {
    assert.equal(interpolate('a$'), 'a$');
    assert.equal(interpolate('${unclosed'), '${unclosed');
    assert.equal(interpolate('$1'), '$1');
  });
});

describe('paths', () => {
  it('normalises', () => {
    assert.equal(normalisePath('//etc/./ssl/'), '/etc/ssl');
    assert.equal(normalisePath('/a/../etc'), '/etc');
    assert.equal(normalisePath('./data/'), 'data');
    assert.equal(normalisePath('C:\\Users\\me'), 'C:/Users/me');
    assert.equal(normalisePath('/'), '/');
  });

  it('tells binds from named volumes as Compose does', () => {
    assert.equal(sourceKind('/etc'), 'bind');
    assert.equal(sourceKind('./x'), 'bind');
    assert.equal(sourceKind('~/x'), 'bind');
    assert.equal(sourceKind('C:\\data'), 'bind');
    assert.equal(sourceKind('data'), 'volume');
    assert.equal(sourceKind(interpolate('${DIR}/x')), 'bind');
    assert.equal(sourceKind(interpolate('${VOL}')), 'unknown');
    assert.equal(sourceKind(interpolate('db-${ENV}')), 'unknown');
  });

  it('splits short syntax at colons, not drive letters or variable defaults', () => {
    assert.deepEqual(splitShortSyntax('/a:/b:ro'), ['/a', '/b', 'ro']);
    assert.deepEqual(splitShortSyntax('C:\\data:/data'), ['C:\\data', '/data']);
    assert.deepEqual(splitShortSyntax('${A:-/x}:/y'), ['${A:-/x}', '/y']);
    assert.deepEqual(splitShortSyntax('/data'), ['/data']);
  });
});

describe('volumesOf', () => {
  it('reads short syntax: binds, named and anonymous volumes, modes', () => {
    const m = model('services:\n  web:\n    volumes:\n      - /etc:/host/etc:ro,rshared\n      - data:/data\n      - /cache\n      - "./src:/app:z"\nvolumes:\n  data: {}\n');
    const v = volumesOf(m, svc(m));
    assert.deepEqual(
      v.map((x) => [x.type, x.source, x.target, x.readOnly, x.options, x.propagation, x.hostPath]),
      [
        ['bind', '/etc', '/host/etc', true, ['ro', 'rshared'], 'rshared', '/etc'],
        ['volume', 'data', '/data', false, [], undefined, undefined],
        ['volume', undefined, '/cache', false, [], undefined, undefined],
        ['bind', './src', '/app', false, ['z'], undefined, './src'],
      ],
    );
    assert.deepEqual(at(m, v[0].itemSpan), [4, 9]);
    assert.equal(v[0].useSite, undefined);
  });

  it('reads long syntax', () => {
    const m = model(
      'services:\n  web:\n    volumes:\n      - type: bind\n        source: /var/lib/docker\n        target: /d\n        read_only: "yes"\n        bind:\n          propagation: rslave\n      - type: tmpfs\n        target: /run\n      - type: volume\n        source: data\n        target: /data\n',
    );
    const v = volumesOf(m, svc(m));
    assert.deepEqual(
      v.map((x) => [x.syntax, x.type, x.source, x.target, x.readOnly, x.propagation]),
      [
        ['long', 'bind', '/var/lib/docker', '/d', true, 'rslave'],
        ['long', 'tmpfs', undefined, '/run', false, undefined],
        ['long', 'volume', 'data', '/data', false, undefined],
      ],
    );
    assert.deepEqual(at(m, v[0].sourceSpan), [5, 17]);
  });

  it('knows when read-only cannot be known', () => {
    const m = model('services:\n  web:\n    volumes:\n      - /etc:/e:${MODE}\n      - type: bind\n        source: /etc\n        target: /e\n        read_only: ${RO}\n');
    assert.deepEqual(volumesOf(m, svc(m)).map((x) => x.readOnly), [undefined, undefined]);
  });

  it('follows a named volume that is a bind of a host path', () => {
    const m = model('services:\n  web:\n    volumes: [hostetc:/e]\nvolumes:\n  hostetc:\n    driver_opts: {type: none, o: bind, device: /etc}\n');
    const [v] = volumesOf(m, svc(m));
    assert.equal(v.hostPath, '/etc');
    assert.equal(v.volumeDevice?.volume, 'hostetc');
    assert.deepEqual(at(m, v.volumeDevice?.span), [6, 48]);
  });

  it('reports mounts from an anchor at the use site', () => {
    const m = model('x-m: &m\n  volumes:\n    - /etc:/e\nservices:\n  web:\n    <<: *m\n  api:\n    volumes: *v\nx-v: &v [/root:/r]\n');
    const [w] = volumesOf(m, svc(m));
    assert.deepEqual([at(m, w.useSite), at(m, w.itemSpan)], [[6, 9], [3, 7]]);
  });

  it('reports a volumes list written as an alias at the alias', () => {
    const m = model('x-v: &v [/root:/r]\nservices:\n  api:\n    volumes: *v\n');
    const [a] = volumesOf(m, svc(m, 'api'));
    assert.equal(a.source, '/root');
    assert.deepEqual(at(m, a.useSite), [4, 14]);
  });

  it('never throws on half-typed input', () => {
    for (const text of ['services:\n  web:\n    volumes:\n      -\n', 'services:\n  web:\n    volumes: /etc:/e\n', 'services:\n  web:\n    volumes:\n      - {}\n      - [a]\n      - ":"\n']) {
      const m = model(text);
      assert.doesNotThrow(() => mountsOf(m, svc(m)));
    }
  });
});

describe('tmpfsOf', () => {
  it('reads a single path and a list with options', () => {
    const a = model('services:\n  web:\n    tmpfs: /run:exec,size=64m\n');
    assert.deepEqual(tmpfsOf(a, svc(a)).map((x) => [x.target, x.options]), [['/run', ['exec', 'size=64m']]]);
    const b = model('services:\n  web:\n    tmpfs:\n      - /tmp\n      - /run:ro\n');
    assert.deepEqual(tmpfsOf(b, svc(b)).map((x) => [x.target, x.readOnly, x.options]), [['/tmp', false, []], ['/run', true, ['ro']]]);
  });
});

describe('devicesOf', () => {
  it('reads every form', () => {
    const m = model(
      'services:\n  web:\n    devices:\n      - /dev/sda\n      - /dev/sdb:/dev/xvdb:r\n      - /dev/fuse:rwm\n      - nvidia.com/gpu=all\n      - source: /dev/nvme0n1\n        target: /dev/disk0\n        permissions: rw\n',
    );
    assert.deepEqual(
      devicesOf(m, svc(m)).map((d) => [d.syntax, d.source, d.target, d.permissions, d.cdi]),
      [
        ['short', '/dev/sda', undefined, undefined, false],
        ['short', '/dev/sdb', '/dev/xvdb', 'r', false],
        ['short', '/dev/fuse', undefined, 'rwm', false],
        ['short', 'nvidia.com/gpu=all', undefined, undefined, true],
        ['long', '/dev/nvme0n1', '/dev/disk0', 'rw', false],
      ],
    );
  });
});

describe('variables from .env', () => {
  it('reads the .env next to the file through the model; the rest stays unknown', () => {
    const files = { read: (p: string) => (p === '/p/.env' ? 'CONF=/etc\nRO=true\n' : undefined), list: () => undefined };
    const m = parseCompose(new SourceText('/p/compose.yaml', 'services:\n  web:\n    volumes:\n      - ${CONF}:/c\n      - ${DATA}/x:/d\n'), { files });
    const v = volumesOf(m, svc(m));
    assert.deepEqual(v.map((x) => [x.type, display(x.source ?? '')]), [['bind', '/etc'], ['bind', '${DATA}/x']]);
    assert.equal(variablesOf(m)('RO'), 'true');
    assert.equal(variablesOf(m)('DATA'), undefined);
  });
});

describe('values', () => {
  it('reads booleans and strings as Compose does, unknown as undefined', () => {
    const m = model('services:\n  web:\n    a: "yes"\n    b: off\n    c: ${X}\n    d: ${X:-true}\n    e: 0\n    f: maybe\n');
    const map = svc(m).map;
    const b = (k: string) => boolValue(m, mapGet(m, map, k));
    assert.deepEqual(['a', 'b', 'c', 'd', 'f', 'missing'].map(b), [true, false, undefined, true, undefined, undefined]);
    assert.equal(stringValue(m, mapGet(m, map, 'e')), '0');
    assert.equal(stringValue(m, mapGet(m, map, 'c')), undefined);
  });
});

describe('mount edits', () => {
  const short = (text: string, options: string[], pick = 0) => {
    const m = model(text);
    return apply(text, setShortOptions(m.file, mountsOf(m, svc(m))[pick], options));
  };

  it('appends, replaces and drops short-syntax options, keeping quotes', () => {
    assert.equal(short('services:\n  web:\n    volumes:\n      - /etc:/e\n', ['ro']), 'services:\n  web:\n    volumes:\n      - /etc:/e:ro\n');
    assert.equal(short('services:\n  web:\n    volumes:\n      - "/etc:/e:rw" # x\n', ['ro']), 'services:\n  web:\n    volumes:\n      - "/etc:/e:ro" # x\n');
    assert.equal(short("services:\n  web:\n    volumes: ['/a:/b:rshared']\n", []), "services:\n  web:\n    volumes: ['/a:/b']\n");
    assert.equal(short('services:\n  web:\n    volumes:\n      - ${SRC:-/a}:/b:z,rshared\n', ['z']), 'services:\n  web:\n    volumes:\n      - ${SRC:-/a}:/b:z\n');
    assert.equal(short('services:\n  web:\n    tmpfs: /run:exec,size=1m\n', ['size=1m']), 'services:\n  web:\n    tmpfs: /run:size=1m\n');
    assert.equal(short('services:\n  web:\n    tmpfs:\n      - "/run:exec"\n', []), 'services:\n  web:\n    tmpfs:\n      - "/run"\n');
    const parsed = parseDocument(short('services:\n  web:\n    volumes:\n      - /etc:/e\n', ['ro'])).toJS();
    assert.deepEqual(parsed.services.web.volumes, ['/etc:/e:ro']);
  });

  it('refuses scalars it cannot edit in place', () => {
    for (const text of ['services:\n  web:\n    volumes:\n      - "/etc:/e\\t"\n', 'services:\n  web:\n    volumes:\n      - /etc:/e:${MODE}\n', 'services:\n  web:\n    volumes:\n      - >-\n        /etc:/e\n']) {
      const m = model(text);
      assert.equal(setShortOptions(m.file, mountsOf(m, svc(m))[0], ['ro']), undefined, text);
    }
  });

  it('sets read_only on a long-syntax mount', () => {
    const add = 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /etc\n        target: /e\n';
    let m = model(add);
    const added = apply(add, setLongReadOnly(m.file, volumesOf(m, svc(m))[0]));
    assert.equal(added, `${add}        read_only: true\n`);
    assert.equal(parseDocument(added).toJS().services.web.volumes[0].read_only, true);
    const replace = 'services:\n  web:\n    volumes:\n      - {type: bind, source: /etc, target: /e, read_only: false}\n';
    m = model(replace);
    assert.equal(apply(replace, setLongReadOnly(m.file, volumesOf(m, svc(m))[0])), replace.replace('false', 'true'));
  });

  it('removes bind.propagation, and bind: when nothing else is in it', () => {
    const only = 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /a\n        target: /b\n        bind:\n          propagation: rshared\n';
    let m = model(only);
    const out = apply(only, removeLongPropagation(m.file, volumesOf(m, svc(m))[0]));
    assert.equal(out, 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /a\n        target: /b\n');
    const more = 'services:\n  web:\n    volumes:\n      - type: bind\n        source: /a\n        target: /b\n        bind:\n          propagation: shared\n          create_host_path: true\n';
    m = model(more);
    const out2 = apply(more, removeLongPropagation(m.file, volumesOf(m, svc(m))[0]));
    assert.deepEqual(parseDocument(out2).toJS().services.web.volumes[0].bind, { create_host_path: true });
  });
});
