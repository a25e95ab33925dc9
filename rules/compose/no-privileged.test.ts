import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-privileged.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27\n',
    { name: 'privileged: false looks risky but is fine', code: 'services:\n  web:\n    image: nginx\n    privileged: false\n' },
    { name: 'quoted "no"', code: 'services:\n  web:\n    image: nginx\n    privileged: "no"\n' },
    { name: 'an unknown variable is not assumed true', code: 'services:\n  web:\n    image: nginx\n    privileged: ${PRIVILEGED}\n' },
    { name: 'an anchor nobody merges is not a service', code: 'x-debug: &debug\n  privileged: true\nservices:\n  web:\n    image: nginx\n' },
    { name: 'own false overrides a merged true', code: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    privileged: false\n' },
    { name: 'not a Compose file', code: 'privileged: true\n' },
    { name: 'privileged under another key', code: 'services:\n  web:\n    image: nginx\n    labels:\n      privileged: "true"\n' },
    {
      name: 'the override file docker compose up merges turns it off',
      code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    privileged: false\n' },
    },
    {
      name: 'COMPOSE_FILE in .env names the file that turns it off',
      code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
      files: { '.env': 'COMPOSE_FILE=compose.yaml:compose.prod.yaml\n', 'compose.prod.yaml': 'services:\n  web:\n    privileged: false\n' },
    },
    {
      name: 'extends a privileged base in another file and turns it off',
      code: 'services:\n  web:\n    privileged: false\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { 'common.yaml': 'services:\n  base:\n    privileged: true\n' },
    },
    {
      name: 'the override file sets it: the override file reports it, not the base',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    privileged: true\n' },
    },
    { name: 'a variable .env sets to false', code: 'services:\n  web:\n    privileged: ${PRIV:-true}\n', files: { '.env': 'PRIV=false\n' } },
  ],
  invalid: [
    {
      name: 'privileged: true is removed with its comment',
      code: 'services:\n  web:\n    image: docker:27-dind\n    privileged: true  # dind needs it\n    ports:\n      - "2375:2375"\n',
      errors: [{ messageId: 'privileged', line: 4, column: 5, endLine: 4, endColumn: 15, level: 'error', message: 'Service web runs privileged' }],
      fixTitle: 'Remove privileged: true',
      safe: false,
      output: 'services:\n  web:\n    image: docker:27-dind\n    ports:\n      - "2375:2375"\n',
    },
    {
      name: 'yes and quoted "true" count as true; 4-space indentation',
      code: 'services:\n    a:\n        privileged: yes\n        image: x\n    b:\n        image: y\n        privileged: "true"\n',
      errors: [
        { messageId: 'privileged', line: 3, column: 9 },
        { messageId: 'privileged', line: 7, column: 9 },
      ],
      fixes: [
        {
          title: 'Remove privileged: true',
          safe: false,
          output: 'services:\n    a:\n        image: x\n    b:\n        image: y\n        privileged: "true"\n',
        },
        {
          title: 'Remove privileged: true',
          safe: false,
          output: 'services:\n    a:\n        privileged: yes\n        image: x\n    b:\n        image: y\n',
        },
      ],
    },
    {
      name: 'a default that is true',
      code: 'services:\n  web:\n    image: x\n    privileged: ${PRIVILEGED:-true}\n',
      errors: [{ messageId: 'privileged', line: 4, column: 5 }],
      output: 'services:\n  web:\n    image: x\n',
    },
    {
      name: 'last key of a file without a final line break',
      code: 'services:\n  web:\n    image: x\n    privileged: true',
      errors: [{ messageId: 'privileged', line: 4, column: 5 }],
      output: 'services:\n  web:\n    image: x',
    },
    {
      name: 'CRLF',
      code: 'services:\r\n  web:\r\n    privileged: true\r\n    image: x\r\n',
      errors: [{ messageId: 'privileged', line: 3, column: 5 }],
      output: 'services:\r\n  web:\r\n    image: x\r\n',
    },
    {
      name: 'flow mapping service',
      code: 'services:\n  web: {image: x, privileged: true}\n',
      errors: [{ messageId: 'privileged', line: 2, column: 19 }],
      output: 'services:\n  web: {image: x}\n',
    },
    {
      name: 'merged from an anchor: reported at the alias, fixed by a local privileged: false',
      code: 'x-base: &base\n  privileged: true\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: x\n  db:\n    <<: *base\n    image: y\n',
      errors: [
        { messageId: 'privileged', line: 6, column: 9, endLine: 6, endColumn: 14 },
        { messageId: 'privileged', line: 9, column: 9 },
      ],
      fixes: [
        {
          title: 'Set privileged: false for service web',
          safe: false,
          output:
            'x-base: &base\n  privileged: true\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: x\n    privileged: false\n  db:\n    <<: *base\n    image: y\n',
        },
        {
          title: 'Set privileged: false for service db',
          safe: false,
          output:
            'x-base: &base\n  privileged: true\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: x\n  db:\n    <<: *base\n    image: y\n    privileged: false\n',
        },
      ],
    },
    {
      name: 'own true over a merged true: set false instead of removing',
      code: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    privileged: true # again\n',
      errors: [{ messageId: 'privileged', line: 6, column: 5 }],
      output: 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    privileged: false # again\n',
    },
    {
      name: 'a service that is an alias of another: reported at the alias, no fix',
      code: 'services:\n  web: &web\n    image: x\n    privileged: true\n  web2: *web\n',
      errors: [
        { messageId: 'privileged', line: 4, column: 5 },
        { messageId: 'privileged', line: 5, column: 9 },
      ],
      output: 'services:\n  web: &web\n    image: x\n  web2: *web\n',
    },
    {
      name: 'extends a privileged service of another file: at extends, fixed by an own privileged: false',
      code: 'services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: common.yaml\n      service: base\n',
      files: { 'common.yaml': 'services:\n  base:\n    privileged: true\n' },
      errors: [{ messageId: 'privileged', line: 4, column: 5, endLine: 4, endColumn: 12 }],
      fixTitle: 'Set privileged: false for service web',
      output: 'services:\n  web:\n    image: nginx:1.27\n    extends:\n      file: common.yaml\n      service: base\n    privileged: false\n',
    },
    {
      name: 'an override file that leaves privileged alone',
      code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
      files: { 'compose.override.yaml': 'services:\n  web:\n    read_only: true\n' },
      errors: [{ messageId: 'privileged', line: 4, column: 5 }],
      output: 'services:\n  web:\n    image: nginx:1.27\n',
    },
    {
      name: 'the override file reports what it sets itself',
      filename: 'compose.override.yaml',
      code: 'services:\n  web:\n    privileged: true\n',
      files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: false\n' },
      errors: [{ messageId: 'privileged', line: 3, column: 5 }],
      output: 'services:\n  web:\n    privileged: false\n',
    },
    {
      name: 'COMPOSE_FILE leaves out the default override that would turn it off',
      code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n',
      files: { '.env': 'COMPOSE_FILE=compose.yaml\n', 'compose.override.yaml': 'services:\n  web:\n    privileged: false\n' },
      errors: [{ messageId: 'privileged', line: 4, column: 5 }],
      output: 'services:\n  web:\n    image: nginx:1.27\n',
    },
    {
      name: 'a variable .env sets to true',
      code: 'services:\n  web:\n    privileged: ${PRIV}\n',
      files: { '.env': 'PRIV=true\n' },
      errors: [{ messageId: 'privileged', line: 3, column: 5 }],
      output: 'services:\n  web:\n',
    },
    {
      name: 'alias service has no fix of its own',
      code: 'x-dind: &dind\n  image: docker:dind\n  privileged: true\nservices:\n  dind: *dind\n',
      errors: [{ messageId: 'privileged', line: 5, column: 9 }],
      output: null,
    },
  ],
});

describe('DC001 related information', () => {
  it('points a merged finding at the anchor that sets it', () => {
    const text = 'x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n';
    const [f] = lintText('compose.yaml', text, 'compose', { only: ['DC001'] }).findings;
    assert.equal(f.range.start.line, 4);
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 2]],
    );
    assert.match(f.related[0].message, /merged into web/);
  });

  it('has no related information for an own key', () => {
    const [f] = lintText('compose.yaml', 'services:\n  web:\n    privileged: true\n', 'compose', { only: ['DC001'] }).findings;
    assert.deepEqual(f.related, []);
  });
});
