import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './require-explicit-networks.js';

ruleTester(rule, {
  valid: [
    { name: 'a single service has nobody to be separated from', code: 'services:\n  web:\n    image: nginx:1.27\n' },
    {
      name: 'every service names its networks',
      code: 'services:\n  web:\n    image: nginx:1.27\n    networks: [front, back]\n  db:\n    image: postgres:16\n    networks:\n      - back\nnetworks:\n  front: {}\n  back:\n    internal: true\n',
    },
    {
      name: 'one service on the default network, the other on host networking',
      code: 'services:\n  web:\n    image: nginx:1.27\n  agent:\n    image: prom/node-exporter:v1.8.2\n    network_mode: host\n',
    },
    { name: 'networks from an anchor', code: 'x-net: &net\n  networks: [back]\nservices:\n  a:\n    <<: *net\n    image: x:1\n  b:\n    <<: *net\n    image: y:1\n' },
    { name: 'networks through extends', code: 'services:\n  base:\n    image: x:1\n    networks: [back]\n  worker:\n    extends: base\n' },
    {
      name: 'extends from another file is not guessed',
      code: 'services:\n  a:\n    image: x:1\n    networks: [back]\n  b:\n    extends:\n      file: common.yaml\n      service: b\n',
    },
  ],
  invalid: [
    {
      name: 'two services on the default network, each reported at its key',
      code: 'services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n',
      errors: [
        { messageId: 'defaultNetwork', line: 2, column: 3, endColumn: 6, level: 'hint', message: 'shares the default network with db' },
        { messageId: 'defaultNetwork', line: 4, column: 3, message: 'with web' },
      ],
      output: null,
    },
    {
      name: 'only the services without networks',
      code: 'services:\n  web:\n    image: nginx:1.27\n    networks: [front]\n  api:\n    image: api:1\n  db:\n    image: postgres:16\n',
      errors: [
        { messageId: 'defaultNetwork', line: 5, column: 3 },
        { messageId: 'defaultNetwork', line: 7, column: 3 },
      ],
    },
    {
      name: 'many others are summarised',
      code: 'services:\n  a: {image: a:1}\n  b: {image: b:1}\n  c: {image: c:1}\n  d: {image: d:1}\n  e: {image: e:1}\n',
      errors: [
        { messageId: 'defaultNetwork', line: 2, column: 3, message: 'with b, c, d and 1 more' },
        { messageId: 'defaultNetwork', line: 3, column: 3, message: 'with a, c, d and 1 more' },
        { messageId: 'defaultNetwork', line: 4, column: 3 },
        { messageId: 'defaultNetwork', line: 5, column: 3 },
        { messageId: 'defaultNetwork', line: 6, column: 3, message: 'with a, b, c and 1 more' },
      ],
    },
  ],
});
