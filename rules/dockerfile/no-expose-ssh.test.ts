import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-expose-ssh.js';

ruleTester(rule, {
  valid: [
    'FROM nginx:1.27\nEXPOSE 80 443\n',
    { name: 'port 2222 and 122 are not 22', code: 'FROM alpine:3.20\nEXPOSE 2222 122 22022/tcp\n' },
    { name: 'host port 22 mapped to another container port', code: 'FROM alpine:3.20\nEXPOSE 22:8080\n' },
    { name: 'EXPOSE 22 in a build stage never reaches the image', code: 'FROM debian:12 AS test\nEXPOSE 22\nFROM alpine:3.20\nEXPOSE 8080\n' },
    { name: 'unknown variable', code: 'FROM alpine:3.20\nARG PORT\nEXPOSE $PORT\n' },
    { name: 'ONBUILD with a variable is not resolved against this file', code: 'FROM alpine:3.20\nENV P=22\nONBUILD EXPOSE $P\n' },
    { name: 'half-typed EXPOSE', code: 'FROM alpine:3.20\nEXPOSE\n' },
    'EXPOSE 22\n',
  ],
  invalid: [
    {
      name: 'only port: the whole instruction goes',
      code: 'FROM ubuntu:24.04\nEXPOSE 22\nCMD ["/usr/sbin/sshd", "-D"]\n',
      errors: [{ messageId: 'ssh', line: 2, column: 8, endLine: 2, endColumn: 10, message: 'EXPOSE 22' }],
      fixTitle: 'Remove the EXPOSE of port 22',
      safe: true,
      output: 'FROM ubuntu:24.04\nCMD ["/usr/sbin/sshd", "-D"]\n',
    },
    {
      name: '22/tcp first among others',
      code: 'FROM ubuntu:24.04\nEXPOSE 22/tcp 80\n',
      errors: [{ messageId: 'ssh', line: 2, column: 8 }],
      fixTitle: 'Remove port 22 from EXPOSE',
      output: 'FROM ubuntu:24.04\nEXPOSE 80\n',
    },
    {
      name: 'last in a list, upper-case protocol',
      code: 'FROM ubuntu:24.04\nEXPOSE 80 443 22/TCP',
      errors: [{ messageId: 'ssh', line: 2, column: 15 }],
      output: 'FROM ubuntu:24.04\nEXPOSE 80 443',
    },
    {
      name: 'across line continuations, two SSH ports in one instruction',
      code: 'FROM ubuntu:24.04\nEXPOSE 22 \\\n  8080 \\\n  22/udp\n',
      errors: [
        { messageId: 'ssh', line: 2, column: 8 },
        { messageId: 'ssh', line: 4, column: 3 },
      ],
      fixes: [
        {
          title: 'Remove port 22 from EXPOSE',
          safe: true,
          output: 'FROM ubuntu:24.04\nEXPOSE 8080\n',
        },
        {
          title: 'Remove port 22 from EXPOSE',
          safe: true,
          output: 'FROM ubuntu:24.04\nEXPOSE 8080\n',
        },
      ],
    },
    {
      name: 'host:container mapping to 22, and a port from ENV',
      code: 'FROM alpine:3.20\nENV SSH_PORT=22\nEXPOSE 8080 2222:22 ${SSH_PORT}\n',
      errors: [
        { messageId: 'ssh', line: 3, column: 13 },
        { messageId: 'ssh', line: 3, column: 21 },
      ],
      fixes: [
        {
          title: 'Remove port 22 from EXPOSE',
          safe: true,
          output: 'FROM alpine:3.20\nENV SSH_PORT=22\nEXPOSE 8080\n',
        },
        {
          title: 'Remove port 22 from EXPOSE',
          safe: true,
          output: 'FROM alpine:3.20\nENV SSH_PORT=22\nEXPOSE 8080\n',
        },
      ],
    },
    {
      name: 'inherited from a parent stage of the final stage',
      code: 'FROM debian:12 AS base\nEXPOSE 22\nFROM base\nCMD ["app"]\n',
      errors: [{ messageId: 'ssh', line: 2, column: 8 }],
      output: 'FROM debian:12 AS base\nFROM base\nCMD ["app"]\n',
    },
    {
      name: 'ONBUILD EXPOSE 22',
      code: 'FROM alpine:3.20\nONBUILD EXPOSE 22\n',
      errors: [{ messageId: 'onbuild', line: 2, column: 16 }],
      output: 'FROM alpine:3.20\n',
    },
    {
      name: 'quoted port, CRLF, last line without a line break',
      code: 'FROM alpine:3.20\r\nEXPOSE "22"',
      errors: [{ messageId: 'ssh', line: 2, column: 8 }],
      output: 'FROM alpine:3.20',
    },
  ],
});
