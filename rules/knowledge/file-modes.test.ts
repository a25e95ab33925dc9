import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { grantsWorldWrite, parseMode, setIdBits, setsSticky, withoutSetId, withoutWorldWrite } from './file-modes.js';

const mode = (s: string) => {
  const m = parseMode(s);
  assert.ok(m, s);
  return m;
};

describe('file modes', () => {
  it('parses numeric and symbolic modes', () => {
    assert.deepEqual(parseMode('0755'), { kind: 'numeric', bits: 0o755, digits: 4 });
    assert.equal(parseMode('u+x-w,go=r')?.kind, 'symbolic');
    assert.equal(parseMode('$MODE'), undefined);
    assert.equal(parseMode('99'), undefined);
  });
  it('knows world write, sticky and setuid/setgid', () => {
    assert.ok(grantsWorldWrite(mode('777')) && grantsWorldWrite(mode('a+w')) && grantsWorldWrite(mode('o=rw')));
    assert.ok(!grantsWorldWrite(mode('+w')) && !grantsWorldWrite(mode('775')) && !grantsWorldWrite(mode('o-w')));
    assert.ok(setsSticky(mode('1777')) && setsSticky(mode('+t')) && !setsSticky(mode('777')));
    assert.deepEqual(setIdBits(mode('6755')), { setuid: true, setgid: true });
    assert.deepEqual(setIdBits(mode('g+s')), { setuid: false, setgid: true });
    assert.deepEqual(setIdBits(mode('+s')), { setuid: true, setgid: true });
    assert.deepEqual(setIdBits(mode('755')), { setuid: false, setgid: false });
  });
  it('computes the narrower mode', () => {
    assert.equal(withoutWorldWrite(mode('0777')), '0775');
    assert.equal(withoutWorldWrite(mode('a+rwx')), 'a+rx,ug+w');
    assert.equal(withoutWorldWrite(mode('a=rw')), 'ug=rw,o=r');
    assert.equal(withoutWorldWrite(mode('o+w')), undefined);
    assert.equal(withoutSetId(mode('4755')), '0755');
    assert.equal(withoutSetId(mode('u+xs,g+r')), 'u+x,g+r');
    assert.equal(withoutSetId(mode('u+s')), undefined);
  });
});
