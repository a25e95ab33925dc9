import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-git-ssh-trust-bypass.js';

ruleTester(rule, {
  valid: [
    'FROM alpine/git:2.45.2\nRUN git clone --depth 1 https://github.com/example/app.git /src\n',
    { name: 'the setting in an ONBUILD LABEL (not an environment variable)', code: 'FROM debian:12\nONBUILD LABEL note="ssh -o StrictHostKeyChecking=no"\n' },
    { name: 'accept-new still rejects changed keys', code: 'FROM alpine:3.20\nENV GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=accept-new"\n' },
    { name: 'sslVerify true', code: 'FROM alpine:3.20\nRUN git config --global http.sslVerify true\n' },
    {
      name: 'ssh-keyscan checked against a fingerprint',
      code: 'FROM alpine:3.20\nRUN ssh-keyscan github.com > /tmp/gh && ssh-keygen -lf /tmp/gh | grep -q "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s" && cat /tmp/gh >> /etc/ssh/ssh_known_hosts\n',
    },
    { name: 'ssh-keyscan to a file that is not known_hosts', code: 'FROM alpine:3.20\nRUN ssh-keyscan github.com > /tmp/keys.txt\n' },
  ],
  invalid: [
    {
      name: 'git config http.sslVerify false',
      code: 'FROM alpine:3.20\nRUN git config --global http.sslVerify false && git clone https://git.example.com/app.git\n',
      errors: [{ messageId: 'gitSslVerify', line: 2, column: 25, endColumn: 45, level: 'warning' }],
      output: null,
    },
    {
      name: 'git -c http.sslVerify=false',
      code: 'FROM alpine:3.20\nRUN git -c http.sslVerify=false clone https://git.example.com/app.git\n',
      errors: [{ messageId: 'gitSslVerify', line: 2, column: 12 }],
    },
    {
      name: 'per-URL key',
      code: 'FROM alpine:3.20\nRUN git config --system http.https://git.example.com/.sslVerify 0\n',
      errors: [{ messageId: 'gitSslVerify', line: 2, column: 25 }],
    },
    {
      name: 'StrictHostKeyChecking no appended to ssh_config',
      code: 'FROM debian:12\nRUN echo "StrictHostKeyChecking no" >> /etc/ssh/ssh_config\n',
      errors: [{ messageId: 'hostKeyCheck', line: 2, column: 11, endColumn: 35 }],
    },
    {
      name: 'ssh -o in GIT_SSH_COMMAND ENV',
      code: 'FROM debian:12\nENV GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"\n',
      errors: [
        { messageId: 'hostKeyCheck', line: 2, column: 29 },
        { messageId: 'hostKeyCheck', line: 2, column: 57 },
      ],
    },
    {
      name: 'ssh -o in an ONBUILD ENV',
      code: 'FROM debian:12\nONBUILD ENV GIT_SSH_COMMAND="ssh -o StrictHostKeyChecking=no"\n',
      errors: [{ messageId: 'hostKeyCheck', line: 2, column: 37 }],
    },
    {
      name: 'ssh-keyscan into known_hosts',
      code: 'FROM alpine:3.20\nRUN mkdir -p ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts\nRUN --mount=type=ssh git clone git@github.com:example/app.git\n',
      errors: [{ messageId: 'keyscan', line: 2, column: 24 }],
    },
    {
      name: 'ssh config in a heredoc',
      code: 'FROM alpine:3.20\nRUN cat <<EOF >> /root/.ssh/config\nHost *\n  StrictHostKeyChecking no\nEOF\n',
      errors: [{ messageId: 'hostKeyCheck', line: 4, column: 3 }],
    },
  ],
});
