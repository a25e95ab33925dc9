import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretId } from './secret-id.js';

describe('secretId', () => {
  it('lower-cases a variable name and keeps only what secret names accept', () => {
    assert.deepEqual(['POSTGRES_PASSWORD', 'NPM_TOKEN', 'app.key', 'A B$C'].map(secretId), ['postgres_password', 'npm_token', 'app.key', 'a_b_c']);
  });
});
