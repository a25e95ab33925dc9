import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-ssh-server.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get install -y --no-install-recommends openssh-client git\n',
    { name: 'ssh client on alpine', code: 'FROM alpine:3.20\nRUN apk add --no-cache openssh-client-default\n' },
    { name: 'server only in a build stage', code: 'FROM debian:12 AS test\nRUN apt-get install -y openssh-server\nFROM debian:12-slim\nCMD ["app"]\n' },
    { name: 'ssh client command in CMD', code: 'FROM alpine:3.20\nCMD ["ssh", "-N", "tunnel@example.com"]\n' },
    { name: 'CMD overridden in the final stage', code: 'FROM debian:12 AS base\nCMD ["/usr/sbin/sshd", "-D"]\nFROM base\nCMD ["app"]\n' },
  ],
  invalid: [
    {
      name: 'openssh-server with other packages',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y openssh-server curl\n',
      errors: [{ messageId: 'install', line: 2, column: 42, level: 'warning' }],
      safe: false,
      output: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'alpine openssh metapackage',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache openssh\n',
      errors: [{ messageId: 'install', line: 2, column: 24 }],
      output: null,
    },
    {
      name: 'dropbear, and sshd in exec-form CMD: no fix (the image would not start without dropbear)',
      code: 'FROM alpine:3.20\nRUN apk add --no-cache dropbear bash\nCMD ["/usr/sbin/dropbear", "-F", "-E"]\n',
      errors: [
        { messageId: 'install', line: 2, column: 24 },
        { messageId: 'start', line: 3, column: 6 },
      ],
      output: null,
    },
    {
      name: 'service ssh start in shell-form ENTRYPOINT',
      code: 'FROM debian:12\nENTRYPOINT service ssh start && exec app\n',
      errors: [{ messageId: 'start', line: 2, column: 12, message: 'ENTRYPOINT' }],
    },
    {
      name: 'sshd inside sh -c, inherited CMD',
      code: 'FROM debian:12 AS base\nCMD ["sh", "-c", "/usr/sbin/sshd && exec app"]\nFROM base\nRUN true\n',
      errors: [{ messageId: 'start', line: 2, column: 19 }],
    },
    {
      name: 'systemctl enable ssh',
      code: 'FROM ubuntu:24.04\nRUN systemctl enable ssh\n',
      errors: [{ messageId: 'start', line: 2, column: 5 }],
    },
  ],
});
