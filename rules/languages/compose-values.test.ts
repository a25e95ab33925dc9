import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SourceText } from '../engine/source.js';
import { parseCompose } from './compose.js';
import { boolOf, knownText, valueText } from './compose-values.js';

const model = (text: string) => parseCompose(new SourceText('/p/compose.yaml', text));

describe('reading values', () => {
  it('reads booleans and strings as Compose does, unknown as undefined', () => {
    const m = model('services:\n  web:\n    a: "yes"\n    b: off\n    c: ${X}\n    d: ${X:-true}\n    e: 0\n    f: maybe\n');
    const web = m.services[0];
    const b = (k: string) => boolOf(m, web.get(k)?.value, m.env);
    assert.deepEqual(['a', 'b', 'c', 'd', 'f', 'missing'].map(b), [true, false, undefined, true, undefined, undefined]);
    assert.equal(knownText(m, web.get('e')?.value, m.env), '0');
    assert.equal(knownText(m, web.get('c')?.value, m.env), undefined);
    assert.equal(valueText(m.effective('web')?.get('d')), 'true');
  });
});
