import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-public-admin-ports.js';

const db = (ports: string, image = 'postgres:16') => `services:\n  db:\n    image: ${image}\n    ports:\n${ports}`;

ruleTester(rule, {
  valid: [
    { name: 'bound to loopback', code: db('      - "127.0.0.1:5432:5432"\n') },
    { name: 'bound to a private address', code: db('      - 10.0.0.5:5432:5432\n') },
    { name: 'not published at all: reachable over the Compose network', code: 'services:\n  db:\n    image: postgres:16\n    expose:\n      - "5432"\n' },
    { name: "a web port is DC040's concern", code: db('      - "8080:80"\n', 'nginx:1.27') },
    { name: "host port 5432 serving the container's port 80 is not PostgreSQL", code: db('      - "5432:80"\n', 'nginx:1.27') },
    { name: 'an unknown host part', code: db('      - "${DB_PORT}:5432"\n') },
    { name: 'long syntax on loopback', code: db('      - target: 6379\n        published: 6379\n        host_ip: 127.0.0.1\n', 'redis:7') },
    {
      name: 'an included file whose includer gives it no variables: the default decides',
      path: '/project/db/compose.yaml',
      code: db('      - "${DB_BIND:-127.0.0.1}:5432:5432"\n'),
      files: { '../compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n' },
    },
  ],
  invalid: [
    {
      name: 'an included file is read with the env_file its includer gives it',
      path: '/project/db/compose.yaml',
      code: db('      - "${DB_BIND:-127.0.0.1}:5432:5432"\n'),
      files: {
        '../compose.yaml': 'include:\n  - path: db/compose.yaml\n    env_file: db/prod.env\nservices:\n  web:\n    image: nginx:1.27\n',
        'prod.env': 'DB_BIND=0.0.0.0\n',
      },
      errors: [{ messageId: 'published', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'an included file finds its .env in the project_directory its includer gives it',
      path: '/project/db/compose.yaml',
      code: db('      - "${DB_BIND:-127.0.0.1}:5432:5432"\n'),
      files: {
        '../compose.yaml': 'include:\n  - path: db/compose.yaml\n    project_directory: conf\n',
        '../conf/.env': 'DB_BIND=0.0.0.0\n',
        '.env': 'DB_BIND=127.0.0.1\n',
      },
      errors: [{ messageId: 'published', line: 5, column: 9 }],
      output: null,
    },
    {
      name: 'PostgreSQL on all interfaces; fix binds to loopback',
      code: db('      - "5432:5432"\n'),
      errors: [{ messageId: 'published', line: 5, column: 9, endColumn: 20, level: 'error', message: 'publishes port 5432:5432 (PostgreSQL) on all host interfaces' }],
      fixTitle: 'Bind to 127.0.0.1',
      safe: false,
      output: db('      - "127.0.0.1:5432:5432"\n'),
    },
    {
      name: 'SSH on another host port, judged by the container port',
      code: db('      - 2222:22\n', 'linuxserver/openssh-server:9.7'),
      errors: [{ messageId: 'published', line: 5, column: 9, message: '(SSH)' }],
      output: db('      - 127.0.0.1:2222:22\n', 'linuxserver/openssh-server:9.7'),
    },
    {
      name: 'the Docker API on 0.0.0.0',
      code: db('      - "0.0.0.0:2375:2375"\n', 'docker:27-dind'),
      errors: [{ messageId: 'published', line: 5, column: 9, message: 'the Docker API (no TLS)' }],
      output: db('      - "127.0.0.1:2375:2375"\n', 'docker:27-dind'),
    },
    {
      name: 'a bare container port: random host port, still public',
      code: db('      - "6379"\n', 'redis:7'),
      errors: [{ messageId: 'random', line: 5, column: 9, message: 'container port 6379 (Redis) on a random host port' }],
      output: db('      - "127.0.0.1::6379"\n', 'redis:7'),
    },
    {
      name: 'a range that includes an admin port',
      code: db('      - "9200-9300:9200-9300"\n', 'elasticsearch:8.15.0'),
      errors: [{ messageId: 'published', line: 5, column: 9, message: '(Elasticsearch)' }],
      output: db('      - "127.0.0.1:9200-9300:9200-9300"\n', 'elasticsearch:8.15.0'),
    },
    {
      name: 'long syntax',
      code: db('      - target: 27017\n        published: 27017\n', 'mongo:7'),
      errors: [{ messageId: 'published', line: 5, column: 9, message: 'port 27017:27017 (MongoDB)' }],
      output: db('      - target: 27017\n        published: 27017\n        host_ip: 127.0.0.1\n', 'mongo:7'),
    },
    {
      name: 'IPv6 all interfaces',
      code: db('      - ":::3306:3306"\n', 'mysql:8.4'),
      errors: [{ messageId: 'published', line: 5, column: 9 }],
      output: db('      - "::1:3306:3306"\n', 'mysql:8.4'),
    },
    {
      name: 'from an anchor: at the alias, no fix',
      code: 'x-db-ports: &dbports\n  - "5432:5432"\nservices:\n  db:\n    image: postgres:16\n    ports: *dbports\n',
      errors: [{ messageId: 'published', line: 6, column: 12 }],
      output: null,
    },
  ],
});

describe('DC041 and DC040 together', () => {
  it('gives an admin port one finding, DC041 replacing DC040', () => {
    const code = db('      - "5432:5432"\n      - "8080:80"\n');
    const codes = lintText('compose.yaml', code, 'compose', { only: ['DC040', 'DC041', 'DC042'] }).findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
    assert.deepEqual(codes, ['5 DC041', '6 DC040']);
  });

  it('leaves SSH on port 22 to this rule rather than also calling it a privileged port', () => {
    const code = db('      - "22:22"\n', 'alpine:3.20');
    const codes = lintText('compose.yaml', code, 'compose', { only: ['DC040', 'DC041', 'DC042'] }).findings.map((f) => f.code);
    assert.deepEqual(codes, ['DC041']);
  });
});
