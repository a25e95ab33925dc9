import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-password-in-image.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN useradd -r -s /usr/sbin/nologin app\n',
    { name: 'locking an account', code: 'FROM debian:12\nRUN passwd -l root && usermod -p "!" app\n' },
    { name: 'useradd -p * is a locked account', code: "FROM debian:12\nRUN useradd -p '*' -m app\n" },
    { name: 'build stage only', code: 'FROM debian:12 AS test\nRUN echo "root:test" | chpasswd\nFROM debian:12\nCMD ["true"]\n' },
    { name: 'passwd status', code: 'FROM debian:12\nRUN passwd -S root\n' },
  ],
  invalid: [
    {
      name: 'echo | chpasswd',
      code: 'FROM ubuntu:24.04\nRUN echo "root:Docker!" | chpasswd\n',
      errors: [{ messageId: 'chpasswd', line: 2, column: 27, level: 'error' }],
      output: null,
    },
    {
      name: 'passwd --stdin',
      code: 'FROM rockylinux:9\nRUN echo secret | passwd --stdin app\n',
      errors: [{ messageId: 'passwd', line: 2, column: 19 }],
    },
    {
      name: 'echo | passwd',
      code: 'FROM debian:12\nRUN printf "pw\\npw\\n" | passwd app\n',
      errors: [{ messageId: 'passwd', line: 2, column: 25 }],
    },
    {
      name: 'usermod -p with a generated hash',
      code: 'FROM debian:12\nRUN usermod -p "$(openssl passwd -1 secret)" app\n',
      errors: [{ messageId: 'option', line: 2, column: 13, message: 'usermod -p' }],
    },
    {
      name: 'useradd --password in a stage the final one builds on',
      code: 'FROM debian:12 AS base\nRUN useradd --password "$HASH" -m app\nFROM base\nCMD ["bash"]\n',
      errors: [{ messageId: 'option', line: 2, column: 13 }],
    },
    {
      name: 'chpasswd from a heredoc',
      code: 'FROM debian:12\nRUN chpasswd <<EOF\napp:changeme\nEOF\n',
      errors: [{ messageId: 'chpasswd', line: 2, column: 5 }],
    },
  ],
});
