import { ruleTester } from '../../test/support/rule-tester.js';
import rule from './no-world-writable.js';

ruleTester(rule, {
  valid: [
    {
      name: 'a scratch folder opened to every user and deleted at the end of the same RUN',
      code: 'FROM debian:12\nRUN tempDir="$(mktemp -d)" && chmod 777 "$tempDir" \\\n    && (cd "$tempDir" && make) \\\n    && rm -rf "$tempDir"\n',
    },
    'FROM alpine:3.20\nRUN chmod 755 /usr/local/bin/entrypoint.sh\n',
    { name: 'sticky shared directory like /tmp', code: 'FROM postgres:16\nRUN mkdir -p /var/run/postgresql && chmod 3777 /var/run/postgresql\n' },
    { name: '1777 on a data directory', code: 'FROM debian:12\nRUN mkdir -p /data && chmod 1777 /data\n' },
    { name: 'group write for arbitrary UIDs (OpenShift)', code: 'FROM debian:12\nRUN chgrp -R 0 /app && chmod -R g=u /app && chmod -R 775 /app\n' },
    { name: '+w follows the umask', code: 'FROM debian:12\nRUN chmod +w /app/config.json\n' },
    { name: 'removing write', code: 'FROM debian:12\nRUN chmod -R o-w /app && chmod a-w /etc/app.conf\n' },
    { name: 'a+rwxt is sticky', code: 'FROM debian:12\nRUN chmod a+rwxt /scratch\n' },
  ],
  invalid: [
    {
      name: 'deleted in a later RUN: the mode stays in the earlier layer',
      code: 'FROM debian:12\nRUN mkdir /work && chmod 777 /work\nRUN rm -rf /work\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 20 }],
      output: 'FROM debian:12\nRUN mkdir /work && chmod 775 /work\nRUN rm -rf /work\n',
    },
    {
      name: 'chmod -R 777',
      code: 'FROM node:20\nRUN chmod -R 777 /app\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 5, endColumn: 17, level: 'warning' }],
      safe: false,
      output: 'FROM node:20\nRUN chmod -R 775 /app\n',
    },
    {
      name: 'chmod 666 on a file',
      code: 'FROM debian:12\nRUN touch /var/log/app.log && chmod 0666 /var/log/app.log\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 31 }],
      output: 'FROM debian:12\nRUN touch /var/log/app.log && chmod 0664 /var/log/app.log\n',
    },
    {
      name: 'a+rwx symbolic',
      code: 'FROM debian:12\nRUN chmod a+rwx /srv\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 5 }],
      output: 'FROM debian:12\nRUN chmod a+rx,ug+w /srv\n',
    },
    {
      name: 'o+w alone: no fix',
      code: 'FROM debian:12\nRUN chmod o+w /srv\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 5 }],
      output: null,
    },
    {
      name: 'mkdir -m 777',
      code: 'FROM debian:12\nRUN mkdir -p -m 777 /cache\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 5 }],
      output: 'FROM debian:12\nRUN mkdir -p -m 775 /cache\n',
    },
    {
      name: 'COPY --chmod=777',
      code: 'FROM alpine:3.20\nCOPY --chmod=777 run.sh /run.sh\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 6 }],
      output: 'FROM alpine:3.20\nCOPY --chmod=775 run.sh /run.sh\n',
    },
    {
      name: 'find -exec chmod 777',
      code: 'FROM debian:12\nRUN find /app -type f -exec chmod 777 {} +\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 23 }],
      output: 'FROM debian:12\nRUN find /app -type f -exec chmod 775 {} +\n',
    },
    {
      name: 'chmod 777 /tmp without the sticky bit: the fix adds it (775 would lock other users out of /tmp)',
      code: 'FROM debian:12\nRUN chmod 777 /tmp\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 5 }],
      fixTitle: 'Use mode 1777 (the sticky bit of a shared temp directory)',
      output: 'FROM debian:12\nRUN chmod 1777 /tmp\n',
    },
    {
      name: 'a temp directory among other targets: no write for others',
      code: 'FROM debian:12\nRUN chmod 777 /var/tmp/ /app\n',
      errors: [{ messageId: 'worldWritable', line: 2, column: 5 }],
      output: 'FROM debian:12\nRUN chmod 775 /var/tmp/ /app\n',
    },
  ],
});
