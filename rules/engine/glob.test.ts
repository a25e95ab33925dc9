import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesAny } from './glob.js';

describe('glob patterns', () => {
  const cases: [string, string, boolean][] = [
    ['*.dev.yml', 'docker-compose.dev.yml', true],
    ['*.dev.yml', 'deploy/docker-compose.dev.yml', true],
    ['*.dev.yml', 'docker-compose.yml', false],
    ['deploy/*.yml', 'deploy/a.yml', true],
    ['deploy/*.yml', 'x/deploy/a.yml', false],
    ['/deploy/*.yml', 'deploy/a.yml', true],
    ['vendor/**', 'vendor/a/b/Dockerfile', true],
    ['vendor/', 'vendor/a/Dockerfile', true],
    ['vendor/', 'myvendor/Dockerfile', false],
    ['**/test/**', 'a/test/b/Dockerfile', true],
    ['**/test/**', 'test/Dockerfile', true],
    ['docker-compose.{dev,test}.yml', 'docker-compose.test.yml', true],
    ['docker-compose.{dev,test}.yml', 'docker-compose.prod.yml', false],
    ['Dockerfile.?', 'Dockerfile.a', true],
    ['Dockerfile.[ab]', 'Dockerfile.c', false],
    ['node_modules', 'x/node_modules/y/Dockerfile', true],
    ['a+b(c).yml', 'a+b(c).yml', true],
  ];
  for (const [pattern, path, expected] of cases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(matchesAny(path, [pattern]), expected));
  }
});
