import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits } from '../engine/fixer.js';
import { SourceText } from '../engine/source.js';
import type { Edit } from '../engine/types.js';
import { type ComposeModel, parseCompose } from './compose.js';
import { removeLongPropagation, setLongReadOnly, setShortOptions } from './compose-mount-edit.js';
import { mountsOf, volumesOf } from './compose-volumes.js';

const model = (text: string): ComposeModel => parseCompose(new SourceText('/p/compose.yaml', text));

function svc(m: ComposeModel, name = 'web') {
  const s = m.effective(name);
  assert.ok(s, `service ${name}`);
  return s;
}

function apply(text: string, edit: Edit | undefined): string {
  assert.ok(edit, 'expected an edit');
  const out = applyEdits(text, [edit]);
  assert.deepEqual(
    parseDocument(out).errors.map((e) => e.message),
    [],
    `not valid YAML:\n${out}`,
  );
  return out;
}

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
    for (const text of [
      'services:\n  web:\n    volumes:\n      - "/etc:/e\\t"\n',
      'services:\n  web:\n    volumes:\n      - /etc:/e:${MODE}\n',
      'services:\n  web:\n    volumes:\n      - >-\n        /etc:/e\n',
    ]) {
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
    const more =
      'services:\n  web:\n    volumes:\n      - type: bind\n        source: /a\n        target: /b\n        bind:\n          propagation: shared\n          create_host_path: true\n';
    m = model(more);
    const out2 = apply(more, removeLongPropagation(m.file, volumesOf(m, svc(m))[0]));
    assert.deepEqual(parseDocument(out2).toJS().services.web.volumes[0].bind, { create_host_path: true });
  });
});
