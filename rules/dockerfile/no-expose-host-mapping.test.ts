import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-expose-host-mapping.js';

ruleTester(rule, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443/tcp 53/udp\n',
    { name: 'port range', code: 'FROM alpine:3.20\nEXPOSE 8000-8010\n' },
    { name: 'a default with a colon in ${VAR:-…} is not a mapping', code: 'FROM alpine:3.20\nEXPOSE ${PORT:-8080}\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nARG SPEC\nEXPOSE $SPEC\n' },
    { name: 'half-typed', code: 'FROM alpine:3.20\nEXPOSE\n' },
  ],
  invalid: [
    {
      name: 'host port and container port',
      code: 'FROM node:22\nEXPOSE 8080:3000\n',
      errors: [{ messageId: 'mapping', line: 2, column: 8, endLine: 2, endColumn: 17, message: 'names a host port' }],
      fixTitle: 'Keep only the container port (3000)',
      safe: true,
      output: 'FROM node:22\nEXPOSE 3000\n',
    },
    {
      name: 'IP, host port and protocol, among other ports',
      code: 'FROM node:22\nEXPOSE 80 127.0.0.1:8080:3000/tcp 443\n',
      errors: [{ messageId: 'mapping', line: 2, column: 11, message: 'host IP address' }],
      output: 'FROM node:22\nEXPOSE 80 3000/tcp 443\n',
    },
    {
      name: 'IPv6 address, quoted',
      code: 'FROM node:22\nEXPOSE "[::1]:8080:80"\n',
      errors: [{ messageId: 'mapping', line: 2, column: 8, message: 'docker run -p [::1]:8080:80' }],
      output: 'FROM node:22\nEXPOSE "80"\n',
    },
    {
      name: 'in a build stage too, and through ONBUILD',
      code: 'FROM alpine:3.20 AS dev\nEXPOSE 0.0.0.0:5000:5000\nFROM alpine:3.20\nONBUILD EXPOSE 9000:9000/udp\n',
      errors: [
        { messageId: 'mapping', line: 2, column: 8 },
        { messageId: 'mapping', line: 4, column: 16 },
      ],
      fixes: [
        {
          title: 'Keep only the container port (5000)',
          safe: true,
          output: 'FROM alpine:3.20 AS dev\nEXPOSE 5000\nFROM alpine:3.20\nONBUILD EXPOSE 9000:9000/udp\n',
        },
        {
          title: 'Keep only the container port (9000/udp)',
          safe: true,
          output: 'FROM alpine:3.20 AS dev\nEXPOSE 0.0.0.0:5000:5000\nFROM alpine:3.20\nONBUILD EXPOSE 9000/udp\n',
        },
      ],
    },
    {
      name: 'a mapping from a variable: reported, no fix',
      code: 'FROM alpine:3.20\nENV MAP=8080:80\nEXPOSE $MAP\n',
      errors: [{ messageId: 'mapping', line: 3, column: 8 }],
      output: null,
    },
  ],
});
