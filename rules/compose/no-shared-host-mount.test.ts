import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-shared-host-mount.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    volumes:\n      - ./src:/app\n  db:\n    volumes:\n      - ./db:/var/lib/postgresql/data\n',
    { name: 'a named volume shared on purpose', code: 'services:\n  app:\n    volumes: [static:/app/static]\n  nginx:\n    volumes: [static:/usr/share/nginx/html]\nvolumes:\n  static: {}\n' },
    { name: 'read-only everywhere', code: 'services:\n  a:\n    volumes: [./conf:/conf:ro]\n  b:\n    volumes: [./conf:/etc/conf:ro]\n' },
    { name: 'one service mounting a path twice', code: 'services:\n  a:\n    volumes: [./x:/x, ./x:/y]\n' },
    { name: 'a shared socket (an agent, a proxy)', code: 'services:\n  a:\n    volumes: [/run/app.sock:/run/app.sock]\n  b:\n    volumes: [/run/app.sock:/run/app.sock]\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  a:\n    volumes: ["${DIR}:/x"]\n  b:\n    volumes: ["${DIR}:/x"]\n' },
  ],
  invalid: [
    {
      name: 'writable in one, read-only in the other: only the writer is reported',
      code: 'services:\n  builder:\n    volumes:\n      - ./site:/out\n  nginx:\n    volumes:\n      - ./site/:/usr/share/nginx/html:ro\n',
      errors: [{ messageId: 'shared', line: 4, column: 9, level: 'hint', message: 'Service builder can write ./site, which nginx also mounts' }],
      output: null,
    },
    {
      name: 'writable in both',
      code: 'services:\n  web:\n    volumes: [./src:/app]\n  worker:\n    volumes: [./src:/app]\n  beat:\n    volumes: [./src:/app:ro]\n',
      errors: [
        { messageId: 'shared', line: 3, column: 15, message: 'which worker, beat also mount:' },
        { messageId: 'shared', line: 5, column: 15 },
      ],
    },
    {
      name: 'shared through an anchor: reported at each alias',
      code: 'x-code: &code\n  volumes: [./src:/app]\nservices:\n  web:\n    <<: *code\n  worker:\n    <<: *code\n',
      errors: [
        { messageId: 'shared', line: 5, column: 9 },
        { messageId: 'shared', line: 7, column: 9 },
      ],
    },
  ],
});

describe('DC027 related information', () => {
  it('points at the other services\' mounts', () => {
    const code = 'services:\n  a:\n    volumes: [/srv/x:/x]\n  b:\n    volumes:\n      - /srv/x:/y:ro\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC027'] }).findings;
    assert.deepEqual(f.related.map((r) => [r.range.start.line, r.message]), [[5, 'b mounts /srv/x read-only here']]);
  });
});
