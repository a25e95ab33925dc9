import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isPair, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { applyEdits } from '../engine/fixer.js';
import { SourceText } from '../engine/source.js';
import type { Edit } from '../engine/types.js';
import { parseCompose, type ComposeService } from './compose.js';
import {
  addMapKey,
  appendSeqItem,
  detectIndent,
  detectSeqIndent,
  isPlainSafe,
  type KeyValue,
  removePair,
  scalarText,
} from './compose-edit.js';

function service(text: string, name = 'web'): { file: SourceText; svc: ComposeService; root: unknown } {
  const file = new SourceText('compose.yaml', text);
  const model = parseCompose(file);
  const svc = model.services.find((s) => s.name === name);
  assert.ok(svc, `service ${name}`);
  return { file, svc, root: model.doc?.contents };
}

function ownPair(svc: ComposeService, key: string): { map: YAMLMap; pair: Pair } {
  const map = svc.map;
  assert.ok(map);
  const pair = map.items.find((p) => isPair(p) && (p.key as { value?: unknown }).value === key);
  assert.ok(pair, `key ${key}`);
  return { map, pair };
}

function apply(text: string, edit: Edit | undefined): string {
  assert.ok(edit, 'expected an edit');
  const out = applyEdits(text, [edit]);
  assert.deepEqual(parseDocument(out).errors.map((e) => e.message), [], `not valid YAML:\n${out}`);
  return out;
}

function remove(text: string, key: string, name = 'web'): string {
  const { file, svc } = service(text, name);
  const { map, pair } = ownPair(svc, key);
  return apply(text, removePair(file, map, pair));
}

function add(text: string, key: string, value: KeyValue, name = 'web'): string {
  const { file, svc, root } = service(text, name);
  return apply(text, addMapKey(file, svc, key, value, { seqIndent: detectSeqIndent(file, root, svc.map) }));
}

function append(text: string, key: string, item: string, name = 'web'): string {
  const { file, svc, root } = service(text, name);
  const { pair } = ownPair(svc, key);
  return apply(text, appendSeqItem(file, pair, item, { seqIndent: detectSeqIndent(file, root, svc.map) }));
}

describe('removePair', () => {
  it('removes a block pair with its trailing comment, keeping other comments', () => {
    assert.equal(
      remove('services:\n  web:\n    image: nginx  # pinned later\n    privileged: true   # needed?\n    ports:\n      - "80:80"\n', 'privileged'),
      'services:\n  web:\n    image: nginx  # pinned later\n    ports:\n      - "80:80"\n',
    );
  });

  it('removes a pair whose value is a block sequence', () => {
    assert.equal(
      remove('services:\n  web:\n    cap_add:\n    - SYS_ADMIN\n    - NET_ADMIN # x\n    image: a\n', 'cap_add'),
      'services:\n  web:\n    image: a\n',
    );
  });

  it('removes the first key of a 4-space indented service', () => {
    assert.equal(
      remove('services:\n    web:\n        privileged: yes\n        image: a\n', 'privileged'),
      'services:\n    web:\n        image: a\n',
    );
  });

  it('removes the last key of a file without a final line break', () => {
    assert.equal(remove('services:\n  web:\n    image: a\n    privileged: true', 'privileged'), 'services:\n  web:\n    image: a');
  });

  it('removes the last key of a file with CRLF and no final line break', () => {
    assert.equal(remove('services:\r\n  web:\r\n    image: a\r\n    privileged: true  # x', 'privileged'), 'services:\r\n  web:\r\n    image: a');
  });

  it('keeps CRLF line breaks of the other lines', () => {
    assert.equal(
      remove('services:\r\n  web:\r\n    privileged: true\r\n    image: a\r\n', 'privileged'),
      'services:\r\n  web:\r\n    image: a\r\n',
    );
  });

  it('removes the only key (the service becomes empty)', () => {
    assert.equal(remove('services:\n  web:\n    privileged: true\n  db:\n    image: b\n', 'privileged'), 'services:\n  web:\n  db:\n    image: b\n');
  });

  it('removes a flow pair and the comma after it', () => {
    assert.equal(remove('services:\n  web: {privileged: true, image: a}\n', 'privileged'), 'services:\n  web: {image: a}\n');
  });

  it('removes the last flow pair and the comma before it', () => {
    assert.equal(remove('services:\n  web: {image: a, privileged: true}\n', 'privileged'), 'services:\n  web: {image: a}\n');
  });

  it('keeps a trailing comma of a flow mapping', () => {
    assert.equal(remove('services:\n  web: {image: a, privileged: true,}\n', 'privileged'), 'services:\n  web: {image: a,}\n');
  });

  it('empties a flow mapping with one pair', () => {
    assert.equal(remove('services:\n  web: { privileged: true }\n', 'privileged'), 'services:\n  web: {}\n');
  });

  it('removes a pair of a multi-line flow mapping', () => {
    assert.equal(
      remove('services:\n  web: {\n    image: a,\n    privileged: true\n  }\n', 'privileged'),
      'services:\n  web: {\n    image: a\n  }\n',
    );
  });

  it('refuses a pair that shares its line with a sequence dash', () => {
    const text = 'services:\n  web:\n    x:\n      - privileged: true\n        b: 1\n';
    const file = new SourceText('compose.yaml', text);
    const doc = parseDocument(text);
    const item = (doc.getIn(['services', 'web', 'x']) as { items: YAMLMap[] }).items[0];
    assert.ok(isMap(item));
    assert.equal(removePair(file, item, item.items[0]), undefined);
  });
});

describe('addMapKey', () => {
  const opt: KeyValue = { seq: ['no-new-privileges:true'] };

  it('adds a block sequence after the last key, with indented dashes like the file', () => {
    assert.equal(
      add('services:\n  web:\n    image: a\n    ports:\n      - "80:80"\n  db:\n    image: b\n', 'security_opt', opt),
      'services:\n  web:\n    image: a\n    ports:\n      - "80:80"\n    security_opt:\n      - no-new-privileges:true\n  db:\n    image: b\n',
    );
  });

  it('uses dashes flush with the key when the file writes sequences that way', () => {
    assert.equal(
      add('services:\n  web:\n    image: a\n    ports:\n    - "80:80"\n', 'security_opt', opt),
      'services:\n  web:\n    image: a\n    ports:\n    - "80:80"\n    security_opt:\n    - no-new-privileges:true\n',
    );
  });

  it('follows 4-space indentation', () => {
    assert.equal(
      add('services:\n    web:\n        image: a\n', 'security_opt', opt),
      'services:\n    web:\n        image: a\n        security_opt:\n            - no-new-privileges:true\n',
    );
  });

  it('keeps a comment after the service key and after the last value', () => {
    assert.equal(
      add('services:\n  web: # the app\n    image: a # pinned\n  # db is next\n  db:\n    image: b\n', 'security_opt', opt),
      'services:\n  web: # the app\n    image: a # pinned\n    security_opt:\n      - no-new-privileges:true\n  # db is next\n  db:\n    image: b\n',
    );
  });

  it('inserts before trailing blank lines and comments', () => {
    assert.equal(
      add('services:\n  web:\n    command: >\n      run\n      now\n\n    # old: x\nvolumes: {}\n', 'privileged', { scalar: 'false' }),
      'services:\n  web:\n    command: >\n      run\n      now\n    privileged: false\n\n    # old: x\nvolumes: {}\n',
    );
  });

  it('adds at the end of a file without a final line break', () => {
    assert.equal(
      add('services:\n  web:\n    image: a', 'security_opt', opt),
      'services:\n  web:\n    image: a\n    security_opt:\n      - no-new-privileges:true',
    );
  });

  it('uses CRLF when the file does', () => {
    assert.equal(
      add('services:\r\n  web:\r\n    image: a\r\n', 'security_opt', opt),
      'services:\r\n  web:\r\n    image: a\r\n    security_opt:\r\n      - no-new-privileges:true\r\n',
    );
  });

  it('adds to an empty service below its key', () => {
    assert.equal(
      add('services:\n  web:   # todo\n  db:\n    image: b\n', 'security_opt', opt),
      'services:\n  web:   # todo\n    security_opt:\n      - no-new-privileges:true\n  db:\n    image: b\n',
    );
  });

  it('adds to a flow service mapping, quoting what flow context needs', () => {
    assert.equal(add('services:\n  web: {image: a}\n', 'security_opt', opt), 'services:\n  web: {image: a, security_opt: ["no-new-privileges:true"]}\n');
  });

  it('adds to an empty flow service mapping', () => {
    assert.equal(add('services:\n  web: {}\n', 'privileged', { scalar: 'false' }), 'services:\n  web: {privileged: false}\n');
  });

  it('keeps copied items as written', () => {
    assert.equal(
      add('services:\n  web:\n    image: a\n', 'security_opt', { seq: [{ raw: "'label:disable'", value: 'label:disable' }, 'no-new-privileges:true'] }),
      "services:\n  web:\n    image: a\n    security_opt:\n      - 'label:disable'\n      - no-new-privileges:true\n",
    );
  });

  it('adds after a merge key', () => {
    assert.equal(
      add('x-base: &base\n  image: a\nservices:\n  web:\n    <<: *base\n', 'privileged', { scalar: 'false' }),
      'x-base: &base\n  image: a\nservices:\n  web:\n    <<: *base\n    privileged: false\n',
    );
  });

  it('refuses a service that is an alias or an explicit null', () => {
    const a = service('x: &x {image: a}\nservices:\n  web: *x\n');
    assert.equal(addMapKey(a.file, a.svc, 'privileged', { scalar: 'false' }), undefined);
    const b = service('services:\n  web: ~\n');
    assert.equal(addMapKey(b.file, b.svc, 'privileged', { scalar: 'false' }), undefined);
  });
});

describe('appendSeqItem', () => {
  it('appends to a block sequence with the same indentation and dash spacing', () => {
    assert.equal(
      append('services:\n  web:\n    security_opt:\n      -   label:disable   # selinux\n    image: a\n', 'security_opt', 'no-new-privileges:true'),
      'services:\n  web:\n    security_opt:\n      -   label:disable   # selinux\n      -   no-new-privileges:true\n    image: a\n',
    );
  });

  it('appends to a block sequence flush with its key, at the end of the file', () => {
    assert.equal(
      append('services:\n  web:\n    security_opt:\n    - label:disable', 'security_opt', 'no-new-privileges:true'),
      'services:\n  web:\n    security_opt:\n    - label:disable\n    - no-new-privileges:true',
    );
  });

  it('appends with CRLF', () => {
    assert.equal(
      append('services:\r\n  web:\r\n    security_opt:\r\n      - label:disable\r\n', 'security_opt', 'no-new-privileges:true'),
      'services:\r\n  web:\r\n    security_opt:\r\n      - label:disable\r\n      - no-new-privileges:true\r\n',
    );
  });

  it('appends to a flow sequence before the bracket, quoting like the siblings', () => {
    assert.equal(
      append("services:\n  web:\n    security_opt: ['label:disable'] # x\n", 'security_opt', 'no-new-privileges:true'),
      "services:\n  web:\n    security_opt: ['label:disable', 'no-new-privileges:true'] # x\n",
    );
  });

  it('appends to a flow sequence with a trailing comma', () => {
    assert.equal(
      append('services:\n  web:\n    security_opt: [\n      "label:disable",\n    ]\n', 'security_opt', 'no-new-privileges:true'),
      'services:\n  web:\n    security_opt: [\n      "label:disable", "no-new-privileges:true",\n    ]\n',
    );
  });

  it('fills an empty flow sequence', () => {
    assert.equal(append('services:\n  web:\n    security_opt: []\n', 'security_opt', 'no-new-privileges:true'), 'services:\n  web:\n    security_opt: ["no-new-privileges:true"]\n');
  });

  it('writes a block sequence under a key with no value', () => {
    assert.equal(
      append('services:\n  web:\n    security_opt:  # none yet\n    image: a\n', 'security_opt', 'no-new-privileges:true'),
      'services:\n  web:\n    security_opt:  # none yet\n      - no-new-privileges:true\n    image: a\n',
    );
  });
});

describe('helpers', () => {
  it('detects indentation', () => {
    assert.equal(detectIndent(new SourceText('c', '# top\nservices:\n    web:\n')), 4);
    assert.equal(detectIndent(new SourceText('c', 'services: {}\n')), 2);
  });

  it('quotes only when plain would change meaning', () => {
    assert.equal(scalarText('no-new-privileges:true', false), 'no-new-privileges:true');
    assert.equal(scalarText('no-new-privileges:true', true), '"no-new-privileges:true"');
    assert.equal(scalarText('yes', false), '"yes"');
    assert.equal(scalarText('a: b', false, "'"), "'a: b'");
    assert.equal(isPlainSafe('key:', false), false);
    assert.equal(isPlainSafe('8080', false), false);
  });
});
