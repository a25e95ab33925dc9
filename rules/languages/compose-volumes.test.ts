import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertLinear } from '../../test/support/scaling.js';
import { memoryFiles } from '../../test/support/files-view.js';
import { lintText } from '../api.js';
import { SourceText } from '../engine/source.js';
import { type ComposeModel, parseCompose } from './compose.js';
import { interpolate } from './compose-interpolate.js';
import { devicesOf, display, hasUnknown, mountsOf, normalisePath, sourceKind, splitShortSyntax, tmpfsOf, volumesOf } from './compose-volumes.js';

function model(text: string, files?: Record<string, string>): ComposeModel {
  return parseCompose(new SourceText('/p/compose.yaml', text), { files: files ? memoryFiles(files, '/p') : undefined });
}

function svc(m: ComposeModel, name = 'web') {
  const s = m.effective(name);
  assert.ok(s, `service ${name}`);
  return s;
}

/** [line, column] (1-based) of a span's start. */
function at(m: ComposeModel, span: { start: number } | undefined): [number, number] | undefined {
  if (!span) return undefined;
  const p = m.file.positionAt(span.start);
  return [p.line + 1, p.character + 1];
}

const marked = (text: string, vars: Record<string, string | null> = {}) => interpolate(text, (name) => (name in vars ? vars[name] : undefined)).marked;

describe('interpolation of mount paths', () => {
  it('uses defaults and marks unknown variables', () => {
    assert.equal(marked('${A:-/etc}:/x'), '/etc:/x');
    assert.equal(display(marked('${HOME}/.ssh:/root/.ssh')), '${HOME}/.ssh:/root/.ssh');
    assert.equal(display(marked('$HOME/.aws')), '${HOME}/.aws');
    assert.ok(hasUnknown(marked('${X:?set X}')));
    assert.ok(hasUnknown(marked('${X:+/alt}')));
    assert.ok(!hasUnknown(marked('plain $$HOME')));
    assert.equal(marked('cost $$5'), 'cost $5');
  });

  it('nests defaults and reads known values', () => {
    assert.equal(marked('${A:-${B:-/deep}}/x'), '/deep/x');
    assert.equal(marked('${A:-/d}', { A: '/known' }), '/known');
    assert.equal(marked('${A:-/d}', { A: '' }), '/d');
    assert.equal(marked('${A-/d}', { A: '' }), '');
    assert.equal(marked('${A:+on}', { A: 'x' }), 'on');
    assert.equal(marked('${A:+on}', { A: null }), '');
    assert.equal(marked('${A}', { A: null }), '');
  });

  it('keeps text it cannot read', () => {
    assert.equal(marked('a$'), 'a$');
    assert.equal(marked('${unclosed'), '${unclosed');
    assert.equal(marked('$1'), '$1');
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
    assert.equal(sourceKind(marked('${DIR}/x')), 'bind');
    assert.equal(sourceKind(marked('${VOL}')), 'unknown');
    assert.equal(sourceKind(marked('db-${ENV}')), 'unknown');
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
    assert.deepEqual(at(m, v[0].span), [4, 9]);
    assert.deepEqual(v[0].related, []);
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
    assert.deepEqual(at(m, v[0].span), [5, 17]);
  });

  it('knows when read-only cannot be known', () => {
    const m = model('services:\n  web:\n    volumes:\n      - /etc:/e:${MODE}\n      - type: bind\n        source: /etc\n        target: /e\n        read_only: ${RO}\n');
    assert.deepEqual(
      volumesOf(m, svc(m)).map((x) => x.readOnly),
      [undefined, undefined],
    );
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
    assert.deepEqual(
      [at(m, w.span), at(m, w.related[0]?.span)],
      [
        [6, 9],
        [3, 7],
      ],
    );
  });

  it('reports a volumes list written as an alias at the alias', () => {
    const m = model('x-v: &v [/root:/r]\nservices:\n  api:\n    volumes: *v\n');
    const [a] = volumesOf(m, svc(m, 'api'));
    assert.equal(a.source, '/root');
    assert.deepEqual(at(m, a.span), [4, 14]);
  });

  it('never throws on half-typed input', () => {
    for (const text of [
      'services:\n  web:\n    volumes:\n      -\n',
      'services:\n  web:\n    volumes: /etc:/e\n',
      'services:\n  web:\n    volumes:\n      - {}\n      - [a]\n      - ":"\n',
    ]) {
      const m = model(text);
      assert.doesNotThrow(() => mountsOf(m, svc(m)));
    }
  });
});

describe('tmpfsOf', () => {
  it('reads a single path and a list with options', () => {
    const a = model('services:\n  web:\n    tmpfs: /run:exec,size=64m\n');
    assert.deepEqual(
      tmpfsOf(svc(a)).map((x) => [x.target, x.options]),
      [['/run', ['exec', 'size=64m']]],
    );
    const b = model('services:\n  web:\n    tmpfs:\n      - /tmp\n      - /run:ro\n');
    assert.deepEqual(
      tmpfsOf(svc(b)).map((x) => [x.target, x.readOnly, x.options]),
      [
        ['/tmp', false, []],
        ['/run', true, ['ro']],
      ],
    );
  });
});

describe('devicesOf', () => {
  it('reads every form', () => {
    const m = model(
      'services:\n  web:\n    devices:\n      - /dev/sda\n      - /dev/sdb:/dev/xvdb:r\n      - /dev/fuse:rwm\n      - nvidia.com/gpu=all\n      - source: /dev/nvme0n1\n        target: /dev/disk0\n        permissions: rw\n',
    );
    assert.deepEqual(
      devicesOf(svc(m)).map((d) => [d.syntax, d.source, d.target, d.permissions, d.cdi]),
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
  it('reads the .env of the project; the rest stays unknown', () => {
    const m = model('services:\n  web:\n    volumes:\n      - ${CONF}:/c\n      - ${DATA}/x:/d\n', { '.env': 'CONF=/etc\nRO=true\n' });
    const v = volumesOf(m, svc(m));
    assert.deepEqual(
      v.map((x) => [x.type, display(x.source ?? '')]),
      [
        ['bind', '/etc'],
        ['bind', '${DATA}/x'],
      ],
    );
    assert.equal(m.env('RO'), 'true');
    assert.equal(m.env('DATA'), undefined);
  });
});

describe('merged mounts', () => {
  it('a later file replaces a mount at the same target; within one file both stay', () => {
    const m = model('services:\n  web:\n    volumes:\n      - /etc:/e\n      - /a:/x\n      - /b:/x\n', {
      'compose.override.yaml': 'services:\n  web:\n    volumes: ["/srv/e:/e:ro"]\n',
    });
    assert.deepEqual(
      volumesOf(m, svc(m)).map((x) => [x.source, x.target, x.model.path]),
      [
        ['/srv/e', '/e', '/p/compose.override.yaml'],
        ['/a', '/x', '/p/compose.yaml'],
        ['/b', '/x', '/p/compose.yaml'],
      ],
    );
  });

  it('finds a named volume that binds a host path in the file of the project that defines it', () => {
    const m = model('services:\n  web:\n    volumes: [hostetc:/e]\n', { 'compose.override.yaml': 'volumes:\n  hostetc:\n    driver_opts: {o: bind, device: /etc}\n' });
    const [v] = volumesOf(m, svc(m));
    assert.deepEqual([v.hostPath, v.volumeDevice?.path], ['/etc', '/p/compose.override.yaml']);
  });
});

describe('cost', () => {
  it('looks named volumes up in time linear in the mounts and volumes (n vs 4n)', () => {
    const compose = (n: number) => {
      let text = 'services:\n';
      for (let i = 0; i < n; i++) text += `  s${i}:\n    image: nginx:1.${i}\n    volumes:\n      - v${i}:/data\n`;
      text += 'volumes:\n';
      for (let i = 0; i < n; i++) text += `  v${i}: {driver_opts: {o: bind, device: /srv/v${i}}}\n`;
      return text;
    };
    const lint = (text: string) => lintText('/p/compose.yaml', text, 'compose', { only: ['DC025', 'DC031', 'DC002'] });
    assertLinear('named volumes looked up by every mount', compose, lint, 500);
  });
});
