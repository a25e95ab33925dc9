import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-image-digest.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

ruleTester(rule, {
  valid: [
    `services:\n  web:\n    image: nginx:1.27@${DIGEST}\n`,
    { name: 'digest without tag, quoted', code: `services:\n  web:\n    image: "nginx@${DIGEST}"\n` },
    { name: 'built here: image names the build result', code: 'services:\n  app:\n    build: .\n    image: registry.example.com/team/app:dev\n' },
    { name: 'an undefined variable: cannot be known', code: 'services:\n  web:\n    image: nginx:${NGINX_TAG}\n' },
    {
      name: 'a .env that pins a digest decides over the default',
      code: 'services:\n  web:\n    image: nginx:${TAG:-1.27}\n',
      files: { '.env': `TAG=1.27@sha256:${'a'.repeat(64)}\n` },
    },
    { name: 'no image at all', code: 'services:\n  web:\n    command: ["true"]\n' },
    { name: 'not a Compose file', code: 'web:\n  image: nginx\n' },
    { name: 'empty image', code: 'services:\n  web:\n    image: ""\n' },
  ],
  invalid: [
    {
      name: 'a default is what ships',
      code: 'services:\n  web:\n    image: nginx:${TAG:-1.27}\n',
      errors: [{ messageId: 'notPinned', line: 3, column: 12, message: 'nginx:1.27' }],
    },
    {
      name: 'a version tag: reported at the value, hint level, no offline fix',
      code: 'services:\n  web:\n    image: nginx:1.27 # comment\n',
      errors: [{ messageId: 'notPinned', line: 3, column: 12, endLine: 3, endColumn: 22, level: 'hint', message: 'Service web runs nginx:1.27, which is not pinned by digest' }],
      output: null,
    },
    {
      name: 'quoted, untagged, registry with a port',
      code: 'services:\n  a:\n    image: \'redis\'\n  b:\n    image: "127.0.0.1:5000/demo/app:latest"\n',
      errors: [
        { messageId: 'notPinned', line: 3, column: 12, endColumn: 19 },
        { messageId: 'notPinned', line: 5, column: 12, endColumn: 44 },
      ],
    },
    {
      name: 'from an anchor through a merge: reported at the merge, with the anchor as related',
      code: 'x-base: &base\n  image: postgres:16\nservices:\n  db:\n    <<: *base\n',
      errors: [{ messageId: 'notPinned', line: 5, column: 9 }],
    },
    {
      name: 'CRLF',
      code: 'services:\r\n  web:\r\n    image: alpine\r\n',
      errors: [{ messageId: 'notPinned', line: 3, column: 12 }],
    },
  ],
});
