import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpolate, NO_VARIABLES } from '../languages/compose-interpolate.js';
import { classify, credentialDir } from './compose-mounts.js';

describe('credentialDir', () => {
  it('finds home credential stores', () => {
    const kind = (p: string) => credentialDir(interpolate(p, NO_VARIABLES).marked)?.kind;
    assert.deepEqual(['~/.ssh/id_rsa', '~', '${HOME}', '$USERPROFILE/.aws', 'C:\\Users\\me\\.ssh', '/home/x/.git-credentials', '/home/x/code', '~/.sshd', '/srv/.ssh'].map(kind), [
      'credentials',
      'home',
      'home',
      'credentials',
      'credentials',
      'credentials',
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('classify', () => {
  it('classifies by tree or exact path', () => {
    const kind = (p: string, ro: boolean | undefined) => classify(p, ro)?.kind;
    assert.equal(kind('/etc/shadow', true), 'readOnly');
    assert.equal(kind('/var/lib', false), 'writable');
    assert.equal(kind('/var/lib/grafana', false), undefined);
    assert.equal(kind('/usr/lib/modules/6.1', false), 'writable');
    assert.equal(kind('/usr/lib/python3', false), undefined);
    assert.equal(kind('/usr', true), undefined);
    assert.equal(kind('/etc/passwd', true), undefined);
    assert.equal(kind('/etc/passwd', false), 'writable');
    assert.equal(kind('/etc/localtime', false), 'writableTime');
    assert.equal(kind('/dev', false), 'devices');
    assert.equal(kind('/etc', undefined), 'readOnly');
    assert.match(classify('/etc/letsencrypt', false)?.what ?? '', /services running as root/);
    assert.match(classify('/etc', false)?.what ?? '', /sudoers/);
  });
});
