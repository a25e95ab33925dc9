import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryFiles } from '../../test/support/files-view.js';
import { lintText } from '../api.js';
import { SourceText } from '../engine/source.js';
import { type ComposeModel, type EffectiveService, parseCompose } from './compose.js';
import { environmentItems } from './compose-key-values.js';
import { serviceStrings } from './compose-strings.js';

function load(text: string, name = 'web', files?: Record<string, string>): { model: ComposeModel; svc: EffectiveService; text: string } {
  const model = parseCompose(new SourceText('/project/compose.yaml', text), { files: files ? memoryFiles(files) : undefined });
  const svc = model.effective(name);
  assert.ok(svc, `service ${name}`);
  return { model, svc, text };
}

const slice = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);
/** Against a true hang only: node:test fails a test that runs longer. */
const HANG = { timeout: 60_000 };

describe('serviceStrings', () => {
  it('lists every string with its path and where it is reported', () => {
    const { model, svc, text } = load(
      'x-l: &l\n  labels: {team: core}\nx-c: &cmd "--verbose"\nservices:\n  web:\n    <<: *l\n    image: nginx:1.27\n    command: ["run", *cmd]\n    healthcheck:\n      test: ["CMD", "true"]\n      retries: 3\n',
    );
    assert.deepEqual(
      serviceStrings(model, svc).map((s) => [s.path.join('.'), s.value, slice(text, s.span), s.editable]),
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

  it('stays linear on a mapping that aliases and merges itself', HANG, () => {
    // Each level merges the same anchor three times and aliases it once more: 3^16 walks without a visited set.
    const text = 'services:\n  db: &a\n    cap_drop: *a\n    environment: &e\n      <<: [*e, *e]\n      <<: *e\n    <<: [*a, *a]\n    <<: *a\n';
    const { model, svc } = load(text, 'db');
    assert.deepEqual(serviceStrings(model, svc), []);
    assert.deepEqual(environmentItems(svc), []);
    assert.equal(svc.at('environment.missing'), undefined);
  });

  it('the whole lint of such a file answers', HANG, () => {
    const result = lintText('/p/compose.yaml', 'services:\n  db: &a\n    cap_drop: *a\n    <<: [*a, *a]\n    <<: *a\n', 'compose');
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

  it('reads the service as Compose runs it: a value the override file replaces is gone, one it adds is its own', () => {
    const { model, svc, text } = load('services:\n  web:\n    image: nginx:1.27\n    command: ["old"]\n    environment: [A=kept, B=replaced]\n', 'web', {
      'compose.override.yaml': 'services:\n  web:\n    command: ["new"]\n    environment: {B: override}\n',
    });
    assert.deepEqual(
      serviceStrings(model, svc).map((s) => [s.path.join('.'), s.value, slice(text, s.span)]),
      [
        ['image', 'nginx:1.27', 'nginx:1.27'],
        ['command.[0]', 'new', undefined],
        ['environment.[0]', 'A=kept', 'A=kept'],
        ['environment.B', 'override', undefined],
      ],
    );
  });

  it('stops at its budget on huge services', () => {
    const items = Array.from({ length: 50 }, (_, i) => `      - "${i}"`).join('\n');
    const { model, svc } = load(`services:\n  web:\n    command:\n${items}\n`);
    assert.ok(serviceStrings(model, svc, 10).length < 10);
  });
});
