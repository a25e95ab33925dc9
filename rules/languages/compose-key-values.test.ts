import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryFiles } from '../../test/support/files-view.js';
import { SourceText } from '../engine/source.js';
import { type EffectiveService, parseCompose } from './compose.js';
import { buildArgItems, environmentItems } from './compose-key-values.js';

function load(text: string, name = 'web', files?: Record<string, string>): { svc: EffectiveService; text: string } {
  const model = parseCompose(new SourceText('/project/compose.yaml', text), { files: files ? memoryFiles(files) : undefined });
  const svc = model.effective(name);
  assert.ok(svc, `service ${name}`);
  return { svc, text };
}

const slice = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);

describe('environmentItems', () => {
  it('reads the map syntax with exact key and value spans', () => {
    const { svc, text } = load('services:\n  web:\n    environment:\n      A: "1"\n      B:\n      C: true\n      D: ""\n');
    assert.deepEqual(
      environmentItems(svc).map((i) => [i.syntax, i.key, i.value, slice(text, i.keySpan), slice(text, i.valueSpan)]),
      [
        ['map', 'A', '1', 'A', '1'],
        ['map', 'B', null, 'B', undefined],
        ['map', 'C', 'true', 'C', 'true'],
        ['map', 'D', '', 'D', ''],
      ],
    );
  });

  it('reads the list syntax', () => {
    const { svc, text } = load('services:\n  web:\n    environment:\n      - A=1=2\n      - "B=x y"\n      - C\n      - D=\n      - "E=\\tescaped"\n');
    assert.deepEqual(
      environmentItems(svc).map((i) => [i.syntax, i.key, i.value, slice(text, i.keySpan), slice(text, i.valueSpan)]),
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
    const { svc, text } = load('x-env: &env\n  A: 1\n  B: 2\nservices:\n  web:\n    environment:\n      <<: *env\n      B: 3\n');
    assert.deepEqual(
      environmentItems(svc).map((i) => [i.key, i.value, slice(text, i.span), i.editable]),
      [
        ['B', '3', 'B', true],
        ['A', '1', '*env', false],
      ],
    );
  });

  it("reports an environment merged into the service at the service's merge alias", () => {
    const { svc, text } = load('x-base: &base\n  environment: [A=1]\nservices:\n  web:\n    <<: *base\n');
    const [item] = environmentItems(svc);
    assert.deepEqual([item.key, slice(text, item.span), item.related.map((r) => slice(text, r.span)), item.editable], ['A', '*base', ['A=1'], false]);
  });

  it('merges by name across files, the list and map syntax alike; a !reset value drops the variable', () => {
    const { svc, text } = load('services:\n  web:\n    environment:\n      - A=1\n      - B=2\n      - C=3\n', 'web', {
      'compose.override.yaml': 'services:\n  web:\n    environment:\n      B: override\n      C: !reset null\n',
    });
    assert.deepEqual(
      environmentItems(svc).map((i) => [i.key, i.value, slice(text, i.span)]),
      [
        ['A', '1', 'A'],
        ['B', 'override', undefined],
      ],
    );
  });
});

describe('buildArgItems', () => {
  it('reads build.args in both syntaxes and nothing for a build path', () => {
    assert.deepEqual(buildArgItems(load('services:\n  web:\n    build: .\n').svc), []);
    const { svc } = load('services:\n  web:\n    build:\n      context: .\n      args: [A=1, B]\n');
    assert.deepEqual(
      buildArgItems(svc).map((i) => [i.key, i.value]),
      [
        ['A', '1'],
        ['B', null],
      ],
    );
  });

  it('reports args merged into build at the merge alias in build', () => {
    const { svc, text } = load('x-b: &b\n  args: {TOKEN: x}\nservices:\n  web:\n    build:\n      <<: *b\n      context: .\n');
    const [item] = buildArgItems(svc);
    assert.deepEqual([item.key, slice(text, item.span), item.editable], ['TOKEN', '*b', false]);
  });
});
