import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-admin-commands-in-run.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends vim-tiny && rm -rf /var/lib/apt/lists/*\n',
    { name: 'editor run in batch mode', code: 'FROM debian:12\nRUN vim +PlugInstall +qall && emacs --batch -l init.el\n' },
    { name: 'ps, free, kill are left alone', code: 'FROM debian:12\nRUN redis-server --daemonize yes && ./seed.sh && kill $(cat /run/redis.pid) && ps aux && free -m\n' },
    { name: 'systemctl that only edits unit files', code: 'FROM fedora:40\nRUN systemctl enable httpd && systemctl mask tmp.mount\n' },
    { name: 'ssh through the build agent mount', code: 'FROM alpine:3.20\nRUN --mount=type=ssh ssh -T git@github.com || true\n' },
    { name: 'words in a heredoc written to a file', code: 'FROM alpine:3.20\nRUN cat <<EOF > /etc/motd\nvim is installed\nEOF\n' },
    { name: 'names as arguments are not commands', code: 'FROM alpine:3.20\nRUN echo service mount ssh && apk add --no-cache openssh-client\n' },
    'FROM alpine:3.20\nRUN\n',
  ],
  invalid: [
    {
      name: 'service start in a build',
      code: 'FROM ubuntu:24.04\nRUN service mysql start && mysql < /init.sql\n',
      errors: [{ messageId: 'service', line: 2, column: 5, endLine: 2, endColumn: 12, message: '`service` starts services' }],
    },
    {
      name: 'interactive editor and top, after sudo, across continuations',
      code: 'FROM ubuntu:24.04\nRUN sudo vim /etc/hosts && \\\n    top\n',
      errors: [
        { messageId: 'interactive', line: 2, column: 10 },
        { messageId: 'interactive', line: 3, column: 5 },
      ],
    },
    {
      name: 'ssh without the agent mount, systemctl start, shutdown',
      code: 'FROM debian:12\nRUN ssh deploy@host ./pull.sh; systemctl start nginx\nRUN shutdown -h now\n',
      errors: [
        { messageId: 'ssh', line: 2, column: 5 },
        { messageId: 'service', line: 2, column: 32 },
        { messageId: 'power', line: 3, column: 5 },
      ],
    },
    {
      name: 'inside sh -c, a heredoc script, and ONBUILD RUN',
      code: 'FROM debian:12\nRUN sh -c "mount -t tmpfs none /mnt"\nRUN <<EOF\nifconfig eth0 up\nEOF\nONBUILD RUN service cron start\n',
      errors: [
        { messageId: 'admin', line: 2, column: 12 },
        { messageId: 'admin', line: 4, column: 1 },
        { messageId: 'service', line: 6, column: 13 },
      ],
    },
  ],
});
