/** visible() (server/src/cli/escape.ts) over every UTF-16 code unit: which are escaped, and that nothing else changes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { visible } from '../../server/src/cli/escape.js';

/** The characters the human formats must never print raw (see escape.ts). */
function mustEscape(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    c === 0xfffe ||
    c === 0xffff ||
    (c >= 0xd800 && c <= 0xdfff) // alone: without its other half
  );
}

describe('visible', () => {
  it('escapes exactly the unsafe code units, alone in a message', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      const shown = visible(s);
      if (mustEscape(c) === (shown === s)) wrong.push(`U+${c.toString(16)} → ${JSON.stringify(shown)}`);
      else if (mustEscape(c) && !/^a\\(x[0-9a-f]{2}|u\{[0-9a-f]+\}|[nrt])b$/.test(shown)) wrong.push(`U+${c.toString(16)} → ${JSON.stringify(shown)}`);
    }
    assert.deepEqual(wrong.slice(0, 10), []);
  });

  it('keeps a surrogate pair (an emoji), and the same string when nothing is unsafe', () => {
    const s = 'Service web \u{1f680} runs nginx:1.25 — pinned?';
    assert.equal(visible(s), s);
    assert.equal(visible('x\ud83d'), 'x\\u{d83d}');
    assert.equal(visible('\ude80x'), '\\u{de80}x');
  });
});
