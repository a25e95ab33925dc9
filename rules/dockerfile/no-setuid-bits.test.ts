import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-setuid-bits.js';

ruleTester(rule, {
  valid: [
    'FROM debian:12\nRUN chmod +x /usr/local/bin/gosu && gosu nobody true\n',
    { name: 'removing setuid bits', code: 'FROM debian:12\nRUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true\n' },
    { name: 'setgid on a directory made in the same RUN', code: 'FROM debian:12\nRUN mkdir -p /srv/shared && chmod 2775 /srv/shared\n' },
    { name: 'setgid on directories found with -type d', code: 'FROM debian:12\nRUN find /srv -type d -exec chmod g+s {} +\n' },
    { name: 'sticky shared directory', code: 'FROM postgres:16\nRUN chmod 3777 /var/run/postgresql\n' },
    { name: 'three-digit mode', code: 'FROM debian:12\nRUN chmod 755 /app/run\n' },
  ],
  invalid: [
    {
      name: 'chmod u+s',
      code: 'FROM debian:12\nRUN chmod u+s /usr/bin/find\n',
      errors: [{ messageId: 'setId', line: 2, column: 5, endColumn: 14, level: 'warning', message: 'setuid bit' }],
      output: null,
    },
    {
      name: 'chmod 4755',
      code: 'FROM debian:12\nRUN chmod 4755 /usr/local/bin/helper\n',
      errors: [{ messageId: 'setId', line: 2, column: 5 }],
      safe: false,
      output: 'FROM debian:12\nRUN chmod 0755 /usr/local/bin/helper\n',
    },
    {
      name: 'chmod 6755 both bits',
      code: 'FROM debian:12\nRUN chmod 6755 /usr/local/bin/helper\n',
      errors: [{ messageId: 'setId', line: 2, column: 5, message: 'setuid and setgid' }],
      output: 'FROM debian:12\nRUN chmod 0755 /usr/local/bin/helper\n',
    },
    {
      name: 'g+s on a file',
      code: 'FROM debian:12\nRUN chmod g+xs /usr/local/bin/helper\n',
      errors: [{ messageId: 'setId', line: 2, column: 5, message: 'setgid' }],
      output: 'FROM debian:12\nRUN chmod g+x /usr/local/bin/helper\n',
    },
    {
      name: 'install -m 4755',
      code: 'FROM debian:12\nRUN install -m 4755 helper /usr/local/bin/helper\n',
      errors: [{ messageId: 'setId', line: 2, column: 5 }],
      output: 'FROM debian:12\nRUN install -m 0755 helper /usr/local/bin/helper\n',
    },
    {
      name: 'COPY --chmod=4755',
      code: 'FROM debian:12\nCOPY --chmod=4755 helper /usr/local/bin/helper\n',
      errors: [{ messageId: 'setId', line: 2, column: 6 }],
      output: 'FROM debian:12\nCOPY --chmod=0755 helper /usr/local/bin/helper\n',
    },
    {
      name: 'chmod +s (all users) in a heredoc script',
      code: 'FROM debian:12\nRUN <<EOF\nchmod +s /usr/bin/ping\nEOF\n',
      errors: [{ messageId: 'setId', line: 3, column: 1 }],
    },
  ],
});
