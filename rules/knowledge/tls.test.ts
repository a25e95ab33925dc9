import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tlsDisablingEnv } from './tls.js';

describe('TLS-disabling environment', () => {
  it('recognises the variables and their disabling values', () => {
    assert.ok(tlsDisablingEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0'));
    assert.equal(tlsDisablingEnv('NODE_TLS_REJECT_UNAUTHORIZED', '1'), undefined);
    assert.ok(tlsDisablingEnv('GIT_SSL_NO_VERIFY', ''));
    assert.ok(tlsDisablingEnv('npm_config_strict_ssl', 'false'));
    assert.equal(tlsDisablingEnv('NPM_CONFIG_STRICT_SSL', 'true'), undefined);
    assert.ok(tlsDisablingEnv('PIP_TRUSTED_HOST', 'pypi.example.com'));
    assert.ok(tlsDisablingEnv('CURL_CA_BUNDLE', ''));
    assert.equal(tlsDisablingEnv('CURL_CA_BUNDLE', '/etc/ssl/certs/ca.pem'), undefined);
    assert.ok(tlsDisablingEnv('GOFLAGS', '-mod=mod -insecure'));
    assert.equal(tlsDisablingEnv('PATH', '0'), undefined);
  });
});
