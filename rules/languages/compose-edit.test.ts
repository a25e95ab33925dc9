import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isPair, parseDocument, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
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
  addTopLevelEntry,
  joinInsertions,
  removePair,
  removeSeqItem,
  scalarContent,
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
  assert.deepEqual(
    parseDocument(out).errors.map((e) => e.message),
    [],
    `not valid YAML:\n${out}`,
  );
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
    assert.equal(remove('services:\n  web:\n    cap_add:\n    - SYS_ADMIN\n    - NET_ADMIN # x\n    image: a\n', 'cap_add'), 'services:\n  web:\n    image: a\n');
  });

  it('removes the first key of a 4-space indented service', () => {
    assert.equal(remove('services:\n    web:\n        privileged: yes\n        image: a\n', 'privileged'), 'services:\n    web:\n        image: a\n');
  });

  it('removes the last key of a file without a final line break', () => {
    assert.equal(remove('services:\n  web:\n    image: a\n    privileged: true', 'privileged'), 'services:\n  web:\n    image: a');
  });

  it('removes the last key of a file with CRLF and no final line break', () => {
    assert.equal(remove('services:\r\n  web:\r\n    image: a\r\n    privileged: true  # x', 'privileged'), 'services:\r\n  web:\r\n    image: a');
  });

  it('keeps CRLF line breaks of the other lines', () => {
    assert.equal(remove('services:\r\n  web:\r\n    privileged: true\r\n    image: a\r\n', 'privileged'), 'services:\r\n  web:\r\n    image: a\r\n');
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
    assert.equal(remove('services:\n  web: {\n    image: a,\n    privileged: true\n  }\n', 'privileged'), 'services:\n  web: {\n    image: a\n  }\n');
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

  it('a lone CR does not end a YAML line: the new key goes on a line of its own', () => {
    assert.equal(add('services:\n  web:\r\n    build: .\r', 'cap_drop', { seq: ['ALL'] }), 'services:\n  web:\r\n    build: .\r\n    cap_drop:\n      - ALL');
  });

  it('refuses a second key next to a written one (`!reset` empties it, it is still there)', () => {
    const { file, svc } = service('services:\n  web:\n    mem_limit: !reset\n');
    assert.equal(addMapKey(file, svc, 'mem_limit', { scalar: '512m' }), undefined);
  });

  it('inserts before trailing blank lines and comments', () => {
    assert.equal(
      add('services:\n  web:\n    command: >\n      run\n      now\n\n    # old: x\nvolumes: {}\n', 'privileged', { scalar: 'false' }),
      'services:\n  web:\n    command: >\n      run\n      now\n    privileged: false\n\n    # old: x\nvolumes: {}\n',
    );
  });

  it('adds at the end of a file without a final line break', () => {
    assert.equal(add('services:\n  web:\n    image: a', 'security_opt', opt), 'services:\n  web:\n    image: a\n    security_opt:\n      - no-new-privileges:true');
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
    assert.equal(
      append('services:\n  web:\n    security_opt: []\n', 'security_opt', 'no-new-privileges:true'),
      'services:\n  web:\n    security_opt: ["no-new-privileges:true"]\n',
    );
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

describe('addMapKey with a mapping value', () => {
  it("writes nested block mappings with the file's indentation", () => {
    assert.equal(
      add('services:\n    web:\n        image: a\n', 'healthcheck', {
        map: [
          ['test', { scalar: '["CMD", "true"]' }],
          ['retries', { scalar: '3' }],
        ],
      }),
      'services:\n    web:\n        image: a\n        healthcheck:\n            test: ["CMD", "true"]\n            retries: 3\n',
    );
  });

  it('writes a flow mapping inside a flow mapping', () => {
    assert.equal(
      add('services:\n  web: {image: a}\n', 'logging', {
        map: [
          ['driver', { scalar: 'local' }],
          ['options', { map: [['max-size', { scalar: '10m' }]] }],
        ],
      }),
      'services:\n  web: {image: a, logging: {driver: local, options: {max-size: 10m}}}\n',
    );
  });
});

describe('removeSeqItem', () => {
  function removeItem(text: string, key: string, index: number): string {
    const { file, svc } = service(text);
    const { pair } = ownPair(svc, key);
    const seq = pair.value as YAMLSeq;
    return apply(text, removeSeqItem(file, seq, seq.items[index]));
  }

  it('removes a block item with its comment', () => {
    assert.equal(
      removeItem('services:\n  web:\n    environment:\n      - A=1  # first\n      - B=2\n    image: a\n', 'environment', 0),
      'services:\n  web:\n    environment:\n      - B=2\n    image: a\n',
    );
  });

  it('removes a multi-line block item', () => {
    assert.equal(
      removeItem('services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n      - "9000:9000"\n', 'ports', 0),
      'services:\n  web:\n    ports:\n      - "9000:9000"\n',
    );
  });

  it('removes the last item of a file without a final line break, with CRLF', () => {
    assert.equal(removeItem('services:\r\n  web:\r\n    cmd:\r\n      - a\r\n      - b', 'cmd', 1), 'services:\r\n  web:\r\n    cmd:\r\n      - a');
  });

  it('removes flow items and one comma', () => {
    assert.equal(removeItem('services:\n  web:\n    cmd: [a, b, c]\n', 'cmd', 1), 'services:\n  web:\n    cmd: [a, c]\n');
    assert.equal(removeItem('services:\n  web:\n    cmd: [a, b]\n', 'cmd', 1), 'services:\n  web:\n    cmd: [a]\n');
    assert.equal(removeItem('services:\n  web:\n    cmd: [a, b,]\n', 'cmd', 1), 'services:\n  web:\n    cmd: [a,]\n');
    assert.equal(removeItem('services:\n  web:\n    cmd: [ a ]\n', 'cmd', 0), 'services:\n  web:\n    cmd: []\n');
  });

  it('refuses an item that shares its dash line with something else', () => {
    const text = 'services:\n  web:\n    x:\n      - - a\n        - b\n';
    const file = new SourceText('compose.yaml', text);
    const outer = parseDocument(text).getIn(['services', 'web', 'x']) as YAMLSeq;
    const inner = outer.items[0] as YAMLSeq;
    assert.equal(removeSeqItem(file, inner, inner.items[0]), undefined);
  });
});

describe('addTopLevelEntry', () => {
  function top(text: string, value: KeyValue = { map: [['file', { scalar: './s.txt' }]] }): string {
    const file = new SourceText('compose.yaml', text);
    const doc = parseDocument(text);
    return apply(text, addTopLevelEntry(file, doc.contents, 'secrets', 'db', value));
  }

  it('creates the top-level key after the last one', () => {
    assert.equal(top('services:\n  web:\n    image: a\nvolumes:\n  data: {}\n'), 'services:\n  web:\n    image: a\nvolumes:\n  data: {}\nsecrets:\n  db:\n    file: ./s.txt\n');
  });

  it('extends an existing block or flow mapping, or fills an empty key', () => {
    assert.equal(top('secrets:\n  a:\n    file: a.txt\nservices: {}\n'), 'secrets:\n  a:\n    file: a.txt\n  db:\n    file: ./s.txt\nservices: {}\n');
    assert.equal(top('services: {}\nsecrets: {a: {file: a.txt}}\n'), 'services: {}\nsecrets: {a: {file: a.txt}, db: {file: ./s.txt}}\n');
    assert.equal(top('services: {}\nsecrets:\n'), 'services: {}\nsecrets:\n  db:\n    file: ./s.txt\n');
  });

  it('refuses an entry that exists, or a key that is not a mapping', () => {
    const file = (t: string) => new SourceText('compose.yaml', t);
    const t1 = 'services: {}\nsecrets:\n  db: {file: x}\n';
    assert.equal(addTopLevelEntry(file(t1), parseDocument(t1).contents, 'secrets', 'db', { scalar: 'x' }), undefined);
    const t2 = 'services: {}\nsecrets: [a]\n';
    assert.equal(addTopLevelEntry(file(t2), parseDocument(t2).contents, 'secrets', 'db', { scalar: 'x' }), undefined);
  });
});

describe('joinInsertions', () => {
  it('joins insertions at one offset in order and keeps other edits', () => {
    assert.deepEqual(
      joinInsertions([
        { start: 5, end: 5, text: 'a' },
        { start: 1, end: 3, text: 'x' },
        { start: 5, end: 5, text: 'b' },
      ]),
      [
        { start: 5, end: 5, text: 'ab' },
        { start: 1, end: 3, text: 'x' },
      ],
    );
  });
});

describe('scalarContent', () => {
  const content = (text: string) => {
    const file = new SourceText('compose.yaml', text);
    const node = (parseDocument(text, { keepSourceTokens: true }).contents as YAMLMap).items[0].value;
    const span = scalarContent(file, node);
    return span && text.slice(span.start, span.end);
  };

  it('gives the text that reads back as the value', () => {
    assert.equal(content('a: /etc:/e # c\n'), '/etc:/e');
    assert.equal(content("a: '/etc:/e'\n"), '/etc:/e');
    assert.equal(content('a: "/etc:/e"\n'), '/etc:/e');
  });

  it('refuses escapes, block scalars and non-strings', () => {
    assert.equal(content("a: 'it''s'\n"), undefined);
    assert.equal(content('a: "tab\\t"\n'), undefined);
    assert.equal(content('a: >-\n  folded\n'), undefined);
    assert.equal(content('a: 8080\n'), undefined);
    assert.equal(content('a: [x]\n'), undefined);
  });
});
