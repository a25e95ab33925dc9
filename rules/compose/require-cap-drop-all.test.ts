import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, fixesFor, lintText } from '../api.js';
import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-cap-drop-all.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx\n    cap_drop: [ALL]\n',
    { name: 'any case, with caps added back', code: 'services:\n  web:\n    image: nginx\n    cap_drop:\n      - all\n    cap_add:\n      - NET_BIND_SERVICE\n' },
    { name: 'merged from an anchor', code: 'x-hard: &hard\n  cap_drop: [ALL]\nservices:\n  web:\n    <<: *hard\n    image: nginx\n' },
    { name: 'a default that is ALL', code: 'services:\n  web:\n    cap_drop: ["${DROP:-ALL}"]\n' },
    { name: 'an unknown variable is not guessed', code: 'services:\n  web:\n    cap_drop: ["${DROP}"]\n' },
    { name: "a privileged service is DC001's", code: 'services:\n  web:\n    image: docker:dind\n    privileged: true\n' },
    { name: 'not a Compose file', code: 'web:\n  image: nginx\n' },
  ],
  invalid: [
    {
      name: 'no cap_drop: reported at the service, fixed by adding one',
      code: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3, endColumn: 6, level: 'hint', message: 'keeps all of Docker' }],
      fixTitle: 'Add cap_drop: [ALL]',
      safe: false,
      output: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n    cap_drop:\n      - ALL\n',
    },
    {
      name: 'CAP_ALL is not a spelling of ALL',
      code: 'services:\n  web:\n    cap_drop:\n    - CAP_ALL\n    - NET_RAW\n',
      errors: [{ messageId: 'notAll', line: 3, column: 5 }],
      output: 'services:\n  web:\n    cap_drop:\n    - CAP_ALL\n    - NET_RAW\n    - ALL\n',
    },
    {
      name: 'flow list gets ALL appended',
      code: 'services:\n  web: {image: x, cap_drop: [NET_RAW]}\n',
      errors: [{ messageId: 'notAll', line: 2, column: 19 }],
      output: 'services:\n  web: {image: x, cap_drop: [NET_RAW, ALL]}\n',
    },
    {
      name: 'flow service without cap_drop',
      code: 'services:\n  web: {image: x}\n',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\n  web: {image: x, cap_drop: [ALL]}\n',
    },
    {
      name: 'a merged cap_drop without ALL: reported at the alias, fixed with an own key',
      code: 'x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n    image: x\n',
      errors: [{ messageId: 'notAll', line: 5, column: 9 }],
      output: 'x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n    image: x\n    cap_drop:\n      - ALL\n',
    },
    {
      name: 'CRLF and no final line break',
      code: 'services:\r\n  web:\r\n    image: x',
      errors: [{ messageId: 'notSet', line: 2, column: 3 }],
      output: 'services:\r\n  web:\r\n    image: x\r\n    cap_drop:\r\n      - ALL',
    },
    {
      name: 'a service that is an alias gets no fix',
      code: 'x-s: &s {image: x}\nservices:\n  web: *s\n',
      errors: [{ messageId: 'notSet', line: 3, column: 3 }],
      output: null,
    },
  ],
});

describe('DC010 fix structure', () => {
  it('re-parses to a service whose cap_drop is [ALL] and keeps cap_add', () => {
    const code = 'services:\n  web:\n    image: x\n    cap_add: [NET_BIND_SERVICE] # port 80\n';
    const result = lintText('compose.yaml', code, 'compose', { only: ['DC010'] });
    const [fix] = fixesFor(result, result.findings[0]);
    const web = parseDocument(applyEdits(code, fix.edits)).toJS().services.web;
    assert.deepEqual(web.cap_drop, ['ALL']);
    assert.deepEqual(web.cap_add, ['NET_BIND_SERVICE']);
  });

  it('points a merged cap_drop at the anchor', () => {
    const code = 'x-base: &base\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *base\n';
    const [f] = lintText('compose.yaml', code, 'compose', { only: ['DC010'] }).findings;
    assert.deepEqual(
      f.related.map((r) => [r.range.start.line, r.range.start.character]),
      [[1, 2]],
    );
  });
});
