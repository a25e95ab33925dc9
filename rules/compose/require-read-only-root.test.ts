import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-read-only-root.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n    read_only: true\n    tmpfs: [/tmp]\n',
    { name: 'yes and quoted true', code: 'services:\n  a:\n    read_only: yes\n  b:\n    read_only: "true"\n' },
    { name: 'merged from an anchor', code: 'x-h: &h\n  read_only: true\nservices:\n  web:\n    <<: *h\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    read_only: ${READ_ONLY}\n' },
    { name: 'a default that is true', code: 'services:\n  web:\n    read_only: ${READ_ONLY:-true}\n' },
  ],
  invalid: [
    {
      name: 'not set: read_only and a tmpfs for /tmp',
      code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n  db:\n    image: postgres\n    read_only: true\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3, level: 'hint', message: 'Service web has a writable root filesystem' }],
      fixTitle: 'Set read_only: true with a tmpfs at /tmp',
      safe: false,
      output:
        'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n    read_only: true\n    tmpfs:\n      - /tmp\n  db:\n    image: postgres\n    read_only: true\n',
    },
    {
      name: 'an existing tmpfs list gets /tmp',
      code: 'services:\n  web:\n    image: x\n    tmpfs:\n      - /run\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\n  web:\n    image: x\n    tmpfs:\n      - /run\n      - /tmp\n    read_only: true\n',
    },
    {
      name: 'a single tmpfs becomes a list',
      code: 'services:\n  web:\n    tmpfs: /run # pid files\n    image: x\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\n  web:\n    tmpfs: [/run, /tmp] # pid files\n    image: x\n    read_only: true\n',
    },
    {
      name: '/tmp already has a tmpfs or a volume',
      code: 'services:\n  a:\n    tmpfs: ["/tmp:size=64m"]\n  b:\n    volumes: [scratch:/tmp]\nvolumes:\n  scratch: {}\n',
      errors: [
        { messageId: 'notSet', line: 2, column: 3 },
        { messageId: 'notSet', line: 4, column: 3 },
      ],
      fixes: [
        {
          title: 'Set read_only: true',
          safe: false,
          output: 'services:\n  a:\n    tmpfs: ["/tmp:size=64m"]\n    read_only: true\n  b:\n    volumes: [scratch:/tmp]\nvolumes:\n  scratch: {}\n',
        },
        {
          title: 'Set read_only: true',
          safe: false,
          output: 'services:\n  a:\n    tmpfs: ["/tmp:size=64m"]\n  b:\n    volumes: [scratch:/tmp]\n    read_only: true\nvolumes:\n  scratch: {}\n',
        },
      ],
    },
    {
      name: 'read_only: false is set to true',
      code: 'services:\n  web:\n    read_only: false # legacy\n    image: x\n',
      errors: [{ messageId: 'disabled', line: 3, column: 5, endColumn: 14 }],
      output: 'services:\n  web:\n    read_only: true # legacy\n    image: x\n    tmpfs:\n      - /tmp\n',
    },
    {
      name: 'a merged false: reported at the alias, overridden in the service',
      code: 'x-dev: &dev\n  read_only: false\nservices:\n  web:\n    <<: *dev\n    image: x\n    tmpfs: [/tmp]\n',
      errors: [{ messageId: 'disabled', line: 5, column: 9 }],
      output: 'x-dev: &dev\n  read_only: false\nservices:\n  web:\n    <<: *dev\n    image: x\n    tmpfs: [/tmp]\n    read_only: true\n',
    },
    {
      name: 'flow mapping',
      code: 'services:\n  web: {image: x}\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\n  web: {image: x, read_only: true, tmpfs: [/tmp]}\n',
    },
    {
      name: 'CRLF without a final line break',
      code: 'services:\r\n  web:\r\n    image: x',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\r\n  web:\r\n    image: x\r\n    read_only: true\r\n    tmpfs:\r\n      - /tmp',
    },
  ],
});

describe('DC030 fix structure', () => {
  const fixed = (code: string) => {
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC030'] });
    const [fix] = fixesFor(result, result.findings[0]);
    return parseDocument(applyEdits(code, fix.edits)).toJS();
  };

  it('re-parses to read_only: true with /tmp on tmpfs', () => {
    const web = fixed('services:\n  web:\n    image: x\n    tmpfs:\n    - /run\n').services.web;
    assert.equal(web.read_only, true);
    assert.deepEqual(web.tmpfs, ['/run', '/tmp']);
  });

  it('re-parses a fixed flow mapping and a fixed false', () => {
    assert.deepEqual(fixed('services:\n  web: {image: x}\n').services.web, { image: 'x', read_only: true, tmpfs: ['/tmp'] });
    const web = fixed('services:\n  web:\n    read_only: "no"\n').services.web;
    assert.deepEqual(web, { read_only: true, tmpfs: ['/tmp'] });
  });
});
