import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-memory-limit.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n',
    { name: 'deploy limits', code: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n' },
    { name: 'a variable limit', code: 'services:\n  web:\n    mem_limit: ${WEB_MEMORY}\n' },
    { name: 'from an anchor', code: 'x-limits: &limits\n  mem_limit: 1g\nservices:\n  web:\n    <<: *limits\n    image: nginx:1.27\n' },
    {
      name: 'deploy limits merged inside deploy',
      code: 'x-res: &res\n  resources:\n    limits: {memory: 1G}\nservices:\n  web:\n    deploy:\n      <<: *res\n      replicas: 2\n',
    },
    { name: 'through extends', code: 'services:\n  base:\n    image: x:1\n    mem_limit: 1g\n  web:\n    extends: base\n' },
    { name: 'extends from another file is not guessed', code: 'services:\n  web:\n    extends:\n      file: base.yaml\n      service: web\n' },
    {
      name: 'a reservation-only deploy is not a limit, but a limit elsewhere is',
      code: 'services:\n  web:\n    mem_limit: 1g\n    deploy:\n      resources:\n        reservations:\n          memory: 256M\n',
    },
  ],
  invalid: [
    {
      name: 'mem_limit reset with !reset: no second mem_limit key (a duplicate key is not YAML)',
      code: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: !reset\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: null,
    },
    {
      name: 'no limit: reported at the service key; fix adds mem_limit with a placeholder',
      code: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:8080:80"\n',
      errors: [{ messageId: 'missing', line: 2, column: 3, endColumn: 6, level: 'hint' }],
      fixTitle: 'Add mem_limit: 512m (a placeholder',
      safe: false,
      output: 'services:\n  web:\n    image: nginx:1.27\n    ports:\n      - "127.0.0.1:8080:80"\n    mem_limit: 512m\n',
    },
    {
      name: 'deploy limits without memory: the fix adds it there',
      code: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      fixTitle: 'Add deploy.resources.limits.memory: 512m',
      output: 'services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          cpus: "0.5"\n          memory: 512m\n',
    },
    {
      name: 'a flow service mapping',
      code: 'services:\n  web: {image: nginx:1.27}\n',
      errors: [{ messageId: 'missing', line: 2, column: 3 }],
      output: 'services:\n  web: {image: nginx:1.27, mem_limit: 512m}\n',
    },
    {
      name: 'zero means no limit: reported at the value, no fix',
      code: 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 0\n',
      errors: [{ messageId: 'unlimited', line: 4, column: 16, message: 'sets mem_limit: 0, which means no memory limit' }],
      output: null,
    },
    {
      name: 'a service that is an alias: reported, no fix',
      code: 'x-app: &app\n  image: nginx:1.27\nservices:\n  web: *app\n',
      errors: [{ messageId: 'missing', line: 4, column: 3 }],
      output: null,
    },
  ],
});

describe('DC044 fix output', () => {
  it('parses to a mem_limit on the service', () => {
    const code = 'services:\r\n  web:\r\n    image: nginx:1.27\r\n';
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC044'] });
    const out = applyEdits(code, fixesFor(result, result.findings[0])[0].edits);
    assert.deepEqual(parse(out).services.web, { image: 'nginx:1.27', mem_limit: '512m' });
  });
});

describe('DC044 across the files Compose merges', () => {
  const project: Record<string, string> = {
    '/p/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    mem_limit: 256m\n  worker:\n    extends:\n      file: common.yaml\n      service: worker\n',
    '/p/compose.override.yaml': 'services:\n  web:\n    ports:\n      - "127.0.0.1:8080:80"\n',
    '/p/common.yaml': 'services:\n  worker:\n    image: acme/worker:1\n    mem_limit: 1g\n',
  };
  const files = {
    read: (p: string) => project[p],
    list: (dir: string) => (dir === '/p' ? Object.keys(project).map((p) => p.slice(3)) : undefined),
  };
  const run = (path: string) => lintText(path, project[path], 'compose', { only: ['DC044'], files }).findings.map((f) => f.message.split(' ')[1]);

  it('does not report a service of an override file whose base file sets the limit', () => {
    assert.deepEqual(run('/p/compose.override.yaml'), []);
  });

  it('follows extends into another file', () => {
    assert.deepEqual(run('/p/compose.yaml'), []);
  });
});
