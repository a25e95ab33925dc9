import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-mutable-image-tag.js';

ruleTester(rule, {
  valid: [
    'services:\n  web:\n    image: nginx:1.27.2\n',
    { name: 'a digest pins whatever the tag says', code: 'services:\n  web:\n    image: nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
    { name: 'a version with a variant', code: 'services:\n  web:\n    image: node:20.17-alpine3.20\n' },
    { name: 'a tag that only contains a channel word inside another word', code: 'services:\n  web:\n    image: acme/app:maintenance-2024\n' },
    { name: 'a variable tag', code: 'services:\n  web:\n    image: nginx:${NGINX_TAG}\n' },
    { name: 'a variable image', code: 'services:\n  web:\n    image: ${IMAGE}\n' },
    { name: 'a .env that pins the image decides over the default', code: 'services:\n  web:\n    image: ${IMAGE:-nginx:latest}\n', files: { '.env': 'IMAGE=nginx:1.27.3\n' } },
    { name: 'with build, image names the built result', code: 'services:\n  app:\n    build: .\n    image: acme/app\n' },
    { name: 'registry with a port, pinned', code: 'services:\n  app:\n    image: localhost:5000/app:1.2.3\n' },
  ],
  invalid: [
    {
      name: 'a default is what ships',
      code: 'services:\n  web:\n    image: ${IMAGE:-nginx:latest}\n',
      errors: [{ messageId: 'mutableTag', line: 3, column: 12 }],
    },
    {
      name: 'no tag',
      code: 'services:\n  web:\n    image: nginx\n',
      errors: [{ messageId: 'noTag', line: 3, column: 12, endColumn: 17, level: 'info', message: 'runs nginx without a tag' }],
      output: null,
    },
    {
      name: 'latest',
      code: 'services:\n  web:\n    image: "nginx:latest"\n',
      errors: [{ messageId: 'mutableTag', line: 3, column: 12, message: 'the tag "latest" moves' }],
    },
    {
      name: 'channel words inside a tag',
      code: 'services:\n  web:\n    image: nginx:stable-alpine\n  node:\n    image: node:lts-slim\n  ci:\n    image: ghcr.io/acme/tool:nightly\n',
      errors: [
        { messageId: 'mutableTag', line: 3, column: 12 },
        { messageId: 'mutableTag', line: 5, column: 12 },
        { messageId: 'mutableTag', line: 7, column: 12 },
      ],
    },
    {
      name: 'a variant-only tag is the newest release on that base',
      code: 'services:\n  web:\n    image: nginx:alpine\n',
      errors: [{ messageId: 'mutableTag', line: 3, column: 12 }],
    },
    {
      name: 'a registry from a variable, no tag',
      code: 'services:\n  web:\n    image: ${REGISTRY}/acme/app\n',
      errors: [{ messageId: 'noTag', line: 3, column: 12, message: '${REGISTRY}/acme/app' }],
    },
    {
      name: 'from an anchor: at the merge alias',
      code: 'x-base: &base\n  image: redis\nservices:\n  cache:\n    <<: *base\n',
      errors: [{ messageId: 'noTag', line: 5, column: 9 }],
    },
  ],
});
